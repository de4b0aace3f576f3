#include "sim/engine/simulator.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

#include "core/clock.h"
#include "core/rng.h"
#include "sim/engine/arrivals.h"
#include "sim/engine/fleet.h"
#include "sim/engine/rebalancer.h"
#include "sim/engine/requests.h"
#include "sim/engine/run_context.h"
#include "sim/engine/run_summary.h"
#include "sim/engine/wall_clock.h"
#include "sim/scenario/scenario_limits.h"
#include "sim/world/local_world.h"
#include "sim/world/remote_world.h"

namespace vmsim::sim {
namespace {

// The event loop: pops the next event, moves the clock to it, and hands it to the component
// whose event it is. The components share the RunContext; none calls MAAS but through it.
class Simulator {
 public:
  Simulator(const Scenario& s, const RunOptions& o, core::ManualClock& clock, World& world)
      : rng_(o.seed.value_or(s.seed)),
        ctx_(s, o, clock, world),
        fleet_(ctx_,
               [this](uint32_t w, lxd::VMSpec spec) { requests_.New(w, std::move(spec), ""); }),
        requests_(ctx_, fleet_, rng_),
        arrivals_(ctx_, requests_, fleet_, rng_) {
    if (s.rebalance) {
      rebalancer_.emplace(ctx_, fleet_);
      fleet_.set_move_stats(&rebalancer_->stats());
    }
  }

  core::Result<RunOutput> Run();

 private:
  void Dispatch(const Event& e) {
    const uint64_t a = e.payload.a, b = e.payload.b;
    switch (e.payload.type) {
      case kArrival:
        return arrivals_.OnArrival(static_cast<uint32_t>(a), b);
      case kArrivalTraceRecord:
        return arrivals_.OnTraceRecord(static_cast<uint32_t>(a), b);
      case kAttempt:
        return requests_.OnAttempt(a);
      case kComposeDone:
        return requests_.OnComposeDone(a);
      case kDeparture:
        return fleet_.OnDeparture(a, b);
      case kTimedEvent:
        return OnTimedEvent(a);
      case kRebalance:
        return rebalancer_->OnRebalance();
      case kMoveReady:
        return rebalancer_->OnMoveReady(a, b);
      case kSample:
        return OnSample();
      default:
        return;
    }
  }
  // The scenario's timed event `i` (an operator's action on MAAS).
  void OnTimedEvent(size_t i);
  // One sample of the fleet as MAAS reports it, for timeseries.csv.
  void OnSample();

  core::Rng rng_;
  RunContext ctx_;
  Fleet fleet_;
  Requests requests_;
  Arrivals arrivals_;
  std::optional<Rebalancer> rebalancer_;
};

core::Result<RunOutput> Simulator::Run() {
  const double wall_start = WallSeconds();
  auto start = ctx_.world.State();
  if (!start.ok()) return start.status();
  const std::set<std::string> machines_at_start(start->machines.begin(), start->machines.end());
  for (uint32_t w = 0; w < ctx_.s.workloads.size(); ++w) arrivals_.Start(w);
  for (size_t i = 0; i < ctx_.s.events.size(); ++i)
    ctx_.Schedule(ctx_.s.events[i].at, kTimedEvent, i);
  if (rebalancer_) rebalancer_->Start();
  ctx_.Schedule(core::Timestamp(), kSample);

  const int64_t span = std::max<int64_t>(ctx_.end.micros(), 1);
  int64_t& events = ctx_.metrics.counters().events;
  while (!ctx_.queue.Empty() && ctx_.world_error.ok()) {
    const Event e = ctx_.queue.Pop();
    ctx_.clock.AdvanceTo(e.time);
    ++events;
    Dispatch(e);
    if (ctx_.options.progress && (events & 0xfff) == 0) {
      ctx_.options.progress(static_cast<double>(e.time.micros()) / static_cast<double>(span));
    }
  }
  if (!ctx_.world_error.ok()) return ctx_.world_error;
  ctx_.clock.AdvanceTo(std::max(ctx_.Now(), ctx_.end));
  if (ctx_.options.progress) ctx_.options.progress(1.0);

  const auto at_end = ctx_.world.State();
  if (!at_end.ok()) return at_end.status();
  // Let MAAS finish every decompose the client asked for, then build the summary.
  ctx_.clock.AdvanceTo(ctx_.Now() + core::Duration::Days(1));
  const auto settled = ctx_.world.State();
  if (!settled.ok()) return settled.status();

  RunOutput out;
  out.summary = RunSummary(ctx_, {*at_end, *settled, machines_at_start, fleet_, requests_,
                                  rebalancer_ ? &*rebalancer_ : nullptr});
  const double wall = WallSeconds() - wall_start;
  out.summary["run"] = {
      {"wall_seconds", wall},
      {"events_per_second", wall > 0 ? static_cast<double>(events) / wall : 0.0},
      {"requests_per_second",
       wall > 0 ? static_cast<double>(ctx_.metrics.counters().requested) / wall : 0.0},
      {"peak_rss_mib", PeakRssMiB()}};
  out.timeseries_csv = ctx_.metrics.TimeseriesCsv();
  out.events_jsonl = std::move(ctx_.event_log);
  return out;
}

void Simulator::OnTimedEvent(size_t i) {
  auto outcome = ctx_.world.ApplyEvent(i);
  if (ctx_.Failed(outcome)) return;
  const core::Status& status = outcome->status;
  if (!outcome->lost_machines.empty()) fleet_.Lose(outcome->lost_machines);
  ctx_.Log([&] {
    return nlohmann::ordered_json{{"event", "timed_event"},
                                  {"index", i},
                                  {"host", ctx_.s.events[i].host},
                                  {"ok", status.ok()},
                                  {"message", status.ok() ? "" : status.message()}};
  });
}

void Simulator::OnSample() {
  auto hosts = ctx_.extensions.VMHosts().QueryVMHosts({});
  ctx_.TakeEffects(false);
  const Counters& c = ctx_.metrics.counters();
  const int64_t pending = c.requested - c.composed - c.Rejected();
  ctx_.metrics.Sample(ctx_.Now(), hosts.ok() ? hosts.value() : std::vector<core::VMHost>{},
                      fleet_.live(), pending,
                      static_cast<int64_t>(ctx_.service.inventory().unhealthy().size()));
  ctx_.Schedule(ctx_.Now() + ctx_.s.sample_interval, kSample);
}

}  // namespace

core::Result<RunOutput> Simulate(const Scenario& scenario, const RunOptions& options,
                                 core::ManualClock& clock, World& world) {
  Simulator sim(scenario, options, clock, world);
  return sim.Run();
}

core::Result<RunOutput> RunScenario(const Scenario& scenario, const RunOptions& options) {
  const uint64_t seed = options.seed.value_or(scenario.seed);
  if (options.until) {
    const core::Status bounds =
        CheckRunBounds(scenario, *options.until, "--until " + core::FormatDuration(*options.until));
    if (!bounds.ok()) return bounds;
  }
  core::ManualClock clock;
  std::unique_ptr<World> world;
  if (options.backend) {
    auto remote = RemoteWorld::Connect(*options.backend, scenario, seed, clock);
    if (!remote.ok()) return remote.status();
    world = std::move(remote).value();
  } else {
    auto local = LocalWorld::Create(scenario, seed, clock);
    if (!local.ok()) return local.status();
    world = std::move(local).value();
  }
  return Simulate(scenario, options, clock, *world);
}

}  // namespace vmsim::sim
