// Cold migration of a composed VM. MAAS has no live migration for VM hosts: the client
// composes a replacement on another host, then deletes the original, so that at the end the
// VM exists exactly once. While both exist the capacity is held twice; the replacement has
// its own machine, system_id and (MAAS's hostnames are unique) hostname.
#ifndef VMSIM_CORE_MIGRATION_H_
#define VMSIM_CORE_MIGRATION_H_

#include <optional>
#include <string>

#include "core/lxd_service.h"
#include "core/lxd_types.h"
#include "core/placement.h"
#include "core/status.h"

namespace vmsim::core {

struct MigrationOutcome {
  // OK: the VM now lives as `replacement`, and the original is gone. Not OK: the original is
  // still the VM (no replacement is left behind), unless `both_exist`.
  Status status;
  std::optional<lxd::LXDVMResult> replacement;
  // The original could not be deleted, nor the replacement after it: MAAS holds both, and the
  // caller owns `replacement` too (to delete when it can). Never true when status is OK.
  bool both_exist = false;
};

// Moves the VM `vm` (composed from `spec`) to another host placement picks under
// `constraints` (never its own host), composing the replacement as `replacement_hostname`.
// kInsufficientResources when no other host fits: nothing changes. The two halves below,
// one after the other; a caller that waits for the replacement to be Ready before deleting
// the original (as a careful operator would) calls them apart.
MigrationOutcome MigrateVM(LxdService& service, const lxd::LXDVMResult& vm, const lxd::VMSpec& spec,
                           const std::string& replacement_hostname,
                           PlacementConstraints constraints,
                           std::optional<PlacementPolicy> policy = std::nullopt);

// The first half: the replacement, composed on another host (see MigrateVM). On failure,
// nothing changed.
Result<lxd::LXDVMResult> ComposeReplacement(LxdService& service, const lxd::LXDVMResult& vm,
                                            const lxd::VMSpec& spec,
                                            const std::string& replacement_hostname,
                                            PlacementConstraints constraints,
                                            std::optional<PlacementPolicy> policy = std::nullopt);

// The second half: deletes the original `vm`; if MAAS refuses, deletes `replacement` instead,
// so the VM still exists once (both_exist when that fails too).
MigrationOutcome FinishMigration(LxdService& service, const lxd::LXDVMResult& vm,
                                 const lxd::VMSpec& spec, lxd::LXDVMResult replacement);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_MIGRATION_H_
