#include "sim/engine/requests.h"

#include <algorithm>
#include <utility>

namespace vmsim::sim {

using core::Duration;

Requests::Requests(RunContext& ctx, Fleet& fleet, const core::Rng& rng)
    : ctx_(ctx), fleet_(fleet), retry_rng_(rng.Fork("retry")) {
  for (const Workload& wl : ctx.s.workloads)
    lifetime_rngs_.push_back(rng.Fork("workload." + wl.name + ".lifetimes"));
}

void Requests::New(uint32_t w, lxd::VMSpec spec, std::string trace_vm) {
  const uint64_t serial = next_serial_++;
  spec.hostname = "vm-" + std::to_string(serial);
  const uint64_t slot = requests_.Add({.serial = serial,
                                       .workload = w,
                                       .spec = std::move(spec),
                                       .requested_at = ctx_.Now(),
                                       .trace_vm = std::move(trace_vm)});
  const auto& batch = ctx_.s.workloads[w].batch;
  ctx_.metrics.counters().requested += batch ? batch->size : 1;
  if (batch) ++ctx_.metrics.batches().groups;
  ctx_.Log([&] {
    return nlohmann::ordered_json{
        {"event", "request"}, {"request", serial}, {"workload", ctx_.s.workloads[w].name}};
  });
  ctx_.Schedule(ctx_.Now(), kAttempt, slot);
}

void Requests::OnAttempt(uint64_t slot) {
  Request& req = requests_[slot];
  const Workload& wl = ctx_.s.workloads[req.workload];
  if (wl.batch) return OnBatchAttempt(slot);
  ++req.attempts;
  core::PlacementGroup& group = ctx_.groups[req.workload];
  req.outcome = ctx_.service.ComposeVM(req.spec, group.Constrain(wl.constraints), wl.policy);
  const MaasEffects effects = ctx_.TakeEffects(true);
  req.fault = effects.fired.empty() ? std::nullopt : std::optional(effects.fired.back().site);
  req.ready_delay = effects.ready_delay;
  if (req.outcome->ok()) {
    if (wl.spread_zones && group.InZone((*req.outcome)->failure_domain))
      ++ctx_.metrics.counters().spread_violations;
    group.Remember(**req.outcome);
  }
  // Past the end, the request stays pending: its answer never arrives.
  ctx_.ScheduleClamped(ctx_.Now() + effects.compose_latency, kComposeDone, slot);
}

void Requests::OnBatchAttempt(uint64_t slot) {
  Request& req = requests_[slot];
  const Workload& wl = ctx_.s.workloads[req.workload];
  const BatchSpec& b = *wl.batch;
  ++req.attempts;
  ++ctx_.metrics.batches().attempts;
  std::vector<lxd::VMSpec> specs(static_cast<size_t>(b.size), req.spec);
  for (size_t k = 0; k < specs.size(); ++k)
    specs[k].hostname = req.spec.hostname + "-" + std::to_string(k);
  std::vector<Duration> latency, ready;
  req.fault.reset();
  core::BatchOptions options;
  options.distinct_zones = b.distinct_zones;
  options.max_in_flight = static_cast<int>(b.max_in_flight);
  options.after_call = [&](bool compose) {
    const MaasEffects effects = ctx_.TakeEffects(compose);
    if (!effects.fired.empty()) req.fault = effects.fired.back().site;
    if (compose) {
      latency.push_back(effects.compose_latency);
      ready.push_back(effects.ready_delay);
    }
  };
  core::PlacementGroup& group = ctx_.groups[req.workload];
  req.batch =
      core::ComposeBatch(ctx_.service, specs, group.Constrain(wl.constraints), options, wl.policy);
  if (const MaasEffects planning = ctx_.TakeEffects(false); !planning.fired.empty())
    req.fault = planning.fired.back().site;
  // The composes' timing: waves of at most max_in_flight, each as long as its slowest.
  Duration wave_start, wave_length, answered;
  req.member_ready.clear();
  for (size_t i = 0; i < latency.size(); ++i) {
    if (i > 0 && core::BatchWave(i, options.max_in_flight) !=
                     core::BatchWave(i - 1, options.max_in_flight)) {
      wave_start += wave_length;
      wave_length = Duration();
    }
    wave_length = std::max(wave_length, latency[i]);
    answered = wave_start + wave_length;
    req.member_ready.push_back(wave_start + latency[i] + ready[i]);
  }
  req.attempted_at = ctx_.Now();
  if (req.batch->status.ok()) {
    for (const auto& vm : req.batch->vms) {
      if (wl.spread_zones && group.InZone(vm.failure_domain))
        ++ctx_.metrics.counters().spread_violations;
      group.Remember(vm);
    }
  }
  ctx_.ScheduleClamped(ctx_.Now() + answered, kComposeDone, slot);
}

void Requests::OnComposeDone(uint64_t slot) {
  Request& req = requests_[slot];
  if (ctx_.Now() >= ctx_.end) return;  // the answer arrives after the run: still pending
  if (req.batch) return OnBatchDone(slot);
  if (req.outcome->ok()) {
    const lxd::LXDVMResult vm = **req.outcome;
    const auto lifetime = DrawLifetime(req);
    fleet_.Add(OriginOf(req), vm, ctx_.Now() + req.ready_delay, std::move(req.spec), lifetime);
    requests_.Release(slot);
    return;
  }
  RetryOrReject(slot, req.outcome->status(), 1);
}

void Requests::OnBatchDone(uint64_t slot) {
  Request& req = requests_[slot];
  core::BatchOutcome& out = *req.batch;
  BatchCounters& batches = ctx_.metrics.batches();
  if (out.status.ok()) {
    ++batches.placed;
    Duration all_ready;
    const auto lifetime = DrawLifetime(req);  // a group departs together
    for (size_t k = 0; k < out.vms.size(); ++k) {
      fleet_.Add(OriginOf(req), out.vms[k], req.attempted_at + req.member_ready[k], req.spec,
                 lifetime, req.serial + 1);
      all_ready = std::max(all_ready, req.member_ready[k]);
    }
    ctx_.metrics.RecordGroupReady(req.attempted_at + all_ready - req.requested_at);
    requests_.Release(slot);
    return;
  }
  batches.not_planned += !out.planned;
  batches.rolled_back += out.planned && (out.rolled_back > 0 || !out.left_behind.empty());
  batches.vms_rolled_back += out.rolled_back;
  for (const auto& [member, vm] : out.left_behind) {
    // Its rollback delete failed: the VM is in MAAS, so the client keeps it, live, as one
    // more VM requested and composed (the group itself is retried or given up).
    ++batches.vms_left_behind;
    ++ctx_.metrics.counters().requested;
    fleet_.Add(OriginOf(req), vm, req.attempted_at + req.member_ready[member], req.spec,
               DrawLifetime(req));
  }
  out.left_behind.clear();  // live VMs now, no longer the request's
  RetryOrReject(slot, out.status, ctx_.s.workloads[req.workload].batch->size);
}

void Requests::RetryOrReject(uint64_t slot, const core::Status& error, int64_t vms) {
  Request& req = requests_[slot];
  const auto wait =
      ctx_.s.retry.NextDelay(req.attempts, ctx_.Now() - req.requested_at, error, retry_rng_);
  if (wait) {
    ++ctx_.metrics.counters().retries;
    if (req.fault) ctx_.faults.RetryCaused(*req.fault);
    ctx_.Log([&] {
      return nlohmann::ordered_json{{"event", "retry"},
                                    {"request", req.serial},
                                    {"kind", core::ErrorKindName(error.kind())},
                                    {"wait_us", wait->micros()}};
    });
    ctx_.ScheduleClamped(ctx_.Now() + *wait, kAttempt, slot);
    return;
  }
  ctx_.metrics.counters().rejected_by_kind[std::string(core::ErrorKindName(error.kind()))] += vms;
  if (ctx_.s.workloads[req.workload].batch) ++ctx_.metrics.batches().rejected;
  if (req.fault) ctx_.faults.RequestFailed(*req.fault);
  ctx_.Log([&] {
    return nlohmann::ordered_json{{"event", "rejected"},
                                  {"request", req.serial},
                                  {"kind", core::ErrorKindName(error.kind())},
                                  {"message", error.message()}};
  });
  requests_.Release(slot);
}

std::optional<Duration> Requests::DrawLifetime(const Request& req) {
  const auto& lifetime = ctx_.s.workloads[req.workload].lifetime;
  if (!lifetime || !req.trace_vm.empty()) return std::nullopt;
  return lifetime->SampleDuration(lifetime_rngs_[req.workload]);
}

}  // namespace vmsim::sim
