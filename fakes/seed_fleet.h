// The built-in fleet "seed": the seed's three mock LXD hosts (pkg/maas/client/vmhost.go
// getMockVMHosts) as fake VM hosts, their `used` figures made real by pre-existing VMs.
#ifndef VMSIM_FAKES_SEED_FLEET_H_
#define VMSIM_FAKES_SEED_FLEET_H_

#include <vector>

#include "fakes/fake_host.h"

namespace vmsim::fakes {

// lxd-host-1: zone-a, pool default, tags lxd+compute, 16 cores / 32768 MiB, used 4 / 8192.
// lxd-host-2: zone-b, pool default, tags lxd+compute, 16 / 32768, used 2 / 4096.
// lxd-host-3: zone-c, pool compute-pool, tags lxd+compute+high-memory, 32 / 65536, used 8 / 16384.
// Each has one 1 TB "default" dir storage pool; each existing VM has one 20 GB disk. Each
// stands on a MAAS machine (powered on, Deployed), and has the default host network.
std::vector<FakeHostSpec> SeedFleet();

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_SEED_FLEET_H_
