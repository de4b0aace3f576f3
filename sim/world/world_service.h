// WorldService: vmsim's world endpoints (sim/world/world_wire.h) over a LocalWorld, for
// `vmsim serve --clock simulated`: a simulator in another process (RemoteWorld) drives the
// served fake MAAS as it would drive one in its own. One run per served world: the first
// POST session claims it. Not thread-safe: MaasHttpServer calls it under its lock.
#ifndef VMSIM_SIM_WORLD_WORLD_SERVICE_H_
#define VMSIM_SIM_WORLD_WORLD_SERVICE_H_

#include <string>

#include "fakes/maas_http_server.h"
#include "sim/world/local_world.h"

namespace vmsim::sim {

class WorldService {
 public:
  // `world` must outlive the service.
  explicit WorldService(LocalWorld& world) : world_(world) {}

  // Answers one request under /vmsim/v1/; 404 for other paths, 405 for other methods, 400 for
  // a malformed body, 409 for a second claim.
  fakes::ControlReply Handle(const std::string& method, const std::string& path,
                             const std::string& body);
  // A run has claimed the world: from then on its admin requests move the simulated clock.
  bool claimed() const { return claimed_; }

 private:
  LocalWorld& world_;
  bool claimed_ = false;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_WORLD_WORLD_SERVICE_H_
