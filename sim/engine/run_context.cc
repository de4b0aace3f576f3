#include "sim/engine/run_context.h"

namespace vmsim::sim {

RunContext::RunContext(const Scenario& scenario, const RunOptions& o, core::ManualClock& c,
                       World& w)
    : s(scenario),
      options(o),
      clock(c),
      end(core::Timestamp::FromMicros(o.until.value_or(scenario.duration).micros())),
      world(w),
      extensions(w.api()),
      service(extensions.VMHosts(), clock,
              {core::PlacementPolicy::kBestFit, scenario.inventory_refresh, 3}),
      metrics(core::Timestamp::FromMicros(scenario.warmup.micros())) {
  for (const Workload& wl : scenario.workloads) {
    groups.emplace_back(wl.spread_zones, wl.policy == core::PlacementPolicy::kClusterApi);
  }
}

MaasEffects RunContext::TakeEffects(bool compose) {
  auto effects = world.TakeEffects(compose);
  if (Failed(effects)) return {};
  for (const FiredFault& f : effects->fired) {
    faults.Fired(f.site, Now());
    Log([&] {
      return nlohmann::ordered_json{{"event", "fault"}, {"site", f.site}, {"host", f.host}};
    });
  }
  return std::move(effects).value();
}

}  // namespace vmsim::sim
