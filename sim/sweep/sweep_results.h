// A sweep's results from its per-run records: per point and metric the sample statistics over
// the replications, per point and zone the binding resource, and the answer to the sweep's
// search question. results.json and results.csv are functions of (plan, records) only, so a
// sharded run merged gives byte for byte what one run gives. Pure functions; thread-safe.
#ifndef VMSIM_SIM_SWEEP_SWEEP_RESULTS_H_
#define VMSIM_SIM_SWEEP_SWEEP_RESULTS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/sweep/stats.h"
#include "sim/sweep/sweep_spec.h"

namespace vmsim::sim {

// {"n", "mean", "sd", "ci95_low", "ci95_high", "p90", "min", "max"}.
nlohmann::ordered_json StatsJson(const SampleStats& s);

// results.json. `records` are in unit order: point p's replication r at p * R + r.
// REQUIRES: records.size() == plan.Points() * plan.replications.
//
//   {"sweep", "scenario", "vmsim_version", "replications", "seeds": [...], "axes": [...],
//    "metrics": [...],
//    "points": [{"index", "values": {pointer: value}, "metrics": {pointer: StatsJson},
//                "zones": {zone: {"binding": {resource: replications}, "peak": {resource:
//                StatsJson}}}}],
//    "search": {"axis", "metric", "at_most", "answers": [{"others": {pointer: value},
//               "value": the fewest value or null, "stats": StatsJson at that value}]}}
//
// A zone's binding resource in a replication is the one (of cores, memory, storage) with the
// highest peak utilisation there, ties joined with "+" ("cores+memory"): the resource that runs
// out first as that zone fills. Metrics absent in a replication are left out of its n.
nlohmann::ordered_json SweepResults(const SweepPlan& plan,
                                    const std::vector<nlohmann::ordered_json>& records);

// results.csv: a header, then one row per (point, metric): point, the axes' values, metric,
// n, mean, sd, ci95_low, ci95_high, p90, min, max.
std::string SweepResultsCsv(const nlohmann::ordered_json& results);

// A table for the terminal: per point its values and the search metric (or the first metric)
// as "mean [95% CI]", then the search's answers.
std::string SweepTable(const nlohmann::ordered_json& results);

// True when the sweep has a search and every answer found a value.
bool SearchAnswered(const nlohmann::ordered_json& results);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SWEEP_SWEEP_RESULTS_H_
