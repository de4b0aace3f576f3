// Fleet: the client's live VMs in a run: each VM composed (counted, logged, its departure
// scheduled), decomposed when its lifetime ends, lost with its host, or moved by a rebalancing
// (its Move). VMs are addressed by slot (SlotPool): an event names a slot with the VM's serial,
// and is stale once that VM is gone.
#ifndef VMSIM_SIM_ENGINE_FLEET_H_
#define VMSIM_SIM_ENGINE_FLEET_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/lxd_types.h"
#include "core/time.h"
#include "sim/engine/rebalance_stats.h"
#include "sim/engine/run_context.h"
#include "sim/engine/slot_pool.h"

namespace vmsim::sim {

// A rebalancing move under way: the replacement composed, the original not yet deleted.
struct Move {
  lxd::LXDVMResult replacement = {};
  core::Timestamp started = {};
};

struct LiveVM {
  uint64_t serial = 0;
  uint32_t workload = 0;
  lxd::VMSpec spec = {};  // what it took, to free it in the client's view
  int64_t host = 0;       // its VM host's id
  std::string system_id = {};
  std::string zone = {};
  std::string trace_vm = {};  // its name in its workload's arrival trace, if it came from one
  uint64_t group = 0;         // a batch member: its group's request serial + 1
  std::optional<Move> move = {};

  lxd::LXDVMResult AsResult() const;
};

// What a composed VM came from: its request's serial, workload, trace name and request time.
struct Origin {
  uint64_t request = 0;
  uint32_t workload = 0;
  std::string trace_vm = {};
  core::Timestamp requested_at = {};
};

class Fleet {
 public:
  // `recreate(workload, spec)` requests a VM again (a lost VM whose workload recreates them).
  Fleet(RunContext& ctx, std::function<void(uint32_t, lxd::VMSpec)> recreate);

  // Rebalancing's statistics, to record moves' ends in; null when the scenario has none.
  void set_move_stats(RebalanceStats* stats) { move_stats_ = stats; }

  // VM `vm` of `origin` composed, Ready at `ready_at`: counted, logged, and live until its
  // `lifetime` ends (none: it stays). `group`: LiveVM::group.
  void Add(const Origin& origin, const lxd::LXDVMResult& vm, core::Timestamp ready_at,
           lxd::VMSpec spec, std::optional<core::Duration> lifetime, uint64_t group = 0);
  // The departure of the VM in `slot` with `serial`, if it is still there.
  void OnDeparture(uint64_t slot, uint64_t serial);
  // The VM a workload's arrival trace calls `name` departs, if it is live.
  void DepartTraced(const std::string& name);
  // The machines MAAS lost with their host. One whose compose answer is still on its way is
  // remembered, and lost as soon as the answer arrives (Add).
  void Lose(const std::vector<std::string>& system_ids);
  // Ends `vm`'s move; with `adopt`, the VM lives on as the replacement.
  void EndMove(LiveVM& vm, RebalanceStats::End end, bool adopt, bool both_kept = false);
  // A replacement MAAS kept beside its original: the client owns both.
  void AddStray(const lxd::LXDVMResult& vm) { strays_.push_back(vm); }

  bool Live(uint64_t slot, uint64_t serial) {
    return vms_.Live(slot) && vms_[slot].serial == serial;
  }
  LiveVM& operator[](uint64_t slot) { return vms_[slot]; }
  template <typename F>
  void ForEach(F&& f) {
    vms_.ForEach(f);
  }
  int64_t live() const { return live_; }
  int64_t lost() const { return lost_; }
  int64_t recreated() const { return recreated_; }
  const std::vector<lxd::LXDVMResult>& strays() const { return strays_; }
  // Batch groups with some but not all of their members live (a lost host can do it; a
  // rollback never does).
  int64_t PartialGroups();

  // Per workload: VMs composed, and when the last of them was Ready.
  struct WorkloadStats {
    int64_t composed = 0;
    core::Timestamp last_ready;
  };
  const std::vector<WorkloadStats>& workload_stats() const { return workload_stats_; }

 private:
  void Depart(uint64_t slot);

  RunContext& ctx_;
  std::function<void(uint32_t, lxd::VMSpec)> recreate_;
  RebalanceStats* move_stats_ = nullptr;
  SlotPool<LiveVM> vms_;
  uint64_t next_serial_ = 0;
  int64_t live_ = 0, lost_ = 0, recreated_ = 0;
  std::map<std::string, uint64_t> traced_;      // arrival-trace name -> slot
  std::set<std::string> lost_before_answered_;  // system_ids MAAS lost before the client knew them
  std::vector<lxd::LXDVMResult> strays_;        // replacements MAAS kept beside their original
  std::vector<WorkloadStats> workload_stats_;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_FLEET_H_
