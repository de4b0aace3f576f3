// Runs a scenario: a single-threaded discrete-event loop in which simulated time jumps to the
// next event. Requests go through the real client code (core::LxdService over
// core::ClientExtensions) to the fake MAAS of a World (sim/world.h: in this process, or
// served); the simulator never touches the fake's state except as an operator would (adding
// hosts, failing them). One seed, forked into named substreams. Same scenario and seed:
// byte-identical outputs, whichever the world.
#ifndef VMSIM_SIM_SIMULATOR_H_
#define VMSIM_SIM_SIMULATOR_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "core/time.h"
#include "sim/remote_world.h"
#include "sim/scenario.h"

namespace vmsim::sim {

struct RunOptions {
  std::optional<uint64_t> seed;          // overrides the scenario's
  std::optional<core::Duration> until;   // overrides the scenario's duration
  bool trace = false;                    // collect events.jsonl
  // Run against `vmsim serve --clock simulated` there, not the fake MAAS in this process.
  std::optional<RemoteBackend> backend;
  // Called now and then with the fraction of simulated time done (for a progress bar).
  std::function<void(double)> progress;
};

struct RunOutput {
  nlohmann::ordered_json summary;  // summary.json; wall-clock figures under "run"
  std::string timeseries_csv;
  std::string events_jsonl;  // empty unless RunOptions::trace
};

// Runs `scenario`. Fails when the scenario's fleet is rejected by the fake MAAS (a bad host
// specification) before the first event, or (with a backend) when the server cannot be used
// or stops answering (kInvalidRequest, kHostUnavailable).
core::Result<RunOutput> RunScenario(const Scenario& scenario, const RunOptions& options);

// The vmsim version, as in summary.json and `vmsim --version`.
std::string_view VmsimVersion();

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SIMULATOR_H_
