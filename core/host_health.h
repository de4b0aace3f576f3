// Host health: what a real client checks before it places a VM on a VM host, beyond
// capacity. Cluster API Provider MAAS (reference 8.7, SelectLXDHostWithMaasClient) requires
// the machine backing the host (host.system_id) to be powered on and Deployed, and the host
// not to carry the maintenance tag. MAAS's vm-host object has no health field of its own:
// the machine comes from GET machines/. Pure functions; thread-safe.
#ifndef VMSIM_CORE_HOST_HEALTH_H_
#define VMSIM_CORE_HOST_HEALTH_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>

#include "core/maas_api.h"
#include "core/types.h"

namespace vmsim::core {

// Why a host is not placed on; the first failing check, in this order.
enum class HostHealth {
  kHealthy,
  kMaintenance,     // the host carries kMaintenanceTag (placement.h)
  kMachineMissing,  // host.system_id names a machine MAAS does not list
  kPoweredOff,      // the backing machine's power_state is not "on" ("off", "unknown", "error")
  kNotDeployed,     // the backing machine's status is not Deployed (e.g. Broken, Rescue mode)
};

// "healthy", "maintenance", "machine_missing", "powered_off", "not_deployed".
std::string_view HostHealthName(HostHealth health);

// The health of `host`, given its backing machine as MAAS lists it (null when MAAS listed
// none for host.system_id). A host with no system_id (MAAS knows no machine behind it) has
// nothing to check: healthy unless in maintenance.
HostHealth AssessHostHealth(const VMHost& host, const Machine* backing_machine);

// The unhealthy hosts among `hosts`, by VM host id (healthy ones are left out).
using UnhealthyHosts = std::map<int64_t, HostHealth>;

}  // namespace vmsim::core

#endif  // VMSIM_CORE_HOST_HEALTH_H_
