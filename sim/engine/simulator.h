// Runs a scenario: a single-threaded discrete-event loop in which simulated time jumps to the
// next event. Requests go through the real client code (core::LxdService over
// core::ClientExtensions) to the fake MAAS of a World (sim/world/world.h: in this process, or
// served); the simulator never touches the fake's state except as an operator would (adding
// hosts, failing them). One seed, forked into named substreams. Same scenario and seed:
// byte-identical outputs, whichever the world.
//
// The loop (sim/engine/simulator.cc) dispatches each event to one component: Arrivals (workload
// arrivals), Requests (the compose lifecycle: attempts, answers, retries), Fleet (live VMs:
// departures, host losses, moves' ends), Rebalancer; all share a RunContext
// (sim/engine/run_context.h), and RunSummary (sim/engine/run_summary.h) builds summary.json at the
// end.
#ifndef VMSIM_SIM_ENGINE_SIMULATOR_H_
#define VMSIM_SIM_ENGINE_SIMULATOR_H_

#include "core/clock.h"
#include "core/status.h"
#include "sim/engine/run_options.h"
#include "sim/scenario/scenario.h"
#include "sim/version.h"
#include "sim/world/world.h"

namespace vmsim::sim {

// Runs `scenario` against `world`, which runs on `clock` (the simulator advances it); both
// must be fresh for this run. Fails when the world fails (a served one stops answering).
core::Result<RunOutput> Simulate(const Scenario& scenario, const RunOptions& options,
                                 core::ManualClock& clock, World& world);

// Opens the world `options` asks for (RunOptions::backend: served there; else the fake MAAS in
// this process) and simulates `scenario` in it. Fails when the scenario's fleet is rejected by
// the fake MAAS (a bad host specification) before the first event, or (with a backend) when
// the server cannot be used or stops answering (kInvalidRequest, kHostUnavailable), or when
// --until is beyond the limits (sim/scenario/scenario_limits.h).
core::Result<RunOutput> RunScenario(const Scenario& scenario, const RunOptions& options);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_SIMULATOR_H_
