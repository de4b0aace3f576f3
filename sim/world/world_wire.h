// The JSON of vmsim's world endpoints (`vmsim serve --clock simulated`), shared by the server
// (sim/world/world_service.h) and the client (sim/world/remote_world.h). Version 1, under
// /vmsim/v1/:
//   GET  session        {"scenario", "content_fnv1a64", "seed", "claimed"}
//   POST session        claims the served world for one run: 200 as above, 409 if claimed
//   POST effects        body {"compose": bool} -> MaasEffects (taken: the next call starts anew)
//   POST events/<i>     applies the scenario's timed event i now -> EventOutcome
//   GET  state          MaasState
// Durations are integer microseconds; errors are {"error": "..."} with a 4xx status.
#ifndef VMSIM_SIM_WORLD_WORLD_WIRE_H_
#define VMSIM_SIM_WORLD_WORLD_WIRE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "sim/world/world.h"

namespace vmsim::sim {

inline constexpr char kWorldApiRoot[] = "/vmsim/v1/";

struct WorldSession {
  std::string scenario;         // its name
  std::string content_fnv1a64;  // Scenario::content_hash
  uint64_t seed = 0;
  bool claimed = false;
};

nlohmann::json ToJson(const WorldSession& s);
nlohmann::json ToJson(const MaasEffects& e);
nlohmann::json ToJson(const EventOutcome& e);
nlohmann::json ToJson(const MaasState& s);

// Each fails with kInvalidRequest naming what is missing or malformed.
core::Result<WorldSession> WorldSessionFromJson(const nlohmann::json& j);
core::Result<MaasEffects> MaasEffectsFromJson(const nlohmann::json& j);
core::Result<EventOutcome> EventOutcomeFromJson(const nlohmann::json& j);
core::Result<MaasState> MaasStateFromJson(const nlohmann::json& j);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_WORLD_WORLD_WIRE_H_
