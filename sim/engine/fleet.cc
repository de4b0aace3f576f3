#include "sim/engine/fleet.h"

#include <algorithm>
#include <utility>

namespace vmsim::sim {

lxd::LXDVMResult LiveVM::AsResult() const {
  lxd::LXDVMResult r;
  r.system_id = system_id;
  r.host_id = std::to_string(host);
  r.failure_domain = zone;
  return r;
}

Fleet::Fleet(RunContext& ctx, std::function<void(uint32_t, lxd::VMSpec)> recreate)
    : ctx_(ctx), recreate_(std::move(recreate)), workload_stats_(ctx.s.workloads.size()) {}

void Fleet::Add(const Origin& origin, const lxd::LXDVMResult& vm, core::Timestamp ready_at,
                lxd::VMSpec spec, std::optional<core::Duration> lifetime, uint64_t group) {
  Counters& counters = ctx_.metrics.counters();
  ++counters.composed;
  if (ctx_.Now() >= core::Timestamp::FromMicros(ctx_.s.warmup.micros()))
    ++counters.composed_after_warmup;
  ctx_.metrics.RecordTimeToReady(ready_at - origin.requested_at);
  WorkloadStats& ws = workload_stats_[origin.workload];
  ++ws.composed;
  ws.last_ready = std::max(ws.last_ready, ready_at);
  ctx_.faults.Composed(ctx_.Now());
  const uint64_t serial = next_serial_++;
  ctx_.Log([&] {
    return nlohmann::ordered_json{
        {"event", "composed"}, {"request", origin.request}, {"vm", serial},
        {"host", vm.host_id},  {"system_id", vm.system_id}, {"zone", vm.failure_domain}};
  });
  const uint64_t slot = vms_.Add({.serial = serial,
                                  .workload = origin.workload,
                                  .spec = std::move(spec),
                                  .host = core::HostIdOf(vm),
                                  .system_id = vm.system_id,
                                  .zone = vm.failure_domain,
                                  .trace_vm = origin.trace_vm,
                                  .group = group,
                                  .move = std::nullopt});
  ++live_;
  if (!origin.trace_vm.empty()) traced_[origin.trace_vm] = slot;
  if (lifetime) ctx_.Schedule(ctx_.Now() + *lifetime, kDeparture, slot, serial);
  // Composed, then lost with its host while the answer was on its way.
  if (lost_before_answered_.erase(vm.system_id) > 0) Lose({vm.system_id});
}

void Fleet::OnDeparture(uint64_t slot, uint64_t serial) {
  // A VM lost with its host has no departure; its slot may hold another VM by now.
  if (Live(slot, serial)) Depart(slot);
}

void Fleet::DepartTraced(const std::string& name) {
  if (const auto it = traced_.find(name); it != traced_.end()) Depart(it->second);
}

void Fleet::Depart(uint64_t slot) {
  LiveVM& vm = vms_[slot];
  --live_;
  ctx_.groups[vm.workload].Forget(vm.zone, vm.host);
  if (vm.move) {  // its move is moot: the replacement goes too
    const core::Status s = ctx_.service.DeleteVM(vm.move->replacement.host_id,
                                                 vm.move->replacement.system_id, vm.spec);
    ctx_.TakeEffects(false);
    if (!s.ok()) strays_.push_back(vm.move->replacement);
    EndMove(vm, RebalanceStats::End::kCancelled, false, !s.ok());
  }
  const core::Status s = ctx_.service.DeleteVM(std::to_string(vm.host), vm.system_id, vm.spec);
  ctx_.TakeEffects(false);
  if (s.ok()) {
    ++ctx_.metrics.counters().decomposed;
  } else {
    ++ctx_.metrics.counters().decompose_failed;
  }
  ctx_.Log([&] {
    return nlohmann::ordered_json{
        {"event", "decompose"}, {"vm", vm.serial}, {"system_id", vm.system_id}, {"ok", s.ok()}};
  });
  if (!vm.trace_vm.empty()) traced_.erase(vm.trace_vm);
  vms_.Release(slot);
}

void Fleet::Lose(const std::vector<std::string>& system_ids) {
  const std::set<std::string> gone(system_ids.begin(), system_ids.end());
  std::vector<uint64_t> slots;
  vms_.ForEach([&](uint64_t slot, LiveVM& vm) {
    if (vm.move && gone.contains(vm.move->replacement.system_id)) {
      EndMove(vm, RebalanceStats::End::kCancelled, false);
    } else if (vm.move && gone.contains(vm.system_id)) {
      EndMove(vm, RebalanceStats::End::kDone, true);  // the replacement is the VM now
      return;
    }
    if (gone.contains(vm.system_id)) slots.push_back(slot);
  });
  std::set<std::string> unclaimed = gone;
  vms_.ForEach([&](uint64_t, const LiveVM& vm) {
    unclaimed.erase(vm.system_id);
    if (vm.move) unclaimed.erase(vm.move->replacement.system_id);
  });
  lost_before_answered_.insert(unclaimed.begin(), unclaimed.end());
  for (const uint64_t slot : slots) {
    LiveVM& vm = vms_[slot];
    --live_;
    ++lost_;
    ctx_.groups[vm.workload].Forget(vm.zone, vm.host);
    ctx_.Log([&] {
      return nlohmann::ordered_json{
          {"event", "lost"}, {"vm", vm.serial}, {"system_id", vm.system_id}};
    });
    if (!vm.trace_vm.empty()) traced_.erase(vm.trace_vm);
    if (ctx_.s.workloads[vm.workload].recreate_lost) {
      ++recreated_;
      recreate_(vm.workload, std::move(vm.spec));
    }
    vms_.Release(slot);
  }
}

void Fleet::EndMove(LiveVM& vm, RebalanceStats::End end, bool adopt, bool both_kept) {
  move_stats_->RecordEnd(end, ctx_.Now() - vm.move->started, vm.spec.cores, vm.spec.memory,
                         both_kept);
  if (adopt) {
    core::PlacementGroup& group = ctx_.groups[vm.workload];
    group.Forget(vm.zone, vm.host);
    vm.host = core::HostIdOf(vm.move->replacement);
    vm.system_id = vm.move->replacement.system_id;
    vm.zone = vm.move->replacement.failure_domain;
    group.Remember(vm.zone, vm.host);
  }
  vm.move.reset();
}

int64_t Fleet::PartialGroups() {
  std::map<uint64_t, int64_t> live;  // group -> members live
  std::map<uint64_t, int64_t> size;
  vms_.ForEach([&](uint64_t, const LiveVM& vm) {
    if (vm.group == 0) return;
    ++live[vm.group];
    size[vm.group] = ctx_.s.workloads[vm.workload].batch->size;
  });
  int64_t partial = 0;
  for (const auto& [group, n] : live) partial += n != size[group];
  return partial;
}

}  // namespace vmsim::sim
