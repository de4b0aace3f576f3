#include "core/host_health.h"

#include "core/placement.h"

namespace vmsim::core {

std::string_view HostHealthName(HostHealth health) {
  switch (health) {
    case HostHealth::kHealthy:
      return "healthy";
    case HostHealth::kMaintenance:
      return "maintenance";
    case HostHealth::kMachineMissing:
      return "machine_missing";
    case HostHealth::kPoweredOff:
      return "powered_off";
    case HostHealth::kNotDeployed:
      return "not_deployed";
  }
  return "unknown";
}

HostHealth AssessHostHealth(const VMHost& host, const Machine* machine) {
  if (host.HasTag(kMaintenanceTag)) return HostHealth::kMaintenance;
  if (!host.host_system_id) return HostHealth::kHealthy;
  if (machine == nullptr) return HostHealth::kMachineMissing;
  if (machine->power_state != "on") return HostHealth::kPoweredOff;
  if (machine->status != NodeStatus::kDeployed) return HostHealth::kNotDeployed;
  return HostHealth::kHealthy;
}

}  // namespace vmsim::core
