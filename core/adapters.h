// The seed's adapters between the MAAS client types and the LXD service types
// (pkg/maas/client/integration.go). Pure functions and small value classes; thread-safe.
#ifndef VMSIM_CORE_ADAPTERS_H_
#define VMSIM_CORE_ADAPTERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lxd_types.h"
#include "core/types.h"

namespace vmsim::core {

// VM hosts as the LXD service sees them. Capabilities come from what MAAS reports (the
// "composable" capability, storage pool names) instead of the seed's hard-coded lists.
std::vector<lxd::LXDHost> VMHostsToLXDHosts(const std::vector<VMHost>& hosts);

class LXDVMSpecAdapter {
 public:
  LXDVMSpecAdapter(lxd::VMSpec spec, std::string vm_host_id)
      : spec_(std::move(spec)), vm_host_id_(std::move(vm_host_id)) {}
  ComposeVMParams ToComposeVMParams() const;

 private:
  lxd::VMSpec spec_;
  std::string vm_host_id_;
};

class ComposedVMAdapter {
 public:
  explicit ComposedVMAdapter(ComposedVM vm) : vm_(std::move(vm)) {}
  lxd::LXDVMResult ToLXDVMResult(std::string_view project) const;

 private:
  ComposedVM vm_;
};

// The one provider-ID format: "maas:///<zone>/<system_id>", as Cluster API Provider MAAS sets
// it (pkg/maas/scope/machine.go). REQUIRES: zone and system_id are non-empty.
std::string ProviderID(std::string_view zone, std::string_view system_id);

struct ParsedProviderID {
  std::string zone;
  std::string system_id;
  bool operator==(const ParsedProviderID&) const = default;
};
// The inverse of ProviderID; nullopt for anything else (including the seed's older
// "maas://zone/id" and "maas-lxd://" forms).
std::optional<ParsedProviderID> ParseProviderID(std::string_view provider_id);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_ADAPTERS_H_
