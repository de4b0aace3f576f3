#include "sim/world/local_world.h"

#include <algorithm>

#include "core/placement.h"

namespace vmsim::sim {

core::Result<std::unique_ptr<LocalWorld>> LocalWorld::Create(const Scenario& scenario,
                                                             uint64_t seed,
                                                             const core::Clock& clock) {
  std::unique_ptr<LocalWorld> world(new LocalWorld(scenario, seed, clock));
  for (const auto& h : scenario.hosts) {
    auto id = world->maas_.AddVMHost(h);
    if (!id.ok())
      return core::Status(core::ErrorKind::kInvalidRequest,
                          scenario.file + ": /fleet: " + id.status().message());
    world->host_ids_[h.name] = *id;
  }
  return world;
}

LocalWorld::LocalWorld(const Scenario& scenario, uint64_t seed, const core::Clock& clock)
    : s_(scenario),
      seed_(seed),
      timing_rng_(core::Rng(seed).Fork("maas.timings")),
      maas_(clock, MaasOptions()),
      injector_(maas_, clock, scenario.faults, core::Rng(seed).Fork("faults")) {
  injector_.set_on_fire([this](std::string_view site, int64_t host) {
    fired_.push_back({std::string(site), host});
  });
}

fakes::FakeMaasOptions LocalWorld::MaasOptions() {
  fakes::FakeMaasOptions m;
  m.seed = core::Rng(seed_).Fork("maas").NextU64();
  m.commissioning_duration = [this] { return Draw(s_.maas.commissioning, true); };
  m.testing_duration = [this] { return Draw(s_.maas.testing, true); };
  m.decompose_delay = [this] { return Draw(s_.maas.decompose_delay, false); };
  return m;
}

core::Duration LocalWorld::Draw(const Distribution& d, bool until_ready) {
  const core::Duration x = d.SampleDuration(timing_rng_);
  if (until_ready) ready_delay_ += x;
  return x;
}

core::Result<MaasEffects> LocalWorld::TakeEffects(bool compose) {
  MaasEffects out{std::exchange(fired_, {}), std::exchange(ready_delay_, core::Duration()),
                  core::Duration()};
  if (compose) out.compose_latency = s_.maas.compose_latency.SampleDuration(timing_rng_);
  return out;
}

int64_t LocalWorld::HostId(const std::string& name) const {
  const auto it = host_ids_.find(name);
  return it == host_ids_.end() ? -1 : it->second;
}

core::Result<EventOutcome> LocalWorld::ApplyEvent(size_t index) {
  const TimedEvent& e = s_.events.at(index);
  using A = TimedEvent::Action;
  EventOutcome out;
  switch (e.action) {
    case A::kAddHosts:
      for (const auto& h : e.hosts) {
        auto id = maas_.AddVMHost(h);
        if (id.ok()) host_ids_[h.name] = *id;
        if (!id.ok()) out.status = id.status();
      }
      break;
    case A::kRemoveHost:
      out.status = maas_.RemoveVMHost(HostId(e.host));
      break;
    case A::kFailHost:
      out.status = maas_.SetReachable(HostId(e.host), false);
      if (out.status.ok() && e.lose_vms) {
        auto lost = maas_.LoseVMs(HostId(e.host));
        if (lost.ok()) out.lost_machines = std::move(lost).value();
      }
      break;
    case A::kRecoverHost:
      out.status = maas_.SetReachable(HostId(e.host), true);
      break;
    case A::kDrainHost:
      out.status = maas_.AddTag(HostId(e.host), std::string(core::kMaintenanceTag));
      break;
    case A::kUndrainHost:
      out.status = maas_.RemoveTag(HostId(e.host), std::string(core::kMaintenanceTag));
      break;
    case A::kSetHostPower:
      out.status = maas_.SetHostMachinePower(HostId(e.host), e.power_state);
      break;
    case A::kSetHostStatus:
      out.status = maas_.SetHostMachineStatus(HostId(e.host), e.status);
      break;
    case A::kSetOverCommit:
      for (const auto& [name, id] : host_ids_) {
        if (e.host == "*" || e.host == name) {
          if (auto s = maas_.SetOverCommitRatios(id, e.cpu_ratio, e.memory_ratio); !s.ok())
            out.status = s;
        }
      }
      break;
  }
  return out;
}

core::Result<MaasState> LocalWorld::State() {
  MaasState out;
  if (auto hosts = maas_.ListVMHosts(); hosts.ok())
    out.vm_hosts = static_cast<int64_t>(hosts.value().size());
  if (auto machines = maas_.ListMachines({}); machines.ok()) {
    for (const auto& m : machines.value()) {
      if (m.pod) out.machines.push_back(m.system_id);  // not the machines VM hosts stand on
    }
  }
  std::sort(out.machines.begin(), out.machines.end());
  out.leaked_backend_vms = static_cast<int64_t>(maas_.LeakedBackendVMCount());
  return out;
}

}  // namespace vmsim::sim
