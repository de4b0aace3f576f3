// RunContext: what every part of a running simulation shares: the scenario, the simulated
// clock and the agenda, MAAS's world and the client under test (core::LxdService over
// core::ClientExtensions), the client's placement groups, the metrics, the fault statistics
// and the event log. The components (sim/engine/arrivals.h, sim/engine/requests.h,
// sim/engine/fleet.h, sim/engine/rebalancer.h) each hold one; Simulator (sim/engine/simulator.cc)
// owns it.
#ifndef VMSIM_SIM_ENGINE_RUN_CONTEXT_H_
#define VMSIM_SIM_ENGINE_RUN_CONTEXT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/client_extensions.h"
#include "core/clock.h"
#include "core/lxd_service.h"
#include "core/placement_group.h"
#include "core/status.h"
#include "core/time.h"
#include "sim/engine/event_queue.h"
#include "sim/engine/fault_stats.h"
#include "sim/engine/metrics.h"
#include "sim/engine/run_options.h"
#include "sim/scenario/scenario.h"
#include "sim/world/world.h"

namespace vmsim::sim {

// The events of a run; EventPayload::a and b as each says.
enum EventType : uint32_t {
  kArrival = 1,  // a: workload, b: for burst and list arrivals, the index in ArrivalProcess::at
  kAttempt,      // a: request slot
  kComposeDone,  // a: request slot
  kDeparture,    // a: VM slot, b: its serial
  kSample,
  kTimedEvent,          // a: index in Scenario::events
  kArrivalTraceRecord,  // a: workload, b: record index in its arrival trace
  kRebalance,
  kMoveReady,  // a: VM slot, b: its serial
};

class RunContext {
 public:
  // `clock` and `world` (on that clock) must outlive the context.
  RunContext(const Scenario& s, const RunOptions& o, core::ManualClock& clock, World& world);

  core::Timestamp Now() const { return clock.Now(); }
  // Schedules an event at `t`; one at or past the end of the run never happens.
  void Schedule(core::Timestamp t, EventType type, uint64_t a = 0, uint64_t b = 0) {
    if (t < end) queue.Push(t, {type, a, b});
  }
  // Schedules an answer due at `t`, or at the end of the run if later: it is then still on
  // its way when the run ends (a pending request).
  void ScheduleClamped(core::Timestamp t, EventType type, uint64_t a = 0) {
    queue.Push(t < end ? t : end, {type, a, 0});
  }
  // Appends make()'s fields to the event log (events.jsonl), after the time; builds nothing
  // unless the run keeps one.
  template <typename MakeFields>
  void Log(MakeFields&& make) {
    if (!options.event_log) return;
    nlohmann::ordered_json out = {{"t_us", Now().micros()}};
    out.update(make());
    event_log += out.dump() + "\n";
  }
  // What MAAS did during the client's last calls: logs and counts the faults that fired. A
  // world that fails (a remote one gone) stops the run (world_error).
  MaasEffects TakeEffects(bool compose);
  // Records the world's first failure, if `r` is one: the run stops there and reports it.
  template <typename T>
  bool Failed(const core::Result<T>& r) {
    if (!r.ok() && world_error.ok()) world_error = r.status();
    return !r.ok();
  }

  const Scenario& s;
  const RunOptions& options;
  core::ManualClock& clock;
  const core::Timestamp end;
  World& world;
  core::Status world_error;
  core::ClientExtensions extensions;
  core::LxdService service;
  // The client's placement group of each workload: its zones (spread) and members per host
  // (cluster-api).
  std::vector<core::PlacementGroup> groups;
  EventQueue queue;
  Metrics metrics;
  FaultStats faults;
  std::string event_log;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_RUN_CONTEXT_H_
