// World: MAAS's side of a simulated run, as the simulator sees it. The client code under test
// talks to MAAS only through api(), MAAS's wire-level seam; everything else here is what an
// operator does (the scenario's timed events) and what vmsim observes about MAAS to report it
// (the delays MAAS drew, the faults that fired, its machines at the end). Two kinds:
//   LocalWorld   the fake MAAS and its fault injector in this process (sim/world/local_world.h);
//   RemoteWorld  the same, served by `vmsim serve --clock simulated` (sim/world/remote_world.h).
// For a scenario and seed, both give the simulator the same answers in the same order, so a
// run's outputs do not depend on which one it used.
#ifndef VMSIM_SIM_WORLD_WORLD_H_
#define VMSIM_SIM_WORLD_WORLD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/maas_api.h"
#include "core/status.h"
#include "core/time.h"

namespace vmsim::sim {

struct FiredFault {
  std::string site;
  int64_t host = 0;  // the VM host's id, or 0
  bool operator==(const FiredFault&) const = default;
};

// What MAAS did during the client's calls since the last World::TakeEffects().
struct MaasEffects {
  std::vector<FiredFault> fired;   // in firing order; each fired at the current simulated time
  core::Duration ready_delay;      // commissioning + testing drawn for VMs composed meanwhile
  core::Duration compose_latency;  // how long MAAS took to answer a compose (when asked for)
  bool operator==(const MaasEffects&) const = default;
};

// The outcome of one of the scenario's timed events.
struct EventOutcome {
  core::Status status;                     // why the event (or part of it) could not be done
  std::vector<std::string> lost_machines;  // fail_host with lose_vms: the machines now gone
};

// MAAS as an operator would see it in its UI, without faults.
struct MaasState {
  int64_t vm_hosts = 0;
  std::vector<std::string> machines;  // composed machines' system_ids, sorted
  int64_t leaked_backend_vms = 0;     // VMs left on LXD hosts after MAAS forgot them
};

class World {
 public:
  virtual ~World() = default;

  // MAAS's API, as the client under test reaches it.
  virtual core::MaasApi& api() = 0;

  // Takes what MAAS did since the last call. With `compose`, the client has just composed
  // (or tried to): also draws how long MAAS took to answer, from the scenario's
  // compose_latency. Call it after every call the client makes through api().
  virtual core::Result<MaasEffects> TakeEffects(bool compose) = 0;

  // Does the scenario's timed event `index` (REQUIRES: a valid index), now.
  virtual core::Result<EventOutcome> ApplyEvent(size_t index) = 0;

  virtual core::Result<MaasState> State() = 0;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_WORLD_WORLD_H_
