// Host selection: which VM host gets a VM, under constraints (zone, resource pool, tags,
// architecture, storage room, a spread group's zones) and a policy. Works on the client's
// view of the fleet (HostInventory), which may be stale: MAAS's answer stays the authority.
// Pure functions over the inventory; thread-compatible.
#ifndef VMSIM_CORE_PLACEMENT_H_
#define VMSIM_CORE_PLACEMENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/host_health.h"
#include "core/status.h"
#include "core/types.h"

namespace vmsim::core {

enum class PlacementPolicy {
  kFirstFit,     // the lowest VM host id that fits
  kBestFit,      // the least memory left after placing, then the fewest cores left
  kWorstFit,     // the most memory left after placing, then the most cores (balance)
  kSeedOptimal,  // the seed's SelectOptimalHost: lowest (used cores+MiB) / (available+1)
  // Cluster API Provider MAAS's ranking (host_maas_client.go SelectLXDHostWithMaasClient):
  // the fewest VMs of the request's group (e.g. the cluster's control plane) on the host,
  // then the highest score available cores / requested + available MiB / requested.
  kClusterApi,
};

// "first-fit", "best-fit", "worst-fit", "seed-optimal", "cluster-api".
Result<PlacementPolicy> ParsePlacementPolicy(std::string_view name);

// The tag that takes a host out of placement (a maintenance drain), as Cluster API Provider
// MAAS skips hosts carrying it.
inline constexpr std::string_view kMaintenanceTag = "maintenance";

struct PlacementRequest {
  int64_t cores = 1;
  int64_t memory = 1024;                               // MiB
  std::vector<std::pair<std::string, int64_t>> disks;  // (storage pool or "" for default, bytes)
  std::optional<std::string> zone;
  std::optional<std::string> resource_pool;
  std::vector<std::string> tags;      // all required
  std::string architecture;           // empty: any
  std::set<std::string> avoid_zones;  // a spread group's zones already used
  std::set<int64_t> exclude_hosts;    // hosts that already refused this request
  std::optional<int64_t> host;        // set: no other host fits
  // For kClusterApi: how many VMs of the request's group each host (by id) holds; borrowed,
  // may be null (none anywhere).
  const std::map<int64_t, int64_t>* group_vms = nullptr;
  // Hosts the client found unhealthy (host_health.h), by id; borrowed, may be null (none).
  const UnhealthyHosts* unhealthy = nullptr;
};

// True when `host` can take `request` by the numbers the client sees: composable, not in
// maintenance, not unhealthy (request.unhealthy), constraints met, over-commit room for cores and
// memory (MAAS's check), each VM within the host's physical totals (MAAS's per-VM caps), and
// MAAS-accounted room in the disks' storage pools.
bool Fits(const VMHost& host, const PlacementRequest& request);

// kClusterApi's ranking key for `host` (lower wins): (group VMs on it, -capacity score).
std::tuple<double, double> ClusterApiKey(const VMHost& host, const PlacementRequest& request);

// Counts a VM of `request`'s shape on `host` as composed (sign +1) or deleted (-1): used up,
// available down, and the disks in their storage pools (an unknown pool name is the default
// pool, as in MAAS).
void AccountVM(VMHost& host, const PlacementRequest& request, int64_t sign);

// The index in `hosts` of the host `policy` picks among those that fit; nullopt if none fits.
std::optional<size_t> ChooseHost(const std::vector<VMHost>& hosts, const PlacementRequest& request,
                                 PlacementPolicy policy);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_PLACEMENT_H_
