// A sweep made ready to run: every point's scenario built (the base with the point's axis
// values) and validated before the first run, and the (point, replication) units, point-major,
// that a run or one shard of it executes. Thread-compatible.
#ifndef VMSIM_SIM_SWEEP_SWEEP_H_
#define VMSIM_SIM_SWEEP_SWEEP_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "sim/scenario/scenario.h"
#include "sim/sweep/replications.h"
#include "sim/sweep/sweep_spec.h"

namespace vmsim::sim {

// One slice of a sweep: units u with u % count == index (round-robin, so slices are balanced
// whatever the points cost).
struct ShardId {
  int64_t index = 0;
  int64_t count = 1;
};

// "K/N" with 0 <= K < N (K as JOB_COMPLETION_INDEX counts). kInvalidRequest naming --shard.
core::Result<ShardId> ParseShard(std::string_view text);

class PreparedSweep {
 public:
  // Builds and validates every point's scenario. kInvalidRequest naming the sweep file, the
  // point and its values, then the scenario's own message, for the first invalid point.
  static core::Result<PreparedSweep> Prepare(SweepSpec spec);

  const SweepSpec& spec() const { return spec_; }
  size_t Units() const {
    return spec_.plan.Points() * static_cast<size_t>(spec_.plan.replications);
  }
  // The units of `shard`, in ascending order.
  std::vector<size_t> ShardUnits(ShardId shard) const;
  // The runnable unit `u` (point u / R, replication u % R). Valid while this object lives.
  RunUnit Unit(size_t u) const;

 private:
  explicit PreparedSweep(SweepSpec spec) : spec_(std::move(spec)) {}
  SweepSpec spec_;
  std::vector<Scenario> scenarios_;     // per point
  std::vector<std::string> canonical_;  // per point: the scenario's JSON text
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SWEEP_SWEEP_H_
