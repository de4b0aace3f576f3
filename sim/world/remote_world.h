// RemoteWorld: the world of a run served by another process, `vmsim serve --scenario FILE
// --seed S --clock simulated`. The client code under test reaches it through MaasHttpClient
// (real HTTP, OAuth) with the simulated time on every request; the simulator's own questions
// go to vmsim's world endpoints (sim/world/world_wire.h). The server builds its LocalWorld from the
// same scenario and seed, so the run's outputs equal an in-process run's.
#ifndef VMSIM_SIM_WORLD_REMOTE_WORLD_H_
#define VMSIM_SIM_WORLD_REMOTE_WORLD_H_

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/maas_http_client.h"
#include "core/real_clock.h"
#include "sim/scenario/scenario.h"
#include "sim/world/world.h"

namespace vmsim::sim {

// A `vmsim serve --clock simulated` to run against, instead of the fake MAAS in this process.
struct RemoteBackend {
  std::string url;      // http://host:port, or the API root http://host:port/MAAS
  std::string api_key;  // the server's admin key, consumer:token:secret
};

class RemoteWorld final : public World {
 public:
  // Connects and claims the served world for this run. Fails with kInvalidRequest for a bad
  // URL or key, or a server that serves another scenario or seed, runs on real time, or was
  // already used by a run (each saying how to start the right one); kHostUnavailable when
  // nothing answers. `simulated_time` (the simulator's clock) must outlive the world.
  static core::Result<std::unique_ptr<RemoteWorld>> Connect(const RemoteBackend& backend,
                                                            const Scenario& scenario, uint64_t seed,
                                                            const core::Clock& simulated_time);

  core::MaasApi& api() override { return *client_; }
  core::Result<MaasEffects> TakeEffects(bool compose) override;
  core::Result<EventOutcome> ApplyEvent(size_t index) override;
  core::Result<MaasState> State() override;

 private:
  RemoteWorld() = default;
  // A world endpoint's answer, or the failure as a Status naming the server.
  core::Result<nlohmann::json> Call(const std::string& method, const std::string& what,
                                    const nlohmann::json& body = nullptr);

  std::string url_;
  core::RealClock auth_clock_;  // OAuth timestamps are real time
  std::unique_ptr<core::MaasHttpClient> client_;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_WORLD_REMOTE_WORLD_H_
