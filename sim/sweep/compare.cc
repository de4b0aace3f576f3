#include "sim/sweep/compare.h"

#include <cstdio>

#include "sim/sweep/replications.h"
#include "sim/sweep/stats.h"
#include "sim/sweep/sweep_results.h"

namespace vmsim::sim {

using Json = nlohmann::ordered_json;

std::string CompareVerdict(int64_t n, double ci_low, double ci_high) {
  if (n == 0) return "not measured";
  if (ci_low <= 0 && ci_high >= 0) return "no difference";
  return ci_low > 0 ? "B is higher" : "B is lower";
}

Json Compare(const CompareInput& input, const std::vector<Json>& a, const std::vector<Json>& b) {
  Json metrics = Json::object();
  for (const auto& m : input.metrics) {
    std::vector<double> av, bv, diff;
    for (size_t r = 0; r < a.size(); ++r) {
      const auto x = MetricValue(a[r], m), y = MetricValue(b[r], m);
      if (x) av.push_back(*x);
      if (y) bv.push_back(*y);
      if (x && y) diff.push_back(*y - *x);
    }
    const SampleStats d = Describe(diff);
    metrics[m] = {{"a", StatsJson(Describe(av))},
                  {"b", StatsJson(Describe(bv))},
                  {"difference", StatsJson(d)},
                  {"verdict", CompareVerdict(d.n, d.ci_low, d.ci_high)}};
  }
  return {{"a", input.a_file},
          {"b", input.b_file},
          {"replications", input.seeds.size()},
          {"seeds", input.seeds},
          {"metrics", metrics}};
}

std::string CompareTable(const Json& comparison) {
  std::string out =
      "A: " + comparison["a"].get<std::string>() + "\nB: " + comparison["b"].get<std::string>() +
      "\n" + std::to_string(comparison["replications"].get<size_t>()) +
      " replications on common seeds; difference = B - A, 95% confidence interval\n\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-36s %12s %12s %30s  %s\n", "metric", "A mean", "B mean",
                "difference [95% CI]", "verdict");
  out += line;
  for (const auto& [metric, m] : comparison["metrics"].items()) {
    const auto& d = m["difference"];
    char interval[128];
    std::snprintf(interval, sizeof interval, "%.4g [%.4g, %.4g]", d["mean"].get<double>(),
                  d["ci95_low"].get<double>(), d["ci95_high"].get<double>());
    std::snprintf(line, sizeof line, "%-36s %12.4g %12.4g %30s  %s\n", metric.c_str(),
                  m["a"]["mean"].get<double>(), m["b"]["mean"].get<double>(), interval,
                  m["verdict"].get<std::string>().c_str());
    out += line;
  }
  return out;
}

}  // namespace vmsim::sim
