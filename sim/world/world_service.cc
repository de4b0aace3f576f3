#include "sim/world/world_service.h"

#include <charconv>

#include "core/json_text.h"
#include "sim/world/world_wire.h"

namespace vmsim::sim {
namespace {

fakes::ControlReply Json(int status, const nlohmann::json& j) { return {status, j.dump()}; }
fakes::ControlReply Error(int status, const std::string& what) {
  return Json(status, {{"error", what}});
}

template <typename T>
fakes::ControlReply Reply(const core::Result<T>& r) {
  return r.ok() ? Json(200, ToJson(r.value())) : Error(500, r.status().message());
}

}  // namespace

fakes::ControlReply WorldService::Handle(const std::string& method, const std::string& path,
                                         const std::string& body) {
  if (!path.starts_with(kWorldApiRoot)) return Error(404, "no such vmsim endpoint: " + path);
  const std::string what = path.substr(std::string_view(kWorldApiRoot).size());
  const Scenario& s = world_.scenario();
  const WorldSession session{s.name, s.content_hash, world_.seed(), claimed_};
  if (what == "session") {
    if (method == "GET") return Json(200, ToJson(session));
    if (method != "POST") return Error(405, "session: GET or POST");
    if (claimed_)
      return Error(
          409,
          "this served world has already been claimed by a run; restart vmsim serve for another");
    claimed_ = true;
    return Json(
        200, ToJson(WorldSession{session.scenario, session.content_fnv1a64, session.seed, true}));
  }
  if (what == "state") {
    if (method != "GET") return Error(405, "state: GET");
    return Reply(world_.State());
  }
  if (what == "effects") {
    if (method != "POST") return Error(405, "effects: POST");
    const nlohmann::json j = core::ParseJsonOrDiscarded(body);
    if (!j.is_object() || !j.contains("compose") || !j["compose"].is_boolean()) {
      return Error(400, "effects: expected a body {\"compose\": true|false}");
    }
    return Reply(world_.TakeEffects(j["compose"].get<bool>()));
  }
  if (what.starts_with("events/")) {
    if (method != "POST") return Error(405, "events: POST");
    const std::string_view n = std::string_view(what).substr(7);
    size_t index = 0;
    if (std::from_chars(n.data(), n.data() + n.size(), index).ptr != n.data() + n.size() ||
        n.empty() || index >= s.events.size()) {
      return Error(404, "no timed event " + std::string(n) + " in " + s.file + " (it has " +
                            std::to_string(s.events.size()) + ")");
    }
    return Reply(world_.ApplyEvent(index));
  }
  return Error(404, "no such vmsim endpoint: " + path);
}

}  // namespace vmsim::sim
