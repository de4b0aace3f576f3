#include "core/host_inventory.h"

namespace vmsim::core {

Status HostInventory::RefreshIfStale() {
  if (refreshed_at_ && clock_.Now() - *refreshed_at_ < refresh_interval_) return Status::Ok();
  return Refresh();
}

Status HostInventory::Refresh() {
  auto hosts = extension_.QueryVMHosts({});
  if (!hosts.ok()) return hosts.status();
  hosts_ = std::move(hosts).value();
  refreshed_at_ = clock_.Now();
  ++refreshes_;
  return Status::Ok();
}

void HostInventory::ApplyCompose(size_t index, const PlacementRequest& r) {
  VMHost& h = hosts_[index];
  h.used.cores += r.cores;
  h.used.memory += r.memory;
  h.available.cores -= r.cores;
  h.available.memory -= r.memory;
  for (const auto& [pool, bytes] : r.disks) {
    h.used.local_storage += bytes;
    h.available.local_storage -= bytes;
    StoragePool* target = nullptr;
    for (auto& p : h.storage_pools) {
      if (p.name == pool || (target == nullptr && p.is_default)) target = &p;
    }
    if (target != nullptr) {  // an unknown pool name means the default pool, as in MAAS
      target->used += bytes;
      target->available -= bytes;
    }
  }
}

}  // namespace vmsim::core
