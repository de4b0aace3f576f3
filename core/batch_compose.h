// Batch (gang) compose: a group of VMs composed as one operation, all or nothing; for
// example a cluster's three control-plane VMs in three distinct zones. The whole group is
// placed on the client's view first, so a group that cannot fit composes nothing; then the
// members are composed in order, each through LxdService::ComposeVM (so a capacity refusal
// tries the next host); if a member fails, the members already composed are deleted, last
// first (rollback). MAAS has no batch operation: this is the client's doing.
#ifndef VMSIM_CORE_BATCH_COMPOSE_H_
#define VMSIM_CORE_BATCH_COMPOSE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/lxd_service.h"
#include "core/lxd_types.h"
#include "core/placement.h"
#include "core/status.h"

namespace vmsim::core {

struct BatchOptions {
  bool distinct_zones = false;  // no two members in one zone
  // Members composed at once (0: all). Composes here are made one after another; this is
  // the limit a caller's timing model applies (waves of at most this many; see BatchWaves).
  int max_in_flight = 0;
  // Called after each member's compose (true) and after each rollback delete (false), in
  // the order made, for a caller that observes each call (the simulator takes MAAS's
  // effects there).
  std::function<void(bool compose)> after_call;
};

struct BatchOutcome {
  Status status;  // OK: every member composed; else why the member that failed did
  std::vector<lxd::LXDVMResult> vms;  // when OK, one per member, in order
  size_t failed_member = 0;           // when not OK: the member that failed
  bool planned = false;               // the group fitted the client's view (composes were made)
  int64_t rolled_back = 0;            // members composed, then deleted because one failed
  // Members whose rollback delete failed, by member index: they stay in MAAS, and the
  // caller owns them (to delete later). Empty when the rollback was clean.
  std::vector<std::pair<size_t, lxd::LXDVMResult>> left_behind;
};

// Composes `specs` as one group under `constraints` (group_vms, for kClusterApi, is counted
// with the members as they are placed). kInsufficientResources before any compose when the
// group does not fit the client's view (with distinct_zones: not enough zones with room).
BatchOutcome ComposeBatch(LxdService& service, const std::vector<lxd::VMSpec>& specs,
                          const PlacementConstraints& constraints, const BatchOptions& options,
                          std::optional<PlacementPolicy> policy = std::nullopt);

// The wave (0-based) of member `member` when at most `max_in_flight` compose at once (0: all).
size_t BatchWave(size_t member, int max_in_flight);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_BATCH_COMPOSE_H_
