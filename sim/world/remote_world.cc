#include "sim/world/remote_world.h"

#include "core/json_text.h"
#include "fakes/maas_http_server.h"
#include "sim/world/world_wire.h"

namespace vmsim::sim {
namespace {

// "http://host:port" means MAAS's usual API root on it.
std::string ApiRoot(const std::string& url) {
  const size_t scheme = url.find("://");
  const bool has_path =
      scheme != std::string::npos && url.find('/', scheme + 3) != std::string::npos;
  return has_path ? url : url + "/MAAS";
}

}  // namespace

core::Result<std::unique_ptr<RemoteWorld>> RemoteWorld::Connect(const RemoteBackend& backend,
                                                                const Scenario& scenario,
                                                                uint64_t seed,
                                                                const core::Clock& simulated_time) {
  std::unique_ptr<RemoteWorld> world(new RemoteWorld());
  world->url_ = backend.url;
  core::MaasHttpOptions options;
  options.url = ApiRoot(backend.url);
  options.api_key = backend.api_key;
  options.extra_headers = [&simulated_time] {  // for `vmsim serve --clock simulated` to follow
    return std::vector<std::pair<std::string, std::string>>{
        {fakes::kSimulatedTimeHeader, std::to_string(simulated_time.Now().micros())}};
  };
  auto client = core::MaasHttpClient::Create(options, world->auth_clock_);
  if (!client.ok())
    return core::Status(core::ErrorKind::kInvalidRequest,
                        "--backend: " + client.status().message());
  world->client_ = std::move(client).value();

  const std::string serve = "vmsim serve --scenario " + scenario.file + " --seed " +
                            std::to_string(seed) + " --clock simulated";
  auto answer = world->Call("GET", "session");
  if (!answer.ok()) return answer.status();
  auto session = WorldSessionFromJson(*answer);
  if (!session.ok()) return session.status();
  if (session->content_fnv1a64 != scenario.content_hash || session->seed != seed) {
    return core::Status(core::ErrorKind::kInvalidRequest,
                        backend.url + " serves scenario \"" + session->scenario + "\" (content " +
                            session->content_fnv1a64 + ") with seed " +
                            std::to_string(session->seed) + ", but this run is \"" + scenario.name +
                            "\" (content " + scenario.content_hash + ") with seed " +
                            std::to_string(seed) + ": start it with `" + serve + "`");
  }
  auto claim = world->Call("POST", "session");
  if (!claim.ok()) return claim.status();
  return world;
}

core::Result<nlohmann::json> RemoteWorld::Call(const std::string& method, const std::string& what,
                                               const nlohmann::json& body) {
  auto r = client_->CallJson(method, std::string(kWorldApiRoot) + what, body);
  if (r.ok()) return std::move(r).value();
  const core::MaasError& e = r.error();
  const std::string where = "--backend " + url_ + ": " + method + " " + kWorldApiRoot + what + ": ";
  if (e.http_status == core::MaasError::kNoConnection ||
      e.http_status == core::MaasError::kNoAnswer) {
    return core::Status(core::ErrorKind::kHostUnavailable, where + e.body);
  }
  if (e.http_status == 404 && what == "session") {
    return core::Status(
        core::ErrorKind::kInvalidRequest,
        where + "not a vmsim serve on simulated time (start one with --clock simulated)");
  }
  std::string detail = e.body;
  if (const auto j = core::ParseJsonOrDiscarded(e.body);
      j.is_object() && j.contains("error") && j["error"].is_string()) {
    detail = j["error"].get<std::string>();
  }
  return core::Status(core::ErrorKind::kInvalidRequest,
                      where + "HTTP " + std::to_string(e.http_status) + ": " + detail);
}

core::Result<MaasEffects> RemoteWorld::TakeEffects(bool compose) {
  auto j = Call("POST", "effects", {{"compose", compose}});
  if (!j.ok()) return j.status();
  return MaasEffectsFromJson(*j);
}

core::Result<EventOutcome> RemoteWorld::ApplyEvent(size_t index) {
  auto j = Call("POST", "events/" + std::to_string(index));
  if (!j.ok()) return j.status();
  return EventOutcomeFromJson(*j);
}

core::Result<MaasState> RemoteWorld::State() {
  auto j = Call("GET", "state");
  if (!j.ok()) return j.status();
  return MaasStateFromJson(*j);
}

}  // namespace vmsim::sim
