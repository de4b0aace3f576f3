// Runs many (scenario, seed) units, in parallel on local cores, optionally through a
// content-addressed result cache, and keeps of each run a compact record: its summary.json
// (without the wall-clock `run` section) plus `derived` figures from its time series, and the
// utilisation series for reports. Records depend only on (scenario, seed, until, version):
// the same whatever the number of jobs, the order of completion or the cache.
// RunUnits is thread-safe for distinct cache directories; it starts and joins its own threads.
#ifndef VMSIM_SIM_SWEEP_REPLICATIONS_H_
#define VMSIM_SIM_SWEEP_REPLICATIONS_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "sim/scenario/scenario.h"

namespace vmsim::sim {

struct RunUnit {
  const Scenario* scenario = nullptr;  // not owned; outlives RunUnits
  std::string canonical_json;  // the scenario's JSON (after axis substitution): the cache key
  uint64_t seed = 0;
  std::optional<core::Duration> until;
};

struct RunUnitsOptions {
  int jobs = 1;           // worker threads
  std::string cache_dir;  // empty: no cache
  // Called after each unit, from a worker thread, serialised: (units done, units in all).
  std::function<void(size_t, size_t)> progress;
};

struct RunUnitsResult {
  std::vector<nlohmann::ordered_json> records;  // one per unit, in the units' order
  int64_t simulated = 0;                        // units run
  int64_t cache_hits = 0;                       // units read from the cache
};

// A record's shape:
//   {"summary": {summary.json without "run", plus "derived": {"first_rejection_seconds": T}},
//    "series": {"t": [seconds...], "cores": [...], "memory": [...], "storage": [...]}}
// `first_rejection_seconds` is the time of the first sample with a rejection so far (absent
// when no request was rejected); the series are the fleet's used/total ratios per sample.
//
// Runs every unit. An exception from a run (a bug) is rethrown once every worker has stopped.
// kInvalidRequest when a scenario's fleet is rejected (the first such unit)
// or the cache directory cannot be written.
core::Result<RunUnitsResult> RunUnits(const std::vector<RunUnit>& units,
                                      const RunUnitsOptions& options);

// The cache's key for a unit: FNV-1a 64 of its canonical JSON, seed, until and the vmsim
// version, as 16 hex digits.
std::string CacheKey(const RunUnit& unit);

// The value of the metric at `pointer` in a record's summary: numbers as they are, booleans as
// 0 or 1, nothing when absent, null or not a number (or `pointer` is not a JSON pointer).
std::optional<double> MetricValue(const nlohmann::ordered_json& record, const std::string& pointer);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SWEEP_REPLICATIONS_H_
