// MAAS's ComposeMachineForm (src/maasserver/forms/pods.py): validates compose form fields
// with Django's semantics and messages, applies MAAS's defaults, and ignores unknown fields.
// Pure function over the facts passed in; thread-safe.
#ifndef VMSIM_FAKES_COMPOSE_FORM_H_
#define VMSIM_FAKES_COMPOSE_FORM_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/interfaces_constraint.h"
#include "core/maas_api.h"
#include "core/storage_constraint.h"

namespace vmsim::fakes {

// MAAS's defaults (DEFAULT_COMPOSED_CORES / _MEMORY / _STORAGE).
inline constexpr int64_t kDefaultComposedCores = 1;
inline constexpr int64_t kDefaultComposedMemory = 2048;  // MiB
inline constexpr int64_t kMinComposedMemory = 1024;      // MiB

// What the form checks against: the VM host's hints and MAAS's objects.
struct ComposeFormContext {
  int64_t max_cores = 0;      // pod.hints.cores: the host's physical total, no over-commit
  int64_t max_memory = 0;     // pod.hints.memory (MiB)
  int64_t max_cpu_speed = 0;  // pod.hints.cpu_speed (MHz); 0: no upper bound
  std::vector<std::string> architectures;
  int64_t default_zone_id = 1;
  int64_t host_pool_id = 0;
  std::function<bool(int64_t)> zone_exists;
  std::function<bool(int64_t)> pool_exists;
  std::function<bool(const std::string&)> hostname_taken;  // by any node, VM hosts' own included
};

// The validated request, defaults applied.
struct ComposeRequest {
  int64_t cores = kDefaultComposedCores;  // what the over-commit check counts
  std::vector<int64_t> pinned_cores;      // sorted; choices 0 .. max_cores-1
  int64_t memory = kDefaultComposedMemory;
  bool hugepages_backed = false;
  std::optional<int64_t> cpu_speed;  // MHz, at least 300
  std::string architecture;
  std::vector<core::StorageDisk> disks;
  std::vector<core::InterfaceConstraint> interfaces;  // empty: MAAS's default NIC
  std::string hostname;                               // empty: MAAS picks a petname
  int64_t zone_id = 1;                                // the default zone, not the VM host's
  int64_t pool_id = 0;                                // the VM host's pool
  bool skip_commissioning = false;

  // The VM's vCPUs: the pinned cores where the driver pins them (LXD: limits.cpu lists them and
  // `cores` is ignored), else `cores` (virsh ignores pinning).
  int64_t VmCores(bool driver_pins) const {
    return driver_pins && !pinned_cores.empty() ? static_cast<int64_t>(pinned_cores.size()) : cores;
  }
};

// Returns the request, or 400 with a JSON body {field: [message, ...]} in MAAS's words.
core::MaasResult<ComposeRequest> ValidateComposeForm(const core::FormData& form,
                                                     const ComposeFormContext& context);

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_COMPOSE_FORM_H_
