#include "sim/world/world_wire.h"

namespace vmsim::sim {
namespace {

core::Status Malformed(std::string_view what, const std::exception& e) {
  return core::Status(core::ErrorKind::kInvalidRequest,
                      "vmsim world endpoint: malformed " + std::string(what) + ": " + e.what());
}

}  // namespace

nlohmann::json ToJson(const WorldSession& s) {
  return {{"scenario", s.scenario},
          {"content_fnv1a64", s.content_fnv1a64},
          {"seed", s.seed},
          {"claimed", s.claimed}};
}

nlohmann::json ToJson(const MaasEffects& e) {
  nlohmann::json fired = nlohmann::json::array();
  for (const auto& f : e.fired) fired.push_back({{"site", f.site}, {"host", f.host}});
  return {{"fired", fired},
          {"ready_delay_us", e.ready_delay.micros()},
          {"compose_latency_us", e.compose_latency.micros()}};
}

nlohmann::json ToJson(const EventOutcome& e) {
  nlohmann::json out = {{"ok", e.status.ok()}, {"lost_machines", e.lost_machines}};
  if (!e.status.ok()) {
    out["kind"] = core::ErrorKindName(e.status.kind());
    out["message"] = e.status.message();
    out["host_id"] = e.status.host_id();
  }
  return out;
}

nlohmann::json ToJson(const MaasState& s) {
  return {{"vm_hosts", s.vm_hosts},
          {"machines", s.machines},
          {"leaked_backend_vms", s.leaked_backend_vms}};
}

core::Result<WorldSession> WorldSessionFromJson(const nlohmann::json& j) {
  try {
    return WorldSession{j.at("scenario").get<std::string>(),
                        j.at("content_fnv1a64").get<std::string>(), j.at("seed").get<uint64_t>(),
                        j.at("claimed").get<bool>()};
  } catch (const nlohmann::json::exception& e) {
    return Malformed("session", e);
  }
}

core::Result<MaasEffects> MaasEffectsFromJson(const nlohmann::json& j) {
  try {
    MaasEffects out;
    for (const auto& f : j.at("fired"))
      out.fired.push_back({f.at("site").get<std::string>(), f.at("host").get<int64_t>()});
    out.ready_delay = core::Duration::Micros(j.at("ready_delay_us").get<int64_t>());
    out.compose_latency = core::Duration::Micros(j.at("compose_latency_us").get<int64_t>());
    return out;
  } catch (const nlohmann::json::exception& e) {
    return Malformed("effects", e);
  }
}

core::Result<EventOutcome> EventOutcomeFromJson(const nlohmann::json& j) {
  try {
    EventOutcome out;
    out.lost_machines = j.at("lost_machines").get<std::vector<std::string>>();
    if (!j.at("ok").get<bool>()) {
      const auto kind = core::ErrorKindFromName(j.at("kind").get<std::string>());
      if (!kind)
        return core::Status(core::ErrorKind::kInvalidRequest,
                            "vmsim world endpoint: unknown error kind " + j.at("kind").dump());
      out.status = core::Status(*kind, j.at("message").get<std::string>(),
                                j.at("host_id").get<std::string>());
    }
    return out;
  } catch (const nlohmann::json::exception& e) {
    return Malformed("event outcome", e);
  }
}

core::Result<MaasState> MaasStateFromJson(const nlohmann::json& j) {
  try {
    return MaasState{j.at("vm_hosts").get<int64_t>(),
                     j.at("machines").get<std::vector<std::string>>(),
                     j.at("leaked_backend_vms").get<int64_t>()};
  } catch (const nlohmann::json::exception& e) {
    return Malformed("state", e);
  }
}

}  // namespace vmsim::sim
