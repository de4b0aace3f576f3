// Shard files and merging. A sharded sweep (`vmsim sweep --shard K/N`) writes one shard file:
// its plan (sweep_spec.h) and the raw records of its units. `vmsim merge` checks the shards
// belong together (one plan, each of 0..N-1 exactly once) and hands back every record in unit
// order, from which SweepResults gives exactly what an unsharded run gives. Pure functions
// over text; thread-safe.
#ifndef VMSIM_SIM_SWEEP_SHARD_H_
#define VMSIM_SIM_SWEEP_SHARD_H_

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "sim/sweep/sweep.h"
#include "sim/sweep/sweep_spec.h"

namespace vmsim::sim {

// "shard-K-of-N.json", K and N zero-padded to 5 digits so that names sort in shard order.
std::string ShardFileName(ShardId shard);

// The shard file: {"format": "vmsim-sweep-shard/1", "vmsim_version", "shard": {"index",
// "count"}, "plan": PlanToJson(plan), "units": [{"unit", "record"}...]}.
// REQUIRES: units.size() == records.size().
std::string ShardFile(const SweepPlan& plan, ShardId shard, const std::vector<size_t>& units,
                      const std::vector<nlohmann::ordered_json>& records);

struct MergedSweep {
  SweepPlan plan;
  std::vector<nlohmann::ordered_json> records;  // every unit's, in unit order
};

// Merges shard files given as (path, contents). kInvalidRequest naming the file (and JSON
// pointer) when one is not a shard file, the plans or versions differ, a shard is missing or
// repeated, or a unit is missing or outside its shard.
core::Result<MergedSweep> MergeShards(
    const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SWEEP_SHARD_H_
