// Heap bytes per VM host and per live VM (malloc's count of bytes in use, before and after),
// reported as counters: FakeMaas plus the client's inventory for hosts, FakeMaas plus the
// simulator's record of each VM (its spec and ids) for VMs.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include "bench/bench_fleet.h"
#include "core/client_extensions.h"
#include "core/clock.h"
#include "core/lxd_service.h"
#include "fakes/fake_maas.h"

namespace vmsim {
namespace {

size_t HeapInUse() { return mallinfo2().uordblks; }

void BM_MemoryPerHost(benchmark::State& state) {
  const int hosts = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const size_t before = HeapInUse();
    core::ManualClock clock;
    auto maas = std::make_unique<fakes::FakeMaas>(clock);
    for (int i = 0; i < hosts; ++i) (void)maas->AddVMHost(bench::W1Host(i));
    core::ClientExtensions ext(*maas);
    core::HostInventory inventory(ext.VMHosts(), clock, core::Duration::Hours(1));
    (void)inventory.Refresh();
    state.counters["bytes_per_host"] = static_cast<double>(HeapInUse() - before) / hosts;
  }
}
BENCHMARK(BM_MemoryPerHost)->Arg(10000)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_MemoryPerLiveVM(benchmark::State& state) {
  const int vms = static_cast<int>(state.range(0));
  for (auto _ : state) {
    core::ManualClock clock;
    fakes::FakeMaas maas(clock);
    for (int i = 0; i < 1000; ++i) (void)maas.AddVMHost(bench::W1Host(i));
    core::ClientExtensions ext(maas);
    core::LxdService service(ext.VMHosts(), clock, {});
    lxd::VMSpec spec;
    spec.cores = 1;
    spec.memory = 2048;
    spec.disks = {{"20GB", ""}};
    struct Record {  // what the simulator keeps per live VM
      lxd::VMSpec spec;
      std::string host_id, system_id, zone;
    };
    std::vector<Record> live;
    live.reserve(static_cast<size_t>(vms));
    const size_t before = HeapInUse();
    for (int i = 0; i < vms; ++i) {
      spec.hostname = "vm-" + std::to_string(i);
      auto vm = service.ComposeVM(spec, {});
      if (!vm.ok()) {
        state.SkipWithError(vm.status().ToString().c_str());
        break;
      }
      live.push_back({spec, vm->host_id, vm->system_id, vm->failure_domain});
    }
    state.counters["bytes_per_vm"] = static_cast<double>(HeapInUse() - before) / vms;
  }
}
BENCHMARK(BM_MemoryPerLiveVM)->Arg(10000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vmsim
