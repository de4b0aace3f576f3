#include "core/migration.h"

#include "core/maas_vmhost_extension.h"

namespace vmsim::core {

MigrationOutcome MigrateVM(LxdService& service, const lxd::LXDVMResult& vm, const lxd::VMSpec& spec,
                           const std::string& replacement_hostname, PlacementConstraints constraints,
                           std::optional<PlacementPolicy> policy) {
  MigrationOutcome out;
  auto source = ParseVMHostId(vm.host_id);
  if (!source.ok()) {
    out.status = source.status();
    return out;
  }
  constraints.exclude_hosts.insert(*source);
  lxd::VMSpec moved = spec;
  moved.hostname = replacement_hostname;
  auto replacement = service.ComposeVM(moved, constraints, policy);
  if (!replacement.ok()) {
    out.status = replacement.status();
    return out;
  }
  out.status = service.DeleteVM(vm.host_id, vm.system_id, spec);
  if (out.status.ok()) {
    out.replacement = std::move(replacement).value();
    return out;
  }
  // The original stays: take the replacement back, so the VM still exists exactly once.
  if (!service.DeleteVM(replacement->host_id, replacement->system_id, moved).ok()) {
    out.both_exist = true;
    out.replacement = std::move(replacement).value();
  }
  return out;
}

}  // namespace vmsim::core
