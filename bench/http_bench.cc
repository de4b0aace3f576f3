// The fake MAAS over HTTP on loopback: compose + delete round trips per second through
// MaasHttpClient and the client extension, with 1 to 16 concurrent clients (each its own
// connection), the server's thread pool serialising calls into the fake.
#include <benchmark/benchmark.h>

#include <atomic>
#include <thread>

#include "core/client_extensions.h"
#include "core/maas_http_client.h"
#include "core/real_clock.h"
#include "fakes/fake_maas.h"
#include "fakes/maas_http_server.h"
#include "fakes/seed_fleet.h"

namespace vmsim::fakes {
namespace {

void BM_HttpComposeDecompose(benchmark::State& state) {
  const int clients = static_cast<int>(state.range(0));
  core::ManualClock clock;
  core::RealClock real;
  FakeMaasOptions options;
  options.decompose_delay = [] { return core::Duration(); };
  FakeMaas maas(clock, options);
  for (int i = 0; i < 30; ++i) {
    FakeHostSpec h = SeedFleet()[0];
    h.name = "h" + std::to_string(i);
    h.existing_vms.clear();
    (void)maas.AddVMHost(h);
  }
  MaasHttpServerOptions server_options;
  server_options.api_key = "a:b:c";
  MaasHttpServer server(maas, real, server_options);
  const int port = server.Bind("127.0.0.1", 0);
  std::thread serving([&] { server.Serve(); });
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/MAAS";
  int64_t round_trips = 0;
  for (auto _ : state) {
    std::atomic<int64_t> done{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&, c] {
        core::RealClock clk;
        auto client = core::MaasHttpClient::Create({url, "a:b:c"}, clk);
        core::ClientExtensions ext(**client);
        for (int i = 0; i < 200; ++i) {
          core::ComposeVMParams p;
          p.vm_host_id = std::to_string(1 + (c * 7 + i) % 30);
          p.cores = 1;
          p.memory = 1024;
          p.zone_id = 1;
          auto vm = ext.VMHosts().ComposeVM(p);
          if (vm.ok() && ext.VMHosts().DecomposeVM(p.vm_host_id, vm->system_id).ok()) ++done;
        }
      });
    }
    for (auto& t : threads) t.join();
    round_trips += done;
  }
  server.Stop();
  serving.join();
  // Each round trip is four HTTP requests: compose, read the machine, read it to delete, delete.
  state.counters["round_trips_per_s"] =
      benchmark::Counter(static_cast<double>(round_trips), benchmark::Counter::kIsRate);
  state.counters["http_requests_per_s"] =
      benchmark::Counter(4.0 * static_cast<double>(round_trips), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HttpComposeDecompose)
    ->Arg(1)
    ->Arg(4)
    ->Arg(16)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace vmsim::fakes
