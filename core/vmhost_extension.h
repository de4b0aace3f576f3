// THE seam between a MAAS integration and MAAS: the seed's VMHostExtensionInterface
// (pkg/maas/client/vmhost.go). core::MaasVMHostExtension implements it over any MaasApi
// (the in-process fake, or HTTP to a real MAAS); fakes::FaultInjector wraps the MaasApi below
// it, so faults reach the client as MAAS's own answers.
// Implementations are thread-compatible unless they say otherwise.
#ifndef VMSIM_CORE_VMHOST_EXTENSION_H_
#define VMSIM_CORE_VMHOST_EXTENSION_H_

#include <optional>
#include <string_view>
#include <vector>

#include "core/host_health.h"
#include "core/status.h"
#include "core/types.h"

namespace vmsim::core {

class VMHostExtension {
 public:
  virtual ~VMHostExtension() = default;

  // Returns the VM hosts that match every set field of `params`, ordered by id. MAAS offers
  // no server-side filters, so this lists all hosts and filters here.
  virtual Result<std::vector<VMHost>> QueryVMHosts(const VMHostQueryParams& params) = 0;

  // Composes a VM on params.vm_host_id. On success the host's `used` already counts it and
  // the machine is commissioning (MAAS's lifecycle). Fails with kProjectNotFound /
  // kProfileNotFound when MAAS cannot honour the LXD project or profile, and otherwise with
  // the kind ClassifyMaasError gives MAAS's answer (kInsufficientResources for over-commit
  // or full storage, kOutcomeUnknown when the VM may exist despite the error).
  virtual Result<ComposedVM> ComposeVM(const ComposeVMParams& params) = 0;

  // Deletes the machine `system_id` composed on `vm_host_id` (MAAS: DELETE machines/{id}/,
  // not release). Returns OK as soon as MAAS accepted; the host's `used` drops later, when
  // MAAS's decompose finishes. kNotFound when the machine is unknown or on another host.
  virtual Status DecomposeVM(std::string_view vm_host_id, std::string_view system_id) = 0;

  // Returns the host's total / used / available, overall and per storage pool.
  virtual Result<VMHostResources> GetVMHostResources(std::string_view vm_host_id) = 0;

  // Not in the seed: the VM whose machine has `hostname`, or nullopt when MAAS has none. How
  // a client reconciles after an answer it could not read (kOutcomeUnknown): MAAS hostnames
  // are unique, so a retried compose finds the VM it may already have made.
  virtual Result<std::optional<ComposedVM>> FindVMByHostname(std::string_view hostname) = 0;

  // Not in the seed: the hosts among `hosts` a real client must not place on, and why
  // (host_health.h), by VM host id. Reads the backing machines with one machines listing,
  // and only when some host has one.
  virtual Result<UnhealthyHosts> CheckHostHealth(const std::vector<VMHost>& hosts) = 0;
};

}  // namespace vmsim::core

#endif  // VMSIM_CORE_VMHOST_EXTENSION_H_
