// Rebalancer: the scenario's "rebalance": every `every`, the client looks at its view of the
// fleet and, past the threshold, plans moves (core::PlanRebalance) and starts them: each
// composes a replacement on the target host (core::ComposeReplacement); once it is Ready the
// original is deleted (core::FinishMigration). Its statistics are the summary's "rebalance".
#ifndef VMSIM_SIM_ENGINE_REBALANCER_H_
#define VMSIM_SIM_ENGINE_REBALANCER_H_

#include <cstdint>

#include "core/lxd_service.h"
#include "sim/engine/fleet.h"
#include "sim/engine/rebalance_stats.h"
#include "sim/engine/run_context.h"

namespace vmsim::sim {

class Rebalancer {
 public:
  // REQUIRES: the scenario has a "rebalance" section.
  Rebalancer(RunContext& ctx, Fleet& fleet);

  // Schedules the first look, when enabled.
  void Start();
  void OnRebalance();
  // The replacement of the VM in `slot` (with `serial`) is Ready, if it is still moving.
  void OnMoveReady(uint64_t slot, uint64_t serial);

  RebalanceStats& stats() { return stats_; }

 private:
  // Where `vm` may move: its workload's constraints; a VM whose workload spreads over zones
  // (spread or distinct-zone batches) stays in its zone.
  core::PlacementConstraints MoveConstraints(const LiveVM& vm) const;
  // Composes the replacement of the VM in `slot` on host `to`. False when MAAS refused.
  bool StartMove(uint64_t slot, int64_t to);

  RunContext& ctx_;
  Fleet& fleet_;
  RebalanceStats stats_;
  uint64_t next_move_serial_ = 0;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_REBALANCER_H_
