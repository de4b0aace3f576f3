// PlacementGroup: the client's own record of one group of VMs that placement keeps apart: the
// zones its VMs are in (a spread group avoids them) and how many of its VMs each VM host holds
// (a cluster-api group ranks hosts by it, placement.h). Whoever composes for a group (the
// simulator for a workload, ComposeBatch and LxdService::PlanGroup for a gang) keeps it here,
// so what the simulator measures is what production code does.
#ifndef VMSIM_CORE_PLACEMENT_GROUP_H_
#define VMSIM_CORE_PLACEMENT_GROUP_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "core/lxd_service.h"
#include "core/lxd_types.h"

namespace vmsim::core {

// The VM host id of a composed VM (LXDVMResult::host_id is its decimal string); 0 if malformed.
int64_t HostIdOf(const lxd::LXDVMResult& vm);

class PlacementGroup {
 public:
  // `spread_zones`: placements avoid the group's zones. `count_hosts`: placements see the
  // group's members per host (PlacementConstraints::group_vms).
  PlacementGroup(bool spread_zones, bool count_hosts)
      : spread_zones_(spread_zones), count_hosts_(count_hosts) {}
  // A group inside `outer`'s: it starts with outer's members per host (when it has them) and
  // adds its own, and avoids its own zones when `spread_zones`.
  PlacementGroup(const PlacementConstraints& outer, bool spread_zones);

  // A member placed in `zone`, on VM host `host_id`.
  void Remember(const std::string& zone, int64_t host_id);
  void Remember(const lxd::LXDVMResult& vm) { Remember(vm.failure_domain, HostIdOf(vm)); }
  // A member gone from `zone` and `host_id` (one of them, if several share both).
  void Forget(const std::string& zone, int64_t host_id);
  bool InZone(const std::string& zone) const { return zones_.contains(zone); }
  // `base` with the group's own constraints added. The result borrows from this group: use it
  // before the group changes.
  PlacementConstraints Constrain(PlacementConstraints base) const;

 private:
  bool spread_zones_;
  bool count_hosts_;
  std::multiset<std::string> zones_;
  std::map<int64_t, int64_t> members_;  // VM host id -> members on it; kept only with count_hosts_
};

}  // namespace vmsim::core

#endif  // VMSIM_CORE_PLACEMENT_GROUP_H_
