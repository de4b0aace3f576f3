#include "sim/engine/rebalancer.h"

#include <algorithm>
#include <vector>

#include "core/migration.h"
#include "core/rebalance.h"

namespace vmsim::sim {

Rebalancer::Rebalancer(RunContext& ctx, Fleet& fleet)
    : ctx_(ctx), fleet_(fleet), stats_(ctx.s.rebalance->goal, ctx.s.rebalance->unit) {}

void Rebalancer::Start() {
  if (ctx_.s.rebalance->enabled)
    ctx_.Schedule(core::Timestamp() + ctx_.s.rebalance->every, kRebalance);
}

void Rebalancer::OnRebalance() {
  const RebalanceSpec& spec = *ctx_.s.rebalance;
  ctx_.Schedule(ctx_.Now() + spec.every, kRebalance);
  const core::Status refreshed = ctx_.service.RefreshIfStale();
  ctx_.TakeEffects(false);
  const std::vector<core::VMHost> view = ctx_.service.inventory().hosts();
  if (!refreshed.ok() ||
      core::RebalanceMeasure(view, spec.goal, spec.unit) < std::max(spec.threshold, 1e-12)) {
    stats_.RecordQuietCheck();
    return;
  }
  std::vector<core::MovableVM> movable;
  std::vector<uint64_t> slots;
  fleet_.ForEach([&](uint64_t slot, const LiveVM& vm) {
    if (vm.move) return;
    auto request = ctx_.service.RequestFor(vm.spec, MoveConstraints(vm));
    if (!request.ok()) return;
    movable.push_back({vm.host, std::move(request).value()});
    slots.push_back(slot);
  });
  const core::RebalancePlan plan =
      core::PlanRebalance(view, movable, spec.goal, spec.unit, static_cast<int>(spec.max_moves));
  stats_.RecordPlan(view, plan);
  // A refusal means the view was wrong (a host down, say): the rest of the plan waits for the
  // next look.
  for (size_t i = 0; i < plan.moves.size(); ++i) {
    if (!StartMove(slots[plan.moves[i].vm], view[plan.moves[i].to].id)) {
      stats_.RecordDropped(static_cast<int64_t>(plan.moves.size() - i - 1));
      break;
    }
  }
}

core::PlacementConstraints Rebalancer::MoveConstraints(const LiveVM& vm) const {
  const Workload& wl = ctx_.s.workloads[vm.workload];
  core::PlacementConstraints c = wl.constraints;
  if (wl.spread_zones || (wl.batch && wl.batch->distinct_zones)) c.zone = vm.zone;
  return c;
}

bool Rebalancer::StartMove(uint64_t slot, int64_t to) {
  LiveVM& vm = fleet_[slot];
  core::PlacementConstraints c = MoveConstraints(vm);
  c.host = to;
  const auto replacement = core::ComposeReplacement(ctx_.service, vm.AsResult(), vm.spec,
                                                    "mv-" + std::to_string(next_move_serial_++), c,
                                                    ctx_.s.workloads[vm.workload].policy);
  const MaasEffects effects = ctx_.TakeEffects(true);
  ctx_.Log([&] {
    return nlohmann::ordered_json{{"event", "move"},
                                  {"vm", vm.serial},
                                  {"from", std::to_string(vm.host)},
                                  {"to", std::to_string(to)},
                                  {"ok", replacement.ok()},
                                  {"system_id", replacement.ok() ? replacement->system_id : ""}};
  });
  if (!replacement.ok()) {
    stats_.RecordRefused();
    return false;
  }
  const core::Duration ready_after = effects.compose_latency + effects.ready_delay;
  stats_.RecordStarted(ready_after);
  vm.move = Move{*replacement, ctx_.Now()};
  ctx_.Schedule(ctx_.Now() + ready_after, kMoveReady, slot, vm.serial);
  return true;
}

void Rebalancer::OnMoveReady(uint64_t slot, uint64_t serial) {
  if (!fleet_.Live(slot, serial) || !fleet_[slot].move)
    return;  // departed, lost, or moved meanwhile
  LiveVM& vm = fleet_[slot];
  const core::MigrationOutcome out =
      core::FinishMigration(ctx_.service, vm.AsResult(), vm.spec, vm.move->replacement);
  ctx_.TakeEffects(false);
  if (out.both_exist) fleet_.AddStray(vm.move->replacement);
  ctx_.Log([&] {
    return nlohmann::ordered_json{
        {"event", "moved"},
        {"vm", vm.serial},
        {"ok", out.status.ok()},
        {"system_id", out.status.ok() ? vm.move->replacement.system_id : vm.system_id}};
  });
  fleet_.EndMove(vm, out.status.ok() ? RebalanceStats::End::kDone : RebalanceStats::End::kFailed,
                 out.status.ok(), out.both_exist);
}

}  // namespace vmsim::sim
