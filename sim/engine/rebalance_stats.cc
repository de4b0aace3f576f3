#include "sim/engine/rebalance_stats.h"

#include <cmath>

namespace vmsim::sim {
namespace {

double Round6(double v) { return std::round(v * 1e6) / 1e6; }

double Mean(double sum, int64_t n) { return n > 0 ? Round6(sum / static_cast<double>(n)) : 0.0; }

}  // namespace

void RebalanceStats::RecordPlan(const std::vector<core::VMHost>& before,
                                const core::RebalancePlan& plan) {
  ++checks_;
  ++triggered_;
  planned_ += static_cast<int64_t>(plan.moves.size());
  measure_before_ += core::RebalanceMeasure(before, goal_, unit_);
  measure_after_ += core::RebalanceMeasure(plan.hosts, goal_, unit_);
  const core::Stranded b = core::StrandedIn(before, unit_), a = core::StrandedIn(plan.hosts, unit_);
  stranded_cores_before_ += b.cores;
  stranded_cores_after_ += a.cores;
  stranded_memory_before_ += b.memory;
  stranded_memory_after_ += a.memory;
}

void RebalanceStats::RecordEnd(End end, core::Duration held, int64_t cores, int64_t memory_mib,
                               bool both_kept) {
  done_ += end == End::kDone;
  failed_ += end == End::kFailed;
  cancelled_ += end == End::kCancelled;
  both_kept_ += both_kept;
  const double seconds = static_cast<double>(held.micros()) / 1e6;
  core_seconds_twice_ += seconds * static_cast<double>(cores);
  memory_mib_seconds_twice_ += seconds * static_cast<double>(memory_mib);
}

nlohmann::ordered_json RebalanceStats::Json() const {
  const auto before_after = [&](double before, double after) {
    return nlohmann::ordered_json{{"before", Mean(before, triggered_)},
                                  {"planned_after", Mean(after, triggered_)}};
  };
  return {{"goal", core::RebalanceGoalName(goal_)},
          {"unit", {{"cores", unit_.cores}, {"memory_mib", unit_.memory}}},
          {"checks", checks_},
          {"triggered", triggered_},
          {"moves",
           {{"planned", planned_},
            {"refused", refused_},
            {"dropped", dropped_},
            {"started", started_},
            {"done", done_},
            {"failed", failed_},
            {"cancelled", cancelled_},
            {"both_kept", both_kept_}}},
          {"cost",
           {{"extra_compose_seconds", Round6(static_cast<double>(extra_compose_us_) / 1e6)},
            {"held_twice_core_hours", Round6(core_seconds_twice_ / 3600)},
            {"held_twice_memory_gib_hours", Round6(memory_mib_seconds_twice_ / 1024 / 3600)}}},
          {"measure", before_after(measure_before_, measure_after_)},
          {"stranded_cores", before_after(static_cast<double>(stranded_cores_before_),
                                          static_cast<double>(stranded_cores_after_))},
          {"stranded_memory_mib", before_after(static_cast<double>(stranded_memory_before_),
                                               static_cast<double>(stranded_memory_after_))}};
}

}  // namespace vmsim::sim
