// A scenario's `expect` section: named checks on the run's summary.json (a JSON pointer, a
// comparison, a value), which `vmsim check` evaluates and reports. Metric thresholds,
// invariants and "sometimes" coverage are all this one form. Pure functions; thread-safe.
#ifndef VMSIM_SIM_SCENARIO_EXPECTATIONS_H_
#define VMSIM_SIM_SCENARIO_EXPECTATIONS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vmsim::sim {

struct Expectation {
  std::string name;
  std::string metric;    // a JSON pointer into summary.json, e.g. "/requests/rejection_rate"
  std::string op;        // "==", "!=", "<", "<=", ">", ">="
  nlohmann::json value;  // a number or a boolean
};

struct Verdict {
  const Expectation* expectation = nullptr;
  bool passed = false;
  nlohmann::json observed;       // null when the metric is not in the summary
  std::string Describe() const;  // "observed 3, expected <= 0"
};

// The comparison operators an expectation may use.
bool IsExpectationOp(const std::string& op);

// Evaluates each expectation against `summary`. A missing metric fails.
std::vector<Verdict> Evaluate(const std::vector<Expectation>& expectations,
                              const nlohmann::ordered_json& summary);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SCENARIO_EXPECTATIONS_H_
