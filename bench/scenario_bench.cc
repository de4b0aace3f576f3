// End-to-end throughput: the standard workload W1 (scenarios/bench-w1-*.json) through the
// whole path: workload, LxdService, placement, adapters, FakeMaas, metrics. Arrivals are
// capped per benchmark run (the shipped files ask for 1,000,000) so a run takes seconds;
// requests/s is what matters. Also reports peak memory.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "sim/engine/simulator.h"
#include "sim/scenario/scenario.h"

namespace vmsim::sim {
namespace {

void BM_ScenarioW1(benchmark::State& state, const char* file, int64_t arrivals) {
  const char* root = std::getenv("VMSIM_SOURCE_DIR");
  auto scenario =
      LoadScenario(std::string(root ? root : VMSIM_SOURCE_DIR_DEFAULT) + "/scenarios/" + file);
  if (!scenario.ok()) {
    state.SkipWithError(scenario.status().message().c_str());
    return;
  }
  for (auto& w : scenario->workloads) w.arrival.max_arrivals = arrivals;
  int64_t requests = 0;
  for (auto _ : state) {
    auto out = RunScenario(*scenario, {});
    if (!out.ok()) state.SkipWithError(out.status().message().c_str());
    requests += out->summary["requests"]["requested"].get<int64_t>();
    state.counters["peak_rss_mib"] = out->summary["run"]["peak_rss_mib"].get<double>();
  }
  state.SetItemsProcessed(requests);
}
BENCHMARK_CAPTURE(BM_ScenarioW1, 1k_hosts, "bench-w1-1k.json", 200000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ScenarioW1, 100k_hosts, "bench-w1-100k.json", 200000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace vmsim::sim
