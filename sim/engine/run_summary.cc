#include "sim/engine/run_summary.h"

#include "core/host_health.h"
#include "sim/version.h"

namespace vmsim::sim {
namespace {

// The client's host health checks: placements they blocked, and its last view by reason.
nlohmann::ordered_json HealthSummary(const core::LxdService& service) {
  nlohmann::ordered_json by_reason = nlohmann::ordered_json::object();
  for (const auto& [id, health] : service.inventory().unhealthy()) {
    auto& n = by_reason[std::string(core::HostHealthName(health))];
    n = n.is_null() ? 1 : n.get<int64_t>() + 1;
  }
  return {{"placements_blocked", service.blocked_by_health()},
          {"unhealthy_hosts_at_end", by_reason}};
}

}  // namespace

nlohmann::ordered_json RunSummary(RunContext& ctx, const SummaryInputs& in) {
  const Scenario& s = ctx.s;
  nlohmann::ordered_json out;
  out["scenario"] = {{"name", s.name}, {"file", s.file}, {"content_fnv1a64", s.content_hash}};
  out["seed"] = ctx.options.seed.value_or(s.seed);
  out["vmsim_version"] = VmsimVersion();
  out["simulated"] = {{"duration", core::FormatDuration(ctx.end - core::Timestamp())},
                      {"warmup", core::FormatDuration(s.warmup)},
                      {"sample_interval", core::FormatDuration(s.sample_interval)},
                      {"hosts_at_end", in.at_end.vm_hosts}};
  out.update(ctx.metrics.Summary());
  // Per workload: event expectations such as "by 30m, all control-plane VMs are Ready".
  out["workloads"] = nlohmann::ordered_json::object();
  for (size_t w = 0; w < s.workloads.size(); ++w) {
    const Fleet::WorkloadStats& stats = in.fleet.workload_stats()[w];
    out["workloads"][s.workloads[w].name] = {
        {"composed", stats.composed},
        {"last_ready_seconds", (stats.last_ready - core::Timestamp()).ToSecondsForReport()}};
  }
  if (ctx.metrics.batches().groups > 0)
    out["batches"]["partial_groups_at_end"] = in.fleet.PartialGroups();
  out["vms"]["lost"] = in.fleet.lost();
  out["vms"]["recreated"] = in.fleet.recreated();
  out["client"] = {{"inventory_refreshes", ctx.service.inventory().refreshes()},
                   {"stale_refusals", ctx.service.stale_refusals()},
                   {"reconciled", ctx.service.reconciled()},
                   {"health", HealthSummary(ctx.service)}};
  out["faults"] = ctx.faults.Json();
  if (in.rebalancer != nullptr) out["rebalance"] = in.rebalancer->stats().Json();
  out["reconciliation"] = Reconciliation(in);
  out["events_processed"] = ctx.metrics.counters().events;
  return out;
}

nlohmann::ordered_json Reconciliation(const SummaryInputs& in) {
  std::set<std::string> client;  // live VMs, and composes whose answer is still on its way
  int64_t duplicates = 0;
  in.fleet.ForEach([&](uint64_t, const LiveVM& vm) {
    duplicates += !client.insert(vm.system_id).second;
    if (vm.move) duplicates += !client.insert(vm.move->replacement.system_id).second;
  });
  for (const auto& vm : in.fleet.strays()) duplicates += !client.insert(vm.system_id).second;
  in.requests.ForEach([&](uint64_t, const Request& r) {
    if (r.outcome && r.outcome->ok()) duplicates += !client.insert((*r.outcome)->system_id).second;
    if (!r.batch) return;
    for (const auto& vm : r.batch->vms) duplicates += !client.insert(vm.system_id).second;
    for (const auto& [member, vm] : r.batch->left_behind)
      duplicates += !client.insert(vm.system_id).second;
  });
  int64_t orphaned = 0, missing = 0;
  std::set<std::string> maas;
  for (const auto& system_id : in.settled.machines) {
    if (in.machines_at_start.contains(system_id)) continue;
    maas.insert(system_id);
    orphaned += !client.contains(system_id);
  }
  for (const auto& id : client) missing += !maas.contains(id);
  const int64_t leaked = in.settled.leaked_backend_vms;
  return {{"orphaned_machines", orphaned},
          {"missing_machines", missing},
          {"duplicate_vms", duplicates},
          {"leaked_backend_vms", leaked},
          {"ok", orphaned == 0 && missing == 0 && duplicates == 0}};
}

}  // namespace vmsim::sim
