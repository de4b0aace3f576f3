// Placement cost per request for each policy at 100 to 100k hosts, over a partly used W1
// fleet. The fleet is not changed between iterations: this measures selection alone.
#include <benchmark/benchmark.h>

#include "bench/bench_fleet.h"
#include "core/placement.h"

namespace vmsim::core {
namespace {

void BM_ChooseHost(benchmark::State& state, PlacementPolicy policy) {
  Rng rng(1);
  std::vector<VMHost> hosts;
  for (int i = 0; i < state.range(0); ++i) hosts.push_back(bench::W1VMHost(i, rng));
  std::vector<PlacementRequest> requests;
  for (int i = 0; i < 1024; ++i) requests.push_back(bench::W1Request(rng));
  size_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ChooseHost(hosts, requests[k++ & 1023], policy));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_ChooseHost, FirstFit, PlacementPolicy::kFirstFit)->RangeMultiplier(10)->Range(100, 100000);
BENCHMARK_CAPTURE(BM_ChooseHost, BestFit, PlacementPolicy::kBestFit)->RangeMultiplier(10)->Range(100, 100000);
BENCHMARK_CAPTURE(BM_ChooseHost, WorstFit, PlacementPolicy::kWorstFit)->RangeMultiplier(10)->Range(100, 100000);
BENCHMARK_CAPTURE(BM_ChooseHost, SeedOptimal, PlacementPolicy::kSeedOptimal)->RangeMultiplier(10)->Range(100, 100000);

}  // namespace
}  // namespace vmsim::core
