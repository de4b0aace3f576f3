// The seed's LXD service (pkg/maas/lxd/service.go) over a VMHostExtension: picks a host for
// a VMSpec (placement over the client's HostInventory), converts with the adapters, composes,
// and when MAAS refuses for capacity (the view was stale) refreshes and tries the next host;
// when the host's networks do not match the VM's interfaces, it tries the next host too.
// Unhealthy hosts (host_health.h, checked at each inventory refresh) are not placed on.
// Retrying later (backoff) is the caller's decision, with core::RetryPolicy: this class
// never waits. Borrows the extension and clock; thread-compatible.
#ifndef VMSIM_CORE_LXD_SERVICE_H_
#define VMSIM_CORE_LXD_SERVICE_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/host_inventory.h"
#include "core/lxd_types.h"
#include "core/placement.h"
#include "core/vmhost_extension.h"

namespace vmsim::core {

// Where a VM may go, beyond its shape.
struct PlacementConstraints {
  std::optional<std::string> zone;
  std::optional<std::string> resource_pool;
  std::vector<std::string> tags;
  std::string architecture;
  std::set<std::string> avoid_zones;  // for spread groups: zones the group already uses
  std::set<int64_t> exclude_hosts;    // VM host ids never to use (a migration's source)
  std::optional<int64_t> host;        // the one VM host to use (a rebalancing move's target)
  const std::map<int64_t, int64_t>* group_vms = nullptr;  // for kClusterApi; see PlacementRequest
};

struct LxdServiceOptions {
  PlacementPolicy policy = PlacementPolicy::kBestFit;
  Duration inventory_refresh = Duration::Minutes(1);
  int max_hosts_per_request = 3;  // hosts tried when MAAS refuses for capacity or a host is down
  // A host whose LXD MAAS could not reach ("Failed talking to pod") is left out of placement
  // for this long, so retries go elsewhere instead of to the same dead host.
  Duration unreachable_cooldown = Duration::Minutes(2);
};

class LxdService {
 public:
  // `extension` and `clock` must outlive this object.
  LxdService(VMHostExtension& extension, const Clock& clock, LxdServiceOptions options);

  // Composes `spec` on the host placement picks (with `policy`, or the service's default).
  // kInsufficientResources when no host fits (or every host tried refused); otherwise the
  // first non-capacity error from MAAS. A host MAAS could not reach is skipped for a while
  // (LxdServiceOptions::unreachable_cooldown) and the next host tried. When MAAS's answer is lost
  // (kOutcomeUnknown) or the hostname exists (kAlreadyExists), it reconciles first: it looks the VM
  // up by hostname and returns it if MAAS made it, so no VM is ever made twice; if MAAS has none,
  // the error is kHostUnavailable (retry). A machine this service deleted is never taken back: MAAS
  // keeps it, and its hostname, until the decompose ends, so that too is kHostUnavailable. Without
  // a hostname there is nothing to reconcile by, and kOutcomeUnknown is returned.
  Result<lxd::LXDVMResult> ComposeVM(const lxd::VMSpec& spec,
                                     const PlacementConstraints& constraints,
                                     std::optional<PlacementPolicy> policy = std::nullopt);
  // Whether `specs` fit the client's view together, each placed (by `policy`) as if the ones
  // before it were composed; with `distinct_zones`, each in a zone no other one uses. Leaves
  // the view as it was. kInsufficientResources naming the first member that does not fit.
  Status PlanGroup(const std::vector<lxd::VMSpec>& specs, const PlacementConstraints& constraints,
                   bool distinct_zones, std::optional<PlacementPolicy> policy = std::nullopt);
  // Deletes the VM composed from `spec` (MAAS machine delete) and counts its resources as
  // free in the client's view. The machine is remembered as deleted for kForgetDeletedAfter.
  Status DeleteVM(const std::string& vm_host_id, const std::string& system_id,
                  const lxd::VMSpec& spec);

  const HostInventory& inventory() const { return inventory_; }
  // Refreshes the client's view when it is older than the interval, as a compose would.
  Status RefreshIfStale() { return inventory_.RefreshIfStale(); }
  // Composes MAAS refused for capacity although the client's view said the host fit.
  int64_t stale_refusals() const { return stale_refusals_; }
  // Composes whose answer was lost (kOutcomeUnknown) and that were settled by finding the VM.
  int64_t reconciled() const { return reconciled_; }
  // Composes that found no host only because the hosts that fit were unhealthy
  // (host_health.h; a host in maintenance still counts as not fitting, as before).
  int64_t blocked_by_health() const { return blocked_by_health_; }

  // `spec`'s placement request as this service places it: without the hosts that are cooling
  // down after being unreachable, and skipping the unhealthy ones (the request borrows the
  // inventory's list). For a caller planning on inventory().hosts(), e.g. rebalancing.
  Result<PlacementRequest> RequestFor(const lxd::VMSpec& spec,
                                      const PlacementConstraints& constraints);

  // How long a deleted machine is remembered: far longer than MAAS takes to decompose one.
  static constexpr Duration kForgetDeletedAfter = Duration::Hours(1);

 private:
  // After a lost answer on hosts()[index]: the VM named spec.hostname, if MAAS made it.
  Result<lxd::LXDVMResult> Reconcile(const lxd::VMSpec& spec, const PlacementRequest& request,
                                     size_t index, const Status& error);

  // True when a host would fit `request` if the unhealthy ones were healthy.
  bool BlockedByHealth(const PlacementRequest& request, PlacementPolicy policy) const;

  VMHostExtension& extension_;
  const Clock& clock_;
  LxdServiceOptions options_;
  HostInventory inventory_;
  int64_t stale_refusals_ = 0;
  int64_t reconciled_ = 0;
  int64_t blocked_by_health_ = 0;
  std::map<int64_t, Timestamp> unreachable_until_;  // by VM host id
  // Machines deleted through DeleteVM, oldest first, and the same ids as a set.
  std::deque<std::pair<Timestamp, std::string>> deleted_order_;
  std::set<std::string> deleted_;
};

// The placement request for `spec` under `constraints`. kStorageConfiguration for a disk
// size that does not parse.
Result<PlacementRequest> ToPlacementRequest(const lxd::VMSpec& spec,
                                            const PlacementConstraints& constraints);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_LXD_SERVICE_H_
