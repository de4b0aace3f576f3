#include "core/host_inventory.h"

#include <algorithm>

namespace vmsim::core {

Status HostInventory::RefreshIfStale() {
  if (refreshed_at_ && clock_.Now() - *refreshed_at_ < refresh_interval_) return Status::Ok();
  return Refresh();
}

Status HostInventory::Refresh() {
  auto hosts = extension_.QueryVMHosts({});
  if (!hosts.ok()) return hosts.status();
  auto unhealthy = extension_.CheckHostHealth(hosts.value());
  if (!unhealthy.ok()) return unhealthy.status();
  hosts_ = std::move(hosts).value();
  unhealthy_ = std::move(unhealthy).value();
  index_.Rebuild(hosts_);
  refreshed_at_ = clock_.Now();
  ++refreshes_;
  return Status::Ok();
}

void HostInventory::ApplyCompose(size_t index, const PlacementRequest& r) {
  AccountVM(hosts_[index], r, +1);
  index_.Update(index);
}

void HostInventory::ApplyDecompose(int64_t vm_host_id, const PlacementRequest& r) {
  const auto it = std::lower_bound(hosts_.begin(), hosts_.end(), vm_host_id,
                                   [](const VMHost& h, int64_t id) { return h.id < id; });
  if (it == hosts_.end() || it->id != vm_host_id) return;
  AccountVM(*it, r, -1);
  index_.Update(static_cast<size_t>(it - hosts_.begin()));
}

}  // namespace vmsim::core
