// A paired comparison of two scenarios on common seeds: replication r of A and of B run with
// the same seed, so the difference B - A per replication cancels much of the noise. Per
// metric: A's and B's statistics, the difference's, and a plain verdict. Pure functions;
// thread-safe.
#ifndef VMSIM_SIM_SWEEP_COMPARE_H_
#define VMSIM_SIM_SWEEP_COMPARE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vmsim::sim {

struct CompareInput {
  std::string a_file, b_file;
  std::vector<uint64_t> seeds;       // one per replication
  std::vector<std::string> metrics;  // JSON pointers (replications.h MetricValue)
};

// The verdict on a difference's 95% confidence interval: "no difference" when it holds 0,
// "B is higher" / "B is lower" when it lies above / below 0, "not measured" when no
// replication has the metric in both runs.
std::string CompareVerdict(int64_t n, double ci_low, double ci_high);

// compare.json: {"a", "b", "replications", "seeds", "metrics": {pointer: {"a": StatsJson,
// "b": StatsJson, "difference": StatsJson of B - A over the replications that have the metric
// in both, "verdict"}}}. REQUIRES: a and b hold one record per seed, in seed order.
nlohmann::ordered_json Compare(const CompareInput& input,
                               const std::vector<nlohmann::ordered_json>& a,
                               const std::vector<nlohmann::ordered_json>& b);

// A table for the terminal: metric, A mean, B mean, difference [95% CI], verdict.
std::string CompareTable(const nlohmann::ordered_json& comparison);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SWEEP_COMPARE_H_
