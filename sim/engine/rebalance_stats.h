// What the client's rebalancing did in a run, and what it cost: the summary's "rebalance"
// section (docs/scenarios.md, "Rebalancing"). Thread-compatible.
#ifndef VMSIM_SIM_ENGINE_REBALANCE_STATS_H_
#define VMSIM_SIM_ENGINE_REBALANCE_STATS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/rebalance.h"
#include "core/time.h"
#include "core/types.h"

namespace vmsim::sim {

class RebalanceStats {
 public:
  RebalanceStats(core::RebalanceGoal goal, core::VMUnit unit) : goal_(goal), unit_(unit) {}

  // A look at the client's view: below the threshold (nothing planned), or a plan made.
  void RecordQuietCheck() { ++checks_; }
  void RecordPlan(const std::vector<core::VMHost>& before, const core::RebalancePlan& plan);

  // A move's replacement was composed (the compose and commissioning took `ready_after`), or
  // MAAS refused it.
  void RecordStarted(core::Duration ready_after) {
    ++started_;
    extra_compose_us_ += ready_after.micros();
  }
  void RecordRefused() { ++refused_; }
  // Planned moves not tried, because one before them in the plan was refused.
  void RecordDropped(int64_t moves) { dropped_ += moves; }
  // A move ended after `held` with both VMs in MAAS: done (the original deleted), failed
  // (MAAS kept the original; the replacement was deleted, or `both_kept`), or cancelled (the
  // VM departed or a host was lost meanwhile).
  enum class End { kDone, kFailed, kCancelled };
  void RecordEnd(End end, core::Duration held, int64_t cores, int64_t memory_mib,
                 bool both_kept = false);

  nlohmann::ordered_json Json() const;

 private:
  core::RebalanceGoal goal_;
  core::VMUnit unit_;
  int64_t checks_ = 0, triggered_ = 0, planned_ = 0;
  int64_t started_ = 0, refused_ = 0, dropped_ = 0, done_ = 0, failed_ = 0, cancelled_ = 0,
          both_kept_ = 0;
  int64_t extra_compose_us_ = 0;
  double core_seconds_twice_ = 0, memory_mib_seconds_twice_ = 0;
  // Over the checks that planned: sums of the measure and of stranded capacity, before and
  // as planned after.
  double measure_before_ = 0, measure_after_ = 0;
  int64_t stranded_cores_before_ = 0, stranded_cores_after_ = 0;
  int64_t stranded_memory_before_ = 0, stranded_memory_after_ = 0;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_REBALANCE_STATS_H_
