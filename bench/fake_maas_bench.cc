// FakeMaas through the client extension: one compose and its decompose per iteration, on a
// 1,000-host W1 fleet (the clock advances so decomposes finish).
#include <benchmark/benchmark.h>

#include "bench/bench_fleet.h"
#include "core/client_extensions.h"
#include "core/clock.h"
#include "fakes/fake_maas.h"

namespace vmsim::fakes {
namespace {

void BM_FakeMaasComposeDecompose(benchmark::State& state) {
  core::ManualClock clock;
  FakeMaas maas(clock, {.seed = 1,
                        .commissioning_duration = [] { return core::Duration(); },
                        .testing_duration = [] { return core::Duration(); },
                        .decompose_delay = [] { return core::Duration(); },
                        .storage_failure_status = 500,
                        .vm_hosts_removed = false});
  for (int i = 0; i < 1000; ++i) (void)maas.AddVMHost(bench::W1Host(i));
  core::ClientExtensions ext(maas);
  core::ComposeVMParams p;
  p.cores = 2;
  p.memory = 4096;
  p.disks = {{"20GB", ""}};
  int64_t host = 0;
  for (auto _ : state) {
    p.vm_host_id = std::to_string(host++ % 1000 + 1);
    auto vm = ext.VMHosts().ComposeVM(p);
    if (!vm.ok()) state.SkipWithError(vm.status().ToString().c_str());
    (void)ext.VMHosts().DecomposeVM(p.vm_host_id, vm->system_id);
    clock.Advance(core::Duration::Micros(1));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FakeMaasComposeDecompose);

}  // namespace
}  // namespace vmsim::fakes
