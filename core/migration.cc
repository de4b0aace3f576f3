#include "core/migration.h"

#include "core/maas_vmhost_extension.h"

namespace vmsim::core {

Result<lxd::LXDVMResult> ComposeReplacement(LxdService& service, const lxd::LXDVMResult& vm,
                                            const lxd::VMSpec& spec,
                                            const std::string& replacement_hostname,
                                            PlacementConstraints constraints,
                                            std::optional<PlacementPolicy> policy) {
  auto source = ParseVMHostId(vm.host_id);
  if (!source.ok()) return source.status();
  constraints.exclude_hosts.insert(*source);
  lxd::VMSpec moved = spec;
  moved.hostname = replacement_hostname;
  return service.ComposeVM(moved, constraints, policy);
}

MigrationOutcome FinishMigration(LxdService& service, const lxd::LXDVMResult& vm,
                                 const lxd::VMSpec& spec, lxd::LXDVMResult replacement) {
  MigrationOutcome out;
  out.status = service.DeleteVM(vm.host_id, vm.system_id, spec);
  if (out.status.ok()) {
    out.replacement = std::move(replacement);
    return out;
  }
  // The original stays: take the replacement back, so the VM still exists exactly once.
  if (!service.DeleteVM(replacement.host_id, replacement.system_id, spec).ok()) {
    out.both_exist = true;
    out.replacement = std::move(replacement);
  }
  return out;
}

MigrationOutcome MigrateVM(LxdService& service, const lxd::LXDVMResult& vm, const lxd::VMSpec& spec,
                           const std::string& replacement_hostname,
                           PlacementConstraints constraints,
                           std::optional<PlacementPolicy> policy) {
  auto replacement =
      ComposeReplacement(service, vm, spec, replacement_hostname, std::move(constraints), policy);
  if (!replacement.ok()) {
    MigrationOutcome out;
    out.status = replacement.status();
    return out;
  }
  return FinishMigration(service, vm, spec, std::move(replacement).value());
}

}  // namespace vmsim::core
