// The client's cached view of the VM hosts: refreshed from QueryVMHosts when older than an
// interval (or when MAAS refused a placement it allowed), and updated from each compose and
// decompose the client makes, so a stale view can be modelled and its cost measured. A
// decompose is counted as freed at once, although MAAS frees it a little later: a placement
// made in between may be refused by MAAS, and the client then refreshes and tries elsewhere.
// Each refresh also checks the hosts' health (VMHostExtension::CheckHostHealth: one machines
// listing), which placement through this inventory honours. Placement queries go through a
// HostIndex. Thread-compatible.
#ifndef VMSIM_CORE_HOST_INVENTORY_H_
#define VMSIM_CORE_HOST_INVENTORY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/host_index.h"
#include "core/placement.h"
#include "core/vmhost_extension.h"

namespace vmsim::core {

class HostInventory {
 public:
  // `extension` and `clock` must outlive this object. A zero interval refreshes before
  // every use.
  HostInventory(VMHostExtension& extension, const Clock& clock, Duration refresh_interval)
      : extension_(extension), clock_(clock), refresh_interval_(refresh_interval) {}

  // Refreshes when the view is older than the interval (or was never loaded).
  Status RefreshIfStale();
  // Refreshes now.
  Status Refresh();

  const std::vector<VMHost>& hosts() const { return hosts_; }
  // The hosts found unhealthy at the last refresh, by id. Stays at this address for the
  // inventory's lifetime, so a PlacementRequest may borrow it.
  const UnhealthyHosts& unhealthy() const { return unhealthy_; }
  // The index in hosts() of the host `policy` picks for `request` (as ChooseHost would).
  std::optional<size_t> Choose(const PlacementRequest& request, PlacementPolicy policy) const {
    return index_.Choose(request, policy);
  }
  // Counts `request` as used on hosts()[index], as MAAS now does.
  void ApplyCompose(size_t index, const PlacementRequest& request);
  // Counts `request` as freed on the host with id `vm_host_id` (ignored if unknown).
  void ApplyDecompose(int64_t vm_host_id, const PlacementRequest& request);

  int64_t refreshes() const { return refreshes_; }

 private:
  VMHostExtension& extension_;
  const Clock& clock_;
  Duration refresh_interval_;
  std::optional<Timestamp> refreshed_at_;
  std::vector<VMHost> hosts_;
  UnhealthyHosts unhealthy_;
  HostIndex index_;
  int64_t refreshes_ = 0;
};

}  // namespace vmsim::core

#endif  // VMSIM_CORE_HOST_INVENTORY_H_
