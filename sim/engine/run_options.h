// What a run is asked to do (RunOptions) and what it gives back (RunOutput).
#ifndef VMSIM_SIM_ENGINE_RUN_OPTIONS_H_
#define VMSIM_SIM_ENGINE_RUN_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/time.h"
#include "sim/world/remote_world.h"

namespace vmsim::sim {

struct RunOptions {
  std::optional<uint64_t> seed;          // overrides the scenario's
  std::optional<core::Duration> until;   // overrides the scenario's duration
  bool event_log = false;                // keep the event log, events.jsonl (`vmsim run --trace`)
  std::optional<RemoteBackend> backend;  // the world: served there, not in this process
  // Called now and then with the fraction of simulated time done (for a progress bar).
  std::function<void(double)> progress;
};

struct RunOutput {
  nlohmann::ordered_json summary;  // summary.json; wall-clock figures under "run"
  std::string timeseries_csv;
  std::string events_jsonl;  // the event log; empty unless RunOptions::event_log
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_RUN_OPTIONS_H_
