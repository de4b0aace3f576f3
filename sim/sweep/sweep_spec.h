// A sweep file (docs/sweeps.md): a base scenario, axes that set scenario fields by JSON pointer
// to each of a list or range of values (expanded as a cartesian product, the first axis
// slowest), R replications per point on common seeds, the metrics to report and an optional
// planner's question ("search"). Parsed and validated completely before anything runs: every
// error names the file and the JSON pointer. Pure functions; thread-safe.
#ifndef VMSIM_SIM_SWEEP_SWEEP_SPEC_H_
#define VMSIM_SIM_SWEEP_SWEEP_SPEC_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "sim/scenario/json_reader.h"

namespace vmsim::sim {

struct SweepAxis {
  std::string pointer;                         // a JSON pointer into the scenario
  std::vector<nlohmann::ordered_json> values;  // ranges are expanded here
};

// "The fewest X that keep metric M at most V with 95% confidence": the smallest value of
// `axis` whose point, and every point with a larger value, has the upper bound of M's 95%
// confidence interval at or below `at_most` (per combination of the other axes).
struct SweepSearch {
  std::string axis;    // the pointer of one axis, whose values are numbers
  std::string metric;  // one of the sweep's metrics
  double at_most = 0;
};

// Everything the results depend on, and nothing that needs the base scenario's file: shard
// files carry it (PlanToJson), so `vmsim merge` needs nothing but the shard files.
struct SweepPlan {
  std::string name;
  std::string scenario;  // the base scenario's path as written in the sweep file
  uint64_t seed = 1;     // replication r runs with seed + r at every point
  int64_t replications = 0;
  std::optional<core::Duration> until;  // overrides the scenario's duration
  std::vector<SweepAxis> axes;
  std::vector<std::string> metrics;  // JSON pointers into a run's record (see replications.h)
  std::optional<SweepSearch> search;

  size_t Points() const;  // the product of the axes' sizes (1 without axes)
  uint64_t Seed(int64_t replication) const { return seed + static_cast<uint64_t>(replication); }
};

struct SweepSpec {
  SweepPlan plan;
  std::string file;  // the sweep file, for messages
  std::string description;
  nlohmann::ordered_json base;      // the base scenario's JSON
  std::string base_file, base_dir;  // its path (resolved) and directory (for trace files)
};

// The metrics reported when a sweep names none.
const std::vector<std::string>& DefaultSweepMetrics();

// Parses a plan from `root` (a sweep file, or a shard file's "plan"). `default_seed` is used
// when the plan has no "seed". Errors are recorded in `reader`.
SweepPlan ParseSweepPlan(JsonReader& reader, const JsonReader::Node& root, uint64_t default_seed);
// The plan as JSON that ParseSweepPlan reads back to an equal plan (ranges expanded).
nlohmann::ordered_json PlanToJson(const SweepPlan& plan);

// Parses the sweep file `text` (from `file`) and reads its base scenario, a path relative to
// the sweep file. kInvalidRequest "<file>: <pointer>: <what was expected>" on bad input.
core::Result<SweepSpec> ParseSweepSpec(std::string_view text, const std::string& file);
core::Result<SweepSpec> LoadSweepSpec(const std::string& path);

// The axis values of point `index` (one per axis), the last axis fastest.
// REQUIRES: index < plan.Points().
std::vector<nlohmann::ordered_json> PointValues(const SweepPlan& plan, size_t index);

// The base scenario with point `index`'s values set. kInvalidRequest when an axis pointer has
// no parent object or array element in the base scenario.
core::Result<nlohmann::ordered_json> PointScenario(const SweepSpec& spec, size_t index);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SWEEP_SWEEP_SPEC_H_
