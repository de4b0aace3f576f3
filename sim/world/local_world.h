// LocalWorld: the fake MAAS of a scenario in this process, behind its fault injector. Also
// what `vmsim serve --scenario` serves. Not thread-safe (like FakeMaas).
#ifndef VMSIM_SIM_WORLD_LOCAL_WORLD_H_
#define VMSIM_SIM_WORLD_LOCAL_WORLD_H_

#include <map>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/rng.h"
#include "fakes/fake_maas.h"
#include "fakes/fault_injector.h"
#include "sim/scenario/scenario.h"
#include "sim/world/world.h"

namespace vmsim::sim {

class LocalWorld final : public World {
 public:
  // Builds the fake MAAS of `scenario` for `seed`: its fleet, its faults, and the draws of its
  // timing distributions, each from a named substream of the seed ("maas", "maas.timings",
  // "faults"). kInvalidRequest ("<file>: /fleet: ...") when the fake rejects a host.
  // `scenario` and `clock` must outlive the world.
  static core::Result<std::unique_ptr<LocalWorld>> Create(const Scenario& scenario, uint64_t seed,
                                                          const core::Clock& clock);

  core::MaasApi& api() override { return injector_; }
  core::Result<MaasEffects> TakeEffects(bool compose) override;
  core::Result<EventOutcome> ApplyEvent(size_t index) override;
  core::Result<MaasState> State() override;

  // The fake itself, without faults: what `vmsim serve` answers beyond the client seam.
  fakes::FakeMaas& maas() { return maas_; }
  const Scenario& scenario() const { return s_; }
  uint64_t seed() const { return seed_; }

 private:
  LocalWorld(const Scenario& scenario, uint64_t seed, const core::Clock& clock);
  fakes::FakeMaasOptions MaasOptions();
  core::Duration Draw(const Distribution& d, bool until_ready);
  int64_t HostId(const std::string& name) const;

  const Scenario& s_;
  uint64_t seed_;
  core::Rng timing_rng_;
  core::Duration ready_delay_;
  std::vector<FiredFault> fired_;
  fakes::FakeMaas maas_;
  fakes::FaultInjector injector_;
  std::map<std::string, int64_t> host_ids_;  // VM host name -> MAAS id
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_WORLD_LOCAL_WORLD_H_
