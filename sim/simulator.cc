#include "sim/simulator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <memory>

#include "core/batch_compose.h"
#include "core/client_extensions.h"
#include "core/clock.h"
#include "core/lxd_service.h"
#include "core/migration.h"
#include "core/rebalance.h"
#include "core/rng.h"
#include "sim/event_queue.h"
#include "sim/local_world.h"
#include "sim/metrics.h"
#include "sim/rebalance_stats.h"
#include "sim/remote_world.h"
#include "sim/scenario_limits.h"
#include "sim/wall_clock.h"
#include "sim/world.h"

namespace vmsim::sim {
namespace {

using core::Duration;
using core::Timestamp;

enum EventType : uint32_t {
  kArrival = 1,    // a: workload
  kAttempt,        // a: request
  kComposeDone,    // a: request
  kDeparture,      // a: vm
  kSample,
  kTimedEvent,     // a: index in scenario.events
  kTraceRecord,    // a: workload, b: record index
  kRebalance,
  kMoveReady,      // a: vm, b: its serial
};

struct Request {
  uint64_t serial = 0;  // the request's number in the run, for events.jsonl and hostnames
  uint32_t workload = 0;
  lxd::VMSpec spec;
  Timestamp requested_at;
  int attempts = 0;
  std::string trace_vm;  // the trace's name for the VM, for trace decomposes
  std::optional<core::Result<lxd::LXDVMResult>> outcome;
  Duration ready_delay;  // commissioning + testing, drawn when MAAS composed it
  std::optional<std::string> fault;  // the fault site that fired during the last attempt
  // A batch workload's group: the last attempt's outcome, when it was made, and per member
  // composed, how long after it the member was Ready (the composes' waves, then commissioning).
  std::optional<core::BatchOutcome> batch;
  Timestamp attempted_at;
  std::vector<Duration> member_ready;
};

// A rebalancing move under way: the replacement composed, the original not yet deleted.
struct Move {
  lxd::LXDVMResult replacement;
  Timestamp started;
};

struct LiveVM {
  uint64_t serial = 0;
  uint32_t workload = 0;
  lxd::VMSpec spec;  // what it took, to free it in the client's view
  std::string host_id, system_id, zone, trace_vm;
  uint64_t group = 0;  // a batch member: its group's request serial + 1
  std::optional<Move> move;

  lxd::LXDVMResult AsResult() const {
    lxd::LXDVMResult r;
    r.system_id = system_id;
    r.host_id = host_id;
    r.failure_domain = zone;
    return r;
  }
};

// Records addressed by slot, with freed slots reused, so that memory follows what is live
// (pending requests, live VMs), not everything the run has seen. An event names a slot only
// while its record is live.
template <typename T>
class SlotPool {
 public:
  uint64_t Add(T item) {
    if (free_.empty()) {
      items_.push_back(std::move(item));
      live_.push_back(true);
      return items_.size() - 1;
    }
    const uint64_t slot = free_.back();
    free_.pop_back();
    items_[slot] = std::move(item);
    live_[slot] = true;
    return slot;
  }
  T& operator[](uint64_t slot) { return items_[slot]; }
  bool Live(uint64_t slot) const { return slot < live_.size() && live_[slot]; }
  void Release(uint64_t slot) {
    items_[slot] = T();
    live_[slot] = false;
    free_.push_back(slot);
  }
  // Calls f(slot, item) for every live record, in slot order.
  template <typename F>
  void ForEach(F&& f) {
    for (uint64_t i = 0; i < items_.size(); ++i) {
      if (live_[i]) f(i, items_[i]);
    }
  }

 private:
  std::vector<T> items_;
  std::vector<bool> live_;
  std::vector<uint64_t> free_;
};

class Simulator {
 public:
  // `world` runs on `clock`, which the simulator advances; both must outlive the simulator.
  Simulator(const Scenario& s, const RunOptions& o, core::ManualClock& clock, std::unique_ptr<World> world)
      : s_(s),
        options_(o),
        rng_(o.seed.value_or(s.seed)),
        end_(Timestamp::FromMicros(o.until.value_or(s.duration).micros())),
        clock_(clock),
        world_(std::move(world)),
        extensions_(world_->api()),
        service_(extensions_.VMHosts(), clock_,
                 {core::PlacementPolicy::kBestFit, s.inventory_refresh, 3}),
        metrics_(Timestamp::FromMicros(s.warmup.micros())),
        unit_exponential_(Distribution::Exponential(1.0).value()) {}

  core::Result<RunOutput> Run();

 private:
  // What MAAS did during the client's last calls: traces and counts the faults that fired.
  // A world that fails (a remote one gone) stops the run.
  MaasEffects TakeEffects(bool compose);
  // The remote world's first failure, if any: the run stops there and reports it.
  template <typename T>
  bool Failed(const core::Result<T>& r) {
    if (!r.ok() && world_error_.ok()) world_error_ = r.status();
    return !r.ok();
  }

  void Schedule(Timestamp t, EventType type, uint64_t a = 0, uint64_t b = 0) {
    if (t < end_) queue_.Push(t, {type, a, b});
  }
  // Appends make()'s fields to events.jsonl, after the time; builds nothing unless tracing.
  template <typename MakeFields>
  void Trace(MakeFields&& make) {
    if (!options_.trace) return;
    nlohmann::ordered_json out = {{"t_us", clock_.Now().micros()}};
    out.update(make());
    trace_ += out.dump() + "\n";
  }
  double GrowthMultiplier(const Workload& w) const {
    double m = 1;
    for (const auto& step : w.growth) {
      if (step.at <= clock_.Now()) m = step.multiplier;
    }
    return m;
  }

  // Schedules workload w's next Poisson or interval arrival, one gap after `from`.
  void ScheduleNextArrival(uint32_t w, Timestamp from);
  // `index`: for burst and list arrivals, the position in ArrivalProcess::at.
  void OnArrival(uint32_t w, uint64_t index);
  void NewRequest(uint32_t w, lxd::VMSpec spec, std::string trace_vm);
  void OnAttempt(uint64_t r);
  void OnBatchAttempt(uint64_t r);
  void OnComposeDone(uint64_t r);
  void OnBatchDone(uint64_t r);
  // A VM of `req` composed, Ready at `ready_at`: counted, traced, and live until its lifetime ends.
  // `lifetime`: until it departs (none: it stays). `group`: LiveVM::group.
  void Composed(const Request& req, const lxd::LXDVMResult& vm, Timestamp ready_at, lxd::VMSpec spec,
                std::optional<Duration> lifetime, uint64_t group = 0);
  // A lifetime from `req`'s workload, or none (it has none, or a trace decides).
  std::optional<Duration> DrawLifetime(const Request& req) {
    const auto& lifetime = s_.workloads[req.workload].lifetime;
    if (!lifetime || !req.trace_vm.empty()) return std::nullopt;
    return lifetime->SampleDuration(lifetime_rngs_[req.workload]);
  }
  // Groups with some but not all of their members live (a lost host can do it; a rollback
  // never does).
  int64_t PartialGroups();
  // The compose of request `r` (of `vms` VMs) failed with `error`: retry later or give up.
  void RetryOrReject(uint64_t r, const core::Status& error, int64_t vms);
  // The constraints of request `req`'s next attempt.
  core::PlacementConstraints ConstraintsFor(const Request& req);
  void OnDeparture(uint64_t vm);
  void OnSample();
  void OnTimedEvent(size_t i);
  void OnTraceRecord(uint32_t w, size_t i);
  // The machines MAAS lost with their host. One whose compose answer is still on its way is
  // remembered, and lost as soon as the answer arrives (Composed).
  void LoseVMs(const std::vector<std::string>& system_ids);
  // Rebalancing (the scenario's "rebalance"): plans moves on the client's view, starts them.
  void OnRebalance();
  // Composes the replacement of VM `v` on host `to`; the original goes once it is Ready.
  // False when MAAS refused.
  bool StartMove(uint64_t v, int64_t to);
  // The replacement of VM `v` is Ready: the original is deleted.
  void OnMoveReady(uint64_t v);
  // Ends `vm`'s move; with `adopt`, the VM lives on as the replacement.
  void EndMove(LiveVM& vm, RebalanceStats::End end, bool adopt, bool both_kept = false);
  // Where `vm` may move: its workload's constraints; a VM whose workload spreads over zones
  // (spread or distinct-zone batches) stays in its zone.
  core::PlacementConstraints MoveConstraints(const LiveVM& vm) const;
  // The VM counts in its workload's zones (spread) and group (cluster-api).
  void RememberPlacement(const LiveVM& vm) {
    zones_in_use_[vm.workload].insert(vm.zone);
    if (s_.workloads[vm.workload].policy == core::PlacementPolicy::kClusterApi) {
      ++group_vms_[vm.workload][std::stoll(vm.host_id)];
    }
  }
  // The VM no longer counts in its workload's zones (spread) and group (cluster-api).
  void ForgetPlacement(const LiveVM& vm) {
    auto& zones = zones_in_use_[vm.workload];
    if (const auto it = zones.find(vm.zone); it != zones.end()) zones.erase(it);
    auto& group = group_vms_[vm.workload];  // kept for cluster-api workloads only
    if (group.empty()) return;
    if (const auto it = group.find(std::stoll(vm.host_id)); it != group.end() && --it->second == 0) group.erase(it);
  }
  // The end-of-run check: MAAS's machines are exactly the client's live VMs.
  nlohmann::ordered_json Reconciliation();
  nlohmann::ordered_json FaultSummary() const;
  // The client's host health checks: placements they blocked, and its last view by reason.
  nlohmann::ordered_json HealthSummary() const {
    nlohmann::ordered_json by_reason = nlohmann::ordered_json::object();
    for (const auto& [id, health] : service_.inventory().unhealthy()) {
      auto& n = by_reason[std::string(core::HostHealthName(health))];
      n = n.is_null() ? 1 : n.get<int64_t>() + 1;
    }
    return {{"placements_blocked", service_.blocked_by_health()}, {"unhealthy_hosts_at_end", by_reason}};
  }

  const Scenario& s_;
  RunOptions options_;
  core::Rng rng_;
  Timestamp end_;
  core::ManualClock& clock_;
  std::unique_ptr<World> world_;
  core::Status world_error_;
  core::ClientExtensions extensions_;
  core::LxdService service_;
  EventQueue queue_;
  Metrics metrics_;
  Distribution unit_exponential_;
  std::vector<core::Rng> arrival_rngs_, shape_rngs_, lifetime_rngs_;
  std::vector<int64_t> arrivals_;
  std::vector<std::multiset<std::string>> zones_in_use_;
  std::vector<std::map<int64_t, int64_t>> group_vms_;  // per workload: its live VMs per host id
  struct WorkloadStats {
    int64_t composed = 0;
    Timestamp last_ready;  // when the last VM composed became Ready
  };
  std::vector<WorkloadStats> workload_stats_;
  core::Rng retry_rng_{0};
  SlotPool<Request> requests_;
  SlotPool<LiveVM> vms_;
  uint64_t next_request_serial_ = 0;
  uint64_t next_vm_serial_ = 0;
  std::map<std::string, uint64_t> trace_vms_;
  int64_t live_ = 0;
  int64_t lost_ = 0, recreated_ = 0;
  std::set<std::string> lost_before_answered_;  // system_ids MAAS lost before the client knew them
  struct FaultEffects {
    int64_t activations = 0;
    Timestamp first, last;
    int64_t retries_caused = 0, requests_failed = 0;
    bool awaiting_recovery = false;
    Duration time_to_recover;  // the longest, from a last firing to the next compose that worked
  };
  std::map<std::string, FaultEffects> fault_effects_;
  std::set<std::string> machines_at_start_;
  std::optional<RebalanceStats> rebalance_;
  uint64_t next_move_serial_ = 0;
  std::vector<lxd::LXDVMResult> strays_;  // replacements MAAS kept beside their original
  std::string trace_;
};

core::Result<RunOutput> Simulator::Run() {
  const double wall_start = WallSeconds();
  retry_rng_ = rng_.Fork("retry");
  auto start = world_->State();
  if (!start.ok()) return start.status();
  machines_at_start_.insert(start->machines.begin(), start->machines.end());
  for (uint32_t w = 0; w < s_.workloads.size(); ++w) {
    const std::string name = "workload." + s_.workloads[w].name;
    arrival_rngs_.push_back(rng_.Fork(name + ".arrivals"));
    shape_rngs_.push_back(rng_.Fork(name + ".shapes"));
    lifetime_rngs_.push_back(rng_.Fork(name + ".lifetimes"));
    arrivals_.push_back(0);
    zones_in_use_.emplace_back();
    group_vms_.emplace_back();
    workload_stats_.emplace_back();
    const auto& a = s_.workloads[w].arrival;
    if (a.kind == ArrivalProcess::Kind::kTrace) {
      if (!a.trace.empty()) Schedule(a.trace.front().at, kTraceRecord, w, 0);
    } else if (a.kind == ArrivalProcess::Kind::kBurst || a.kind == ArrivalProcess::Kind::kList) {
      if (!a.at.empty()) Schedule(a.at.front(), kArrival, w, 0);
    } else if (a.kind == ArrivalProcess::Kind::kPoisson) {
      ScheduleNextArrival(w, a.start);  // the first arrival is a random gap after start
    } else {
      Schedule(a.start, kArrival, w);
    }
  }
  for (size_t i = 0; i < s_.events.size(); ++i) Schedule(s_.events[i].at, kTimedEvent, i);
  if (s_.rebalance) {
    rebalance_.emplace(s_.rebalance->goal, s_.rebalance->unit);
    if (s_.rebalance->enabled) Schedule(Timestamp() + s_.rebalance->every, kRebalance);
  }
  Schedule(Timestamp(), kSample);

  const int64_t span = std::max<int64_t>(end_.micros(), 1);
  while (!queue_.Empty() && world_error_.ok()) {
    const Event e = queue_.Pop();
    clock_.AdvanceTo(e.time);
    ++metrics_.counters().events;
    switch (e.payload.type) {
      case kArrival: OnArrival(static_cast<uint32_t>(e.payload.a), e.payload.b); break;
      case kAttempt: OnAttempt(e.payload.a); break;
      case kComposeDone: OnComposeDone(e.payload.a); break;
      case kDeparture:
        // A VM lost with its host has no departure; its slot may hold another VM by now.
        if (vms_.Live(e.payload.a) && vms_[e.payload.a].serial == e.payload.b) OnDeparture(e.payload.a);
        break;
      case kSample: OnSample(); break;
      case kTimedEvent: OnTimedEvent(e.payload.a); break;
      case kTraceRecord: OnTraceRecord(static_cast<uint32_t>(e.payload.a), e.payload.b); break;
      case kRebalance: OnRebalance(); break;
      case kMoveReady:  // the VM may have departed, or been lost, meanwhile
        if (vms_.Live(e.payload.a) && vms_[e.payload.a].serial == e.payload.b && vms_[e.payload.a].move) {
          OnMoveReady(e.payload.a);
        }
        break;
      default: break;
    }
    if (options_.progress && (metrics_.counters().events & 0xfff) == 0) {
      options_.progress(static_cast<double>(e.time.micros()) / static_cast<double>(span));
    }
  }
  if (!world_error_.ok()) return world_error_;
  clock_.AdvanceTo(std::max(clock_.Now(), end_));
  if (options_.progress) options_.progress(1.0);

  RunOutput out;
  out.summary["scenario"] = {{"name", s_.name}, {"file", s_.file}, {"content_fnv1a64", s_.content_hash}};
  out.summary["seed"] = options_.seed.value_or(s_.seed);
  out.summary["vmsim_version"] = VmsimVersion();
  const auto at_end = world_->State();
  if (!at_end.ok()) return at_end.status();
  out.summary["simulated"] = {{"duration", core::FormatDuration(end_ - Timestamp())},
                              {"warmup", core::FormatDuration(s_.warmup)},
                              {"sample_interval", core::FormatDuration(s_.sample_interval)},
                              {"hosts_at_end", at_end->vm_hosts}};
  out.summary.update(metrics_.Summary());
  // Per workload: event expectations such as "by 30m, all control-plane VMs are Ready".
  out.summary["workloads"] = nlohmann::ordered_json::object();
  for (size_t w = 0; w < s_.workloads.size(); ++w) {
    out.summary["workloads"][s_.workloads[w].name] = {
        {"composed", workload_stats_[w].composed},
        {"last_ready_seconds", (workload_stats_[w].last_ready - Timestamp()).ToSecondsForReport()}};
  }
  if (metrics_.batches().groups > 0) out.summary["batches"]["partial_groups_at_end"] = PartialGroups();
  out.summary["vms"]["lost"] = lost_;
  out.summary["vms"]["recreated"] = recreated_;
  out.summary["client"] = {{"inventory_refreshes", service_.inventory().refreshes()},
                           {"stale_refusals", service_.stale_refusals()},
                           {"reconciled", service_.reconciled()},
                           {"health", HealthSummary()}};
  out.summary["faults"] = FaultSummary();
  if (rebalance_) out.summary["rebalance"] = rebalance_->Json();
  out.summary["reconciliation"] = Reconciliation();
  if (!world_error_.ok()) return world_error_;
  out.summary["events_processed"] = metrics_.counters().events;
  const double wall = WallSeconds() - wall_start;
  out.summary["run"] = {
      {"wall_seconds", wall},
      {"events_per_second", wall > 0 ? static_cast<double>(metrics_.counters().events) / wall : 0.0},
      {"requests_per_second", wall > 0 ? static_cast<double>(metrics_.counters().requested) / wall : 0.0},
      {"peak_rss_mib", PeakRssMiB()}};
  out.timeseries_csv = metrics_.TimeseriesCsv();
  out.events_jsonl = std::move(trace_);
  return out;
}

void Simulator::ScheduleNextArrival(uint32_t w, Timestamp from) {
  const Workload& wl = s_.workloads[w];
  const auto& a = wl.arrival;
  if (a.max_arrivals && arrivals_[w] >= *a.max_arrivals) return;
  const double mult = GrowthMultiplier(wl);
  const double mean = static_cast<double>(a.mean_gap.micros()) / mult;
  double gap = mean;
  if (a.kind == ArrivalProcess::Kind::kPoisson) gap = unit_exponential_.Sample(arrival_rngs_[w]) * mean;
  // Bounded so the sum cannot overflow (a gap past the run's end is never reached), and at
  // least a tick for interval arrivals (sim/scenario_limits.h keeps mean gaps at 1us or more).
  gap = std::min(gap, static_cast<double>(kMaxSampledMicros));
  if (a.kind == ArrivalProcess::Kind::kInterval) gap = std::max(gap, 1.0);
  Schedule(from + Duration::Micros(static_cast<int64_t>(std::llround(gap))), kArrival, w);
}

void Simulator::OnArrival(uint32_t w, uint64_t index) {
  const Workload& wl = s_.workloads[w];
  const auto& a = wl.arrival;
  int64_t count = 1;
  if (a.kind == ArrivalProcess::Kind::kBurst) count = a.burst_size;
  for (int64_t i = 0; i < count; ++i) {
    if (a.max_arrivals && arrivals_[w] >= *a.max_arrivals) break;
    ++arrivals_[w];
    size_t shape = 0;
    if (wl.shapes.size() > 1) {
      std::vector<double> values, weights;
      for (size_t k = 0; k < wl.shapes.size(); ++k) {
        values.push_back(static_cast<double>(k));
        weights.push_back(wl.shapes[k].weight);
      }
      shape = static_cast<size_t>(
          Distribution::WeightedDiscrete(values, weights).value().SampleInt(shape_rngs_[w]));
    }
    NewRequest(w, wl.shapes[shape].spec, "");
  }
  if (a.kind == ArrivalProcess::Kind::kBurst || a.kind == ArrivalProcess::Kind::kList) {
    if (index + 1 < a.at.size()) Schedule(a.at[index + 1], kArrival, w, index + 1);
  } else {
    ScheduleNextArrival(w, clock_.Now());
  }
}

void Simulator::NewRequest(uint32_t w, lxd::VMSpec spec, std::string trace_vm) {
  const uint64_t serial = next_request_serial_++;
  spec.hostname = "vm-" + std::to_string(serial);
  const uint64_t slot =
      requests_.Add({serial, w, std::move(spec), clock_.Now(), 0, std::move(trace_vm), std::nullopt, {}, std::nullopt,
                     std::nullopt, Timestamp(), {}});
  const auto& batch = s_.workloads[w].batch;
  metrics_.counters().requested += batch ? batch->size : 1;
  if (batch) ++metrics_.batches().groups;
  Trace([&] {
    return nlohmann::ordered_json{{"event", "request"}, {"request", serial}, {"workload", s_.workloads[w].name}};
  });
  Schedule(clock_.Now(), kAttempt, slot);
}

core::PlacementConstraints Simulator::ConstraintsFor(const Request& req) {
  const Workload& wl = s_.workloads[req.workload];
  core::PlacementConstraints c = wl.constraints;
  if (wl.spread_zones) c.avoid_zones.insert(zones_in_use_[req.workload].begin(), zones_in_use_[req.workload].end());
  if (wl.policy == core::PlacementPolicy::kClusterApi) c.group_vms = &group_vms_[req.workload];
  return c;
}

void Simulator::OnAttempt(uint64_t r) {
  Request& req = requests_[r];
  const Workload& wl = s_.workloads[req.workload];
  if (wl.batch) return OnBatchAttempt(r);
  ++req.attempts;
  const bool ranked_by_group = wl.policy == core::PlacementPolicy::kClusterApi;
  req.outcome = service_.ComposeVM(req.spec, ConstraintsFor(req), wl.policy);
  const MaasEffects effects = TakeEffects(true);
  req.fault = effects.fired.empty() ? std::nullopt : std::optional(effects.fired.back().site);
  req.ready_delay = effects.ready_delay;
  if (req.outcome->ok()) {
    if (wl.spread_zones && zones_in_use_[req.workload].contains((*req.outcome)->failure_domain)) {
      ++metrics_.counters().spread_violations;
    }
    zones_in_use_[req.workload].insert((*req.outcome)->failure_domain);
    if (ranked_by_group) ++group_vms_[req.workload][std::stoll((*req.outcome)->host_id)];
  }
  const Duration latency = effects.compose_latency;
  // Past the end, the request stays pending: its answer never arrives.
  queue_.Push(clock_.Now() + latency < end_ ? clock_.Now() + latency : end_, {kComposeDone, r, 0});
}

void Simulator::OnBatchAttempt(uint64_t r) {
  Request& req = requests_[r];
  const Workload& wl = s_.workloads[req.workload];
  const BatchSpec& b = *wl.batch;
  ++req.attempts;
  ++metrics_.batches().attempts;
  std::vector<lxd::VMSpec> specs(static_cast<size_t>(b.size), req.spec);
  for (size_t k = 0; k < specs.size(); ++k) specs[k].hostname = req.spec.hostname + "-" + std::to_string(k);
  std::vector<Duration> latency, ready;
  req.fault.reset();
  core::BatchOptions options;
  options.distinct_zones = b.distinct_zones;
  options.max_in_flight = static_cast<int>(b.max_in_flight);
  options.after_call = [&](bool compose) {
    const MaasEffects effects = TakeEffects(compose);
    if (!effects.fired.empty()) req.fault = effects.fired.back().site;
    if (compose) {
      latency.push_back(effects.compose_latency);
      ready.push_back(effects.ready_delay);
    }
  };
  req.batch = core::ComposeBatch(service_, specs, ConstraintsFor(req), options, wl.policy);
  if (const MaasEffects planning = TakeEffects(false); !planning.fired.empty()) req.fault = planning.fired.back().site;
  // The composes' timing: waves of at most max_in_flight, each as long as its slowest.
  Duration wave_start, wave_length, answered;
  req.member_ready.clear();
  for (size_t i = 0; i < latency.size(); ++i) {
    if (i > 0 && core::BatchWave(i, options.max_in_flight) != core::BatchWave(i - 1, options.max_in_flight)) {
      wave_start += wave_length;
      wave_length = Duration();
    }
    wave_length = std::max(wave_length, latency[i]);
    answered = wave_start + wave_length;
    req.member_ready.push_back(wave_start + latency[i] + ready[i]);
  }
  req.attempted_at = clock_.Now();
  if (req.batch->status.ok()) {
    for (const auto& vm : req.batch->vms) {
      if (wl.spread_zones && zones_in_use_[req.workload].contains(vm.failure_domain)) ++metrics_.counters().spread_violations;
      zones_in_use_[req.workload].insert(vm.failure_domain);
      if (wl.policy == core::PlacementPolicy::kClusterApi) ++group_vms_[req.workload][std::stoll(vm.host_id)];
    }
  }
  queue_.Push(clock_.Now() + answered < end_ ? clock_.Now() + answered : end_, {kComposeDone, r, 0});
}

void Simulator::OnBatchDone(uint64_t r) {
  Request& req = requests_[r];
  core::BatchOutcome& out = *req.batch;
  BatchCounters& batches = metrics_.batches();
  if (out.status.ok()) {
    ++batches.placed;
    Duration all_ready;
    const auto lifetime = DrawLifetime(req);  // a group departs together
    for (size_t k = 0; k < out.vms.size(); ++k) {
      Composed(req, out.vms[k], req.attempted_at + req.member_ready[k], req.spec, lifetime, req.serial + 1);
      all_ready = std::max(all_ready, req.member_ready[k]);
    }
    metrics_.RecordGroupReady(req.attempted_at + all_ready - req.requested_at);
    requests_.Release(r);
    return;
  }
  batches.not_planned += !out.planned;
  batches.rolled_back += out.planned && (out.rolled_back > 0 || !out.left_behind.empty());
  batches.vms_rolled_back += out.rolled_back;
  for (const auto& [member, vm] : out.left_behind) {
    // Its rollback delete failed: the VM is in MAAS, so the client keeps it, live, as one
    // more VM requested and composed (the group itself is retried or given up).
    ++batches.vms_left_behind;
    ++metrics_.counters().requested;
    Composed(req, vm, req.attempted_at + req.member_ready[member], req.spec, DrawLifetime(req));
  }
  out.left_behind.clear();  // live VMs now, no longer the request's
  RetryOrReject(r, out.status, s_.workloads[req.workload].batch->size);
}

void Simulator::Composed(const Request& req, const lxd::LXDVMResult& vm, Timestamp ready_at, lxd::VMSpec spec,
                         std::optional<Duration> lifetime, uint64_t group) {
  ++metrics_.counters().composed;
  if (clock_.Now() >= Timestamp::FromMicros(s_.warmup.micros())) ++metrics_.counters().composed_after_warmup;
  metrics_.RecordTimeToReady(ready_at - req.requested_at);
  WorkloadStats& ws = workload_stats_[req.workload];
  ++ws.composed;
  ws.last_ready = std::max(ws.last_ready, ready_at);
  for (auto& [site, effects] : fault_effects_) {
    if (!effects.awaiting_recovery) continue;
    effects.awaiting_recovery = false;
    effects.time_to_recover = std::max(effects.time_to_recover, clock_.Now() - effects.last);
  }
  const uint64_t serial = next_vm_serial_++;
  Trace([&] {
    return nlohmann::ordered_json{{"event", "composed"},     {"request", req.serial},
                                  {"vm", serial},            {"host", vm.host_id},
                                  {"system_id", vm.system_id}, {"zone", vm.failure_domain}};
  });
  const uint32_t w = req.workload;
  const bool traced = !req.trace_vm.empty();
  const uint64_t slot =
      vms_.Add({serial, w, std::move(spec), vm.host_id, vm.system_id, vm.failure_domain, req.trace_vm, group, std::nullopt});
  ++live_;
  if (traced) trace_vms_[req.trace_vm] = slot;
  if (lifetime) Schedule(clock_.Now() + *lifetime, kDeparture, slot, serial);
  // Composed, then lost with its host while the answer was on its way.
  if (lost_before_answered_.erase(vm.system_id) > 0) LoseVMs({vm.system_id});
}

int64_t Simulator::PartialGroups() {
  std::map<uint64_t, int64_t> live;  // group -> members live
  std::map<uint64_t, int64_t> size;
  vms_.ForEach([&](uint64_t, const LiveVM& vm) {
    if (vm.group == 0) return;
    ++live[vm.group];
    size[vm.group] = s_.workloads[vm.workload].batch->size;
  });
  int64_t partial = 0;
  for (const auto& [group, n] : live) partial += n != size[group];
  return partial;
}

void Simulator::OnComposeDone(uint64_t r) {
  Request& req = requests_[r];
  if (clock_.Now() >= end_) return;  // the answer arrives after the run: still pending
  if (req.batch) return OnBatchDone(r);
  if (req.outcome->ok()) {
    const lxd::LXDVMResult vm = **req.outcome;
    const auto lifetime = DrawLifetime(req);
    Composed(req, vm, clock_.Now() + req.ready_delay, std::move(req.spec), lifetime);
    requests_.Release(r);
    return;
  }
  RetryOrReject(r, req.outcome->status(), 1);
}

void Simulator::RetryOrReject(uint64_t r, const core::Status& error, int64_t vms) {
  Request& req = requests_[r];
  const auto wait = s_.retry.NextDelay(req.attempts, clock_.Now() - req.requested_at, error, retry_rng_);
  if (wait) {
    ++metrics_.counters().retries;
    if (req.fault) ++fault_effects_[*req.fault].retries_caused;
    Trace([&] {
      return nlohmann::ordered_json{{"event", "retry"}, {"request", req.serial},
                                    {"kind", core::ErrorKindName(error.kind())}, {"wait_us", wait->micros()}};
    });
    queue_.Push(clock_.Now() + *wait < end_ ? clock_.Now() + *wait : end_, {kAttempt, r, 0});
    return;
  }
  metrics_.counters().rejected_by_kind[std::string(core::ErrorKindName(error.kind()))] += vms;
  if (s_.workloads[req.workload].batch) ++metrics_.batches().rejected;
  if (req.fault) ++fault_effects_[*req.fault].requests_failed;
  Trace([&] {
    return nlohmann::ordered_json{{"event", "rejected"}, {"request", req.serial},
                                  {"kind", core::ErrorKindName(error.kind())}, {"message", error.message()}};
  });
  requests_.Release(r);
}

void Simulator::OnDeparture(uint64_t v) {
  LiveVM& vm = vms_[v];
  --live_;
  ForgetPlacement(vm);
  if (vm.move) {  // its move is moot: the replacement goes too
    const core::Status s = service_.DeleteVM(vm.move->replacement.host_id, vm.move->replacement.system_id, vm.spec);
    TakeEffects(false);
    if (!s.ok()) strays_.push_back(vm.move->replacement);
    EndMove(vm, RebalanceStats::End::kCancelled, false, !s.ok());
  }
  const core::Status s = service_.DeleteVM(vm.host_id, vm.system_id, vm.spec);
  TakeEffects(false);
  if (s.ok()) {
    ++metrics_.counters().decomposed;
  } else {
    ++metrics_.counters().decompose_failed;
  }
  Trace([&] {
    return nlohmann::ordered_json{{"event", "decompose"}, {"vm", vm.serial}, {"system_id", vm.system_id}, {"ok", s.ok()}};
  });
  if (!vm.trace_vm.empty()) trace_vms_.erase(vm.trace_vm);
  vms_.Release(v);
}

void Simulator::OnSample() {
  auto hosts = extensions_.VMHosts().QueryVMHosts({});
  TakeEffects(false);
  const int64_t pending = metrics_.counters().requested - metrics_.counters().composed -
                          metrics_.counters().Rejected();
  metrics_.Sample(clock_.Now(), hosts.ok() ? hosts.value() : std::vector<core::VMHost>{}, live_, pending,
                  static_cast<int64_t>(service_.inventory().unhealthy().size()));
  Schedule(clock_.Now() + s_.sample_interval, kSample);
}

void Simulator::OnTimedEvent(size_t i) {
  auto outcome = world_->ApplyEvent(i);
  if (Failed(outcome)) return;
  const core::Status& status = outcome->status;
  if (!outcome->lost_machines.empty()) LoseVMs(outcome->lost_machines);
  Trace([&] { return nlohmann::ordered_json{{"event", "timed_event"}, {"index", i}, {"host", s_.events[i].host}, {"ok", status.ok()},
         {"message", status.ok() ? "" : status.message()}}; });
}

void Simulator::LoseVMs(const std::vector<std::string>& system_ids) {
  const std::set<std::string> gone(system_ids.begin(), system_ids.end());
  std::vector<uint64_t> slots;
  vms_.ForEach([&](uint64_t slot, LiveVM& vm) {
    if (vm.move && gone.contains(vm.move->replacement.system_id)) {
      EndMove(vm, RebalanceStats::End::kCancelled, false);
    } else if (vm.move && gone.contains(vm.system_id)) {
      EndMove(vm, RebalanceStats::End::kDone, true);  // the replacement is the VM now
      return;
    }
    if (gone.contains(vm.system_id)) slots.push_back(slot);
  });
  std::set<std::string> unclaimed = gone;
  vms_.ForEach([&](uint64_t, const LiveVM& vm) {
    unclaimed.erase(vm.system_id);
    if (vm.move) unclaimed.erase(vm.move->replacement.system_id);
  });
  lost_before_answered_.insert(unclaimed.begin(), unclaimed.end());
  for (const uint64_t slot : slots) {
    LiveVM& vm = vms_[slot];
    --live_;
    ++lost_;
    ForgetPlacement(vm);
    Trace([&] { return nlohmann::ordered_json{{"event", "lost"}, {"vm", vm.serial}, {"system_id", vm.system_id}}; });
    if (!vm.trace_vm.empty()) trace_vms_.erase(vm.trace_vm);
    if (s_.workloads[vm.workload].recreate_lost) {
      ++recreated_;
      NewRequest(vm.workload, std::move(vm.spec), "");
    }
    vms_.Release(slot);
  }
}

void Simulator::OnRebalance() {
  const RebalanceSpec& spec = *s_.rebalance;
  Schedule(clock_.Now() + spec.every, kRebalance);
  const core::Status refreshed = service_.RefreshIfStale();
  TakeEffects(false);
  const std::vector<core::VMHost> view = service_.inventory().hosts();
  if (!refreshed.ok() || core::RebalanceMeasure(view, spec.goal, spec.unit) < std::max(spec.threshold, 1e-12)) {
    rebalance_->RecordQuietCheck();
    return;
  }
  std::vector<core::MovableVM> movable;
  std::vector<uint64_t> slots;
  vms_.ForEach([&](uint64_t slot, const LiveVM& vm) {
    if (vm.move) return;
    auto request = service_.RequestFor(vm.spec, MoveConstraints(vm));
    if (!request.ok()) return;
    movable.push_back({std::stoll(vm.host_id), std::move(request).value()});
    slots.push_back(slot);
  });
  const core::RebalancePlan plan =
      core::PlanRebalance(view, movable, spec.goal, spec.unit, static_cast<int>(spec.max_moves));
  rebalance_->RecordPlan(view, plan);
  // A refusal means the view was wrong (a host down, say): the rest of the plan waits for the
  // next look.
  for (size_t i = 0; i < plan.moves.size(); ++i) {
    if (!StartMove(slots[plan.moves[i].vm], view[plan.moves[i].to].id)) {
      rebalance_->RecordDropped(static_cast<int64_t>(plan.moves.size() - i - 1));
      break;
    }
  }
}

core::PlacementConstraints Simulator::MoveConstraints(const LiveVM& vm) const {
  const Workload& wl = s_.workloads[vm.workload];
  core::PlacementConstraints c = wl.constraints;
  if (wl.spread_zones || (wl.batch && wl.batch->distinct_zones)) c.zone = vm.zone;
  return c;
}

bool Simulator::StartMove(uint64_t v, int64_t to) {
  LiveVM& vm = vms_[v];
  core::PlacementConstraints c = MoveConstraints(vm);
  c.host = to;
  const auto replacement = core::ComposeReplacement(service_, vm.AsResult(), vm.spec,
                                                    "mv-" + std::to_string(next_move_serial_++), c,
                                                    s_.workloads[vm.workload].policy);
  const MaasEffects effects = TakeEffects(true);
  Trace([&] {
    return nlohmann::ordered_json{{"event", "move"},          {"vm", vm.serial},
                                  {"from", vm.host_id},       {"to", std::to_string(to)},
                                  {"ok", replacement.ok()},
                                  {"system_id", replacement.ok() ? replacement->system_id : ""}};
  });
  if (!replacement.ok()) {
    rebalance_->RecordRefused();
    return false;
  }
  const Duration ready_after = effects.compose_latency + effects.ready_delay;
  rebalance_->RecordStarted(ready_after);
  vm.move = Move{*replacement, clock_.Now()};
  Schedule(clock_.Now() + ready_after, kMoveReady, v, vm.serial);
  return true;
}

void Simulator::OnMoveReady(uint64_t v) {
  LiveVM& vm = vms_[v];
  const core::MigrationOutcome out = core::FinishMigration(service_, vm.AsResult(), vm.spec, vm.move->replacement);
  TakeEffects(false);
  if (out.both_exist) strays_.push_back(vm.move->replacement);
  Trace([&] {
    return nlohmann::ordered_json{{"event", "moved"}, {"vm", vm.serial}, {"ok", out.status.ok()},
                                  {"system_id", out.status.ok() ? vm.move->replacement.system_id : vm.system_id}};
  });
  EndMove(vm, out.status.ok() ? RebalanceStats::End::kDone : RebalanceStats::End::kFailed, out.status.ok(),
          out.both_exist);
}

void Simulator::EndMove(LiveVM& vm, RebalanceStats::End end, bool adopt, bool both_kept) {
  rebalance_->RecordEnd(end, clock_.Now() - vm.move->started, vm.spec.cores, vm.spec.memory, both_kept);
  if (adopt) {
    ForgetPlacement(vm);
    vm.host_id = vm.move->replacement.host_id;
    vm.system_id = vm.move->replacement.system_id;
    vm.zone = vm.move->replacement.failure_domain;
    RememberPlacement(vm);
  }
  vm.move.reset();
}

nlohmann::ordered_json Simulator::FaultSummary() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [site, effects] : fault_effects_) {
    out[site] = {{"activations", effects.activations},
                 {"first_at_seconds", effects.first.micros() / 1000000},
                 {"last_at_seconds", effects.last.micros() / 1000000},
                 {"retries_caused", effects.retries_caused},
                 {"requests_failed", effects.requests_failed},
                 {"time_to_recover_seconds", effects.time_to_recover.ToSecondsForReport()},
                 {"recovered", !effects.awaiting_recovery}};
  }
  return out;
}

nlohmann::ordered_json Simulator::Reconciliation() {
  // Let MAAS finish every decompose the client asked for, then compare.
  clock_.AdvanceTo(clock_.Now() + Duration::Days(1));
  auto state = world_->State();
  if (Failed(state)) return {};
  std::set<std::string> client;  // live VMs, and composes whose answer is still on its way
  int64_t duplicates = 0;
  vms_.ForEach([&](uint64_t, const LiveVM& vm) {
    duplicates += !client.insert(vm.system_id).second;
    if (vm.move) duplicates += !client.insert(vm.move->replacement.system_id).second;
  });
  for (const auto& vm : strays_) duplicates += !client.insert(vm.system_id).second;
  requests_.ForEach([&](uint64_t, const Request& r) {
    if (r.outcome && r.outcome->ok()) duplicates += !client.insert((*r.outcome)->system_id).second;
    if (!r.batch) return;
    for (const auto& vm : r.batch->vms) duplicates += !client.insert(vm.system_id).second;
    for (const auto& [member, vm] : r.batch->left_behind) duplicates += !client.insert(vm.system_id).second;
  });
  int64_t orphaned = 0, missing = 0;
  std::set<std::string> maas;
  for (const auto& system_id : state->machines) {
    if (machines_at_start_.contains(system_id)) continue;
    maas.insert(system_id);
    orphaned += !client.contains(system_id);
  }
  for (const auto& id : client) missing += !maas.contains(id);
  const int64_t leaked = state->leaked_backend_vms;
  return {{"orphaned_machines", orphaned},    {"missing_machines", missing},
          {"duplicate_vms", duplicates},      {"leaked_backend_vms", leaked},
          {"ok", orphaned == 0 && missing == 0 && duplicates == 0}};
}

void Simulator::OnTraceRecord(uint32_t w, size_t i) {
  const auto& trace = s_.workloads[w].arrival.trace;
  const TraceRecord& rec = trace[i];
  if (rec.compose) {
    NewRequest(w, rec.shape.spec, rec.vm);
  } else if (const auto it = trace_vms_.find(rec.vm); it != trace_vms_.end()) {
    OnDeparture(it->second);
  }
  if (i + 1 < trace.size()) Schedule(trace[i + 1].at, kTraceRecord, w, i + 1);
}

MaasEffects Simulator::TakeEffects(bool compose) {
  auto effects = world_->TakeEffects(compose);
  if (Failed(effects)) return {};
  for (const FiredFault& f : effects->fired) {
    FaultEffects& site = fault_effects_[f.site];
    if (site.activations++ == 0) site.first = clock_.Now();
    site.last = clock_.Now();
    site.awaiting_recovery = true;
    Trace([&] { return nlohmann::ordered_json{{"event", "fault"}, {"site", f.site}, {"host", f.host}}; });
  }
  return std::move(effects).value();
}

}  // namespace

std::string_view VmsimVersion() { return VMSIM_VERSION; }

core::Result<RunOutput> RunScenario(const Scenario& scenario, const RunOptions& options) {
  const uint64_t seed = options.seed.value_or(scenario.seed);
  if (options.until) {
    const core::Status bounds = CheckRunBounds(scenario, *options.until, "--until " + core::FormatDuration(*options.until));
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
  Simulator sim(scenario, options, clock, std::move(world));
  return sim.Run();
}

}  // namespace vmsim::sim
