#include "core/placement_group.h"

#include <charconv>

namespace vmsim::core {

int64_t HostIdOf(const lxd::LXDVMResult& vm) {
  int64_t id = 0;
  const std::string& s = vm.host_id;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  return ec == std::errc() && end == s.data() + s.size() ? id : 0;
}

PlacementGroup::PlacementGroup(const PlacementConstraints& outer, bool spread_zones)
    : spread_zones_(spread_zones), count_hosts_(outer.group_vms != nullptr) {
  if (outer.group_vms != nullptr) members_ = *outer.group_vms;
}

void PlacementGroup::Remember(const std::string& zone, int64_t host_id) {
  zones_.insert(zone);
  if (count_hosts_) ++members_[host_id];
}

void PlacementGroup::Forget(const std::string& zone, int64_t host_id) {
  if (const auto it = zones_.find(zone); it != zones_.end()) zones_.erase(it);
  if (const auto it = members_.find(host_id); it != members_.end() && --it->second == 0)
    members_.erase(it);
}

PlacementConstraints PlacementGroup::Constrain(PlacementConstraints base) const {
  if (spread_zones_) base.avoid_zones.insert(zones_.begin(), zones_.end());
  if (count_hosts_) base.group_vms = &members_;
  return base;
}

}  // namespace vmsim::core
