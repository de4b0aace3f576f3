// Placement cost per request for each policy at 100 to 100k hosts, over a partly used W1
// fleet: the linear reference (ChooseHost) and the HostIndex the client uses, which also
// pays for keeping its index current (one Update per placement).
#include <benchmark/benchmark.h>

#include "bench/bench_fleet.h"
#include "core/host_index.h"
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
BENCHMARK_CAPTURE(BM_ChooseHost, FirstFit, PlacementPolicy::kFirstFit)
    ->RangeMultiplier(10)
    ->Range(100, 100000);
BENCHMARK_CAPTURE(BM_ChooseHost, BestFit, PlacementPolicy::kBestFit)
    ->RangeMultiplier(10)
    ->Range(100, 100000);
BENCHMARK_CAPTURE(BM_ChooseHost, WorstFit, PlacementPolicy::kWorstFit)
    ->RangeMultiplier(10)
    ->Range(100, 100000);
BENCHMARK_CAPTURE(BM_ChooseHost, SeedOptimal, PlacementPolicy::kSeedOptimal)
    ->RangeMultiplier(10)
    ->Range(100, 100000);

void BM_HostIndex(benchmark::State& state, PlacementPolicy policy) {
  Rng rng(1);
  std::vector<VMHost> hosts;
  for (int i = 0; i < state.range(0); ++i) hosts.push_back(bench::W1VMHost(i, rng));
  HostIndex index;
  index.Rebuild(hosts);
  std::vector<PlacementRequest> requests;
  for (int i = 0; i < 1024; ++i) requests.push_back(bench::W1Request(rng));
  size_t k = 0;
  for (auto _ : state) {
    const auto& r = requests[k++ & 1023];
    const auto chosen = index.Choose(r, policy);
    if (!chosen) continue;
    // Place it and free the same amount on another host, so the fleet stays partly used.
    VMHost& h = hosts[*chosen];
    h.used.cores += r.cores;
    h.available.cores -= r.cores;
    h.used.memory += r.memory;
    h.available.memory -= r.memory;
    index.Update(*chosen);
    VMHost& other = hosts[(*chosen * 7919 + k) % hosts.size()];
    const int64_t cores = std::min(other.used.cores, r.cores);
    other.used.cores -= cores;
    other.available.cores += cores;
    other.used.memory -= cores * 2048;
    other.available.memory += cores * 2048;
    index.Update(static_cast<size_t>(&other - hosts.data()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_HostIndex, FirstFit, PlacementPolicy::kFirstFit)
    ->RangeMultiplier(10)
    ->Range(100, 100000);
BENCHMARK_CAPTURE(BM_HostIndex, BestFit, PlacementPolicy::kBestFit)
    ->RangeMultiplier(10)
    ->Range(100, 100000);
BENCHMARK_CAPTURE(BM_HostIndex, WorstFit, PlacementPolicy::kWorstFit)
    ->RangeMultiplier(10)
    ->Range(100, 100000);
BENCHMARK_CAPTURE(BM_HostIndex, SeedOptimal, PlacementPolicy::kSeedOptimal)
    ->RangeMultiplier(10)
    ->Range(100, 100000);

}  // namespace
}  // namespace vmsim::core
