// A machine as MAAS 3.7's MachineHandler renders it (src/maasserver/api/machines.py
// DISPLAYED_MACHINE_FIELDS but constraints_by_type, which only allocate adds; and resource_uri),
// from the fake's typed machine and what the wire shows beyond it (FakeMachineDetails): owner,
// OS, block devices with MAAS's flat UEFI layout, one NIC, the script statuses, hardware_info. Only
// the wire needs this; in process the client reads core::Machine's typed fields. Pure; thread-safe.
#ifndef VMSIM_FAKES_MACHINE_JSON_H_
#define VMSIM_FAKES_MACHINE_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>

#include "core/maas_api.h"
#include "fakes/fake_maas.h"

namespace vmsim::fakes {

nlohmann::json MachineWireJson(const core::Machine& m,
                               const std::optional<FakeMachineDetails>& details);

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_MACHINE_JSON_H_
