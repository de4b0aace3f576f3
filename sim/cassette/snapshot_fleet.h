// The fleet a fake starts from to replay a cassette: the VM hosts of its first snapshot (GET
// vm-hosts/ and GET machines/ as MAAS answered them), as FakeMaas host specs. Each host keeps
// its name, type, zone, pool, tags, architectures, totals, storage pools, over-commit ratios and
// backing machine (system_id, status, power). Its composed machines become existing VMs with
// their hostnames, cores and memory; the storage MAAS counted per pool is put on the first of
// them, and what `used` counts beyond them (VMs of machines the key could not see) on one more
// VM, so `used` starts where the snapshot says.
#ifndef VMSIM_SIM_CASSETTE_SNAPSHOT_FLEET_H_
#define VMSIM_SIM_CASSETTE_SNAPSHOT_FLEET_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "fakes/fake_host.h"

namespace vmsim::sim {

struct SnapshotHost {
  int64_t recorded_id = 0;  // the VM host's id in the recorded MAAS
  fakes::FakeHostSpec spec;
};

// In the snapshot's order, sorted by recorded id. kInvalidRequest names the JSON pointer
// (under `where`, e.g. "cassette.json: /initial") of what cannot be read.
core::Result<std::vector<SnapshotHost>> FleetFromSnapshot(const nlohmann::json& vm_hosts,
                                                          const nlohmann::json& machines,
                                                          const std::string& where);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_CASSETTE_SNAPSHOT_FLEET_H_
