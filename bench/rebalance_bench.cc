// The cost of one rebalancing look (PlanRebalance, 4 moves) on fragmented fleets of 100 to
// 10,000 W1-shaped hosts, each filled with a random mix of memory-heavy (2 cores, 12 GiB) and
// CPU-heavy (6 cores, 2 GiB) VMs until neither fits, so that many hosts strand capacity.
#include <benchmark/benchmark.h>

#include "bench/bench_fleet.h"
#include "core/rebalance.h"

namespace vmsim::core {
namespace {

struct Fragmented {
  std::vector<VMHost> hosts;
  std::vector<MovableVM> vms;
};

Fragmented FragmentedFleet(int n) {
  Rng rng(7);
  Fragmented f;
  PlacementRequest memory_heavy, cpu_heavy;
  memory_heavy.cores = 2;
  memory_heavy.memory = 12 * 1024;
  cpu_heavy.cores = 6;
  cpu_heavy.memory = 2 * 1024;
  for (int i = 0; i < n; ++i) {
    VMHost h = bench::W1VMHost(i, rng);
    h.used = {};  // start empty
    h.available = h.total;
    h.storage_pools[0].used = 0;
    h.storage_pools[0].available = h.storage_pools[0].total;
    for (int tries = 0; tries < 8; ++tries) {
      const PlacementRequest& r = rng.UniformInt(0, 1) == 0 ? memory_heavy : cpu_heavy;
      if (!Fits(h, r)) continue;
      AccountVM(h, r, +1);
      f.vms.push_back({h.id, r});
    }
    f.hosts.push_back(std::move(h));
  }
  return f;
}

void BM_PlanRebalance(benchmark::State& state, RebalanceGoal goal) {
  const Fragmented f = FragmentedFleet(static_cast<int>(state.range(0)));
  size_t moves = 0;
  for (auto _ : state) {
    const RebalancePlan plan = PlanRebalance(f.hosts, f.vms, goal, {4, 8192}, 4);
    moves = plan.moves.size();
    benchmark::DoNotOptimize(plan);
  }
  state.counters["vms"] = static_cast<double>(f.vms.size());
  state.counters["moves"] = static_cast<double>(moves);
}
BENCHMARK_CAPTURE(BM_PlanRebalance, Stranded, RebalanceGoal::kStranded)
    ->RangeMultiplier(10)
    ->Range(100, 10000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PlanRebalance, Zones, RebalanceGoal::kZones)
    ->RangeMultiplier(10)
    ->Range(100, 10000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vmsim::core
