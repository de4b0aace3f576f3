#include "sim/engine/metrics.h"

#include <algorithm>
#include <cmath>

#include "core/rebalance.h"

namespace vmsim::sim {
namespace {

// {count, p50, p95, p99} of durations in microseconds, in seconds; nearest rank: the smallest
// value with at least p% of the values at or below it.
nlohmann::ordered_json Percentiles(std::vector<int64_t> micros) {
  std::sort(micros.begin(), micros.end());
  const auto percentile = [&](int p) -> double {
    if (micros.empty()) return 0;
    const size_t rank = (static_cast<size_t>(p) * micros.size() + 99) / 100;
    return static_cast<double>(micros[std::max<size_t>(rank, 1) - 1]) / 1e6;
  };
  return {{"count", micros.size()},
          {"p50", percentile(50)},
          {"p95", percentile(95)},
          {"p99", percentile(99)}};
}

// Six decimals are plenty for ratios, and keep the summary readable.
double Round6(double v) { return std::round(v * 1e6) / 1e6; }

double Ratio(int64_t used, int64_t total) {
  return total > 0 ? static_cast<double>(used) / static_cast<double>(total) : 0.0;
}

}  // namespace

int64_t Counters::Rejected() const {
  int64_t n = 0;
  for (const auto& [kind, count] : rejected_by_kind) n += count;
  return n;
}

void Metrics::Usage::Add(const core::VMHost& h) {
  cores_used += h.used.cores;
  cores_total += h.total.cores;
  memory_used += h.used.memory;
  memory_total += h.total.memory;
  storage_used += h.used.local_storage;
  storage_total += h.total.local_storage;
}

void Metrics::Stat::Add(double v) {
  sum += v;
  peak = n == 0 ? v : std::max(peak, v);
  ++n;
}

nlohmann::ordered_json Metrics::Stat::Json() const {
  return {{"mean", Round6(n ? sum / static_cast<double>(n) : 0.0)}, {"peak", Round6(peak)}};
}

void Metrics::GroupStats::Add(const Usage& u) {
  cores.Add(Ratio(u.cores_used, u.cores_total));
  memory.Add(Ratio(u.memory_used, u.memory_total));
  storage.Add(Ratio(u.storage_used, u.storage_total));
}

nlohmann::ordered_json Metrics::GroupStats::Json() const {
  return {{"cores", cores.Json()}, {"memory", memory.Json()}, {"storage", storage.Json()}};
}

void Metrics::Sample(core::Timestamp t, const std::vector<core::VMHost>& hosts, int64_t live_vms,
                     int64_t pending, int64_t unhealthy_hosts) {
  Usage all;
  std::map<std::string, Usage> zones, pools;
  int64_t stranded_cores = 0, stranded_memory = 0;
  for (const auto& h : hosts) {
    all.Add(h);
    zones[h.zone.name].Add(h);
    pools[h.pool.name].Add(h);
    if (static_cast<double>(h.used.cores) >
            static_cast<double>(h.total.cores) * h.cpu_over_commit_ratio ||
        static_cast<double>(h.used.memory) >
            static_cast<double>(h.total.memory) * h.memory_over_commit_ratio) {
      ++counters_.over_commit_violations;
    }
    const core::Stranded stranded = core::StrandedOn(h);  // against MAAS's smallest VM
    stranded_cores += stranded.cores;
    stranded_memory += stranded.memory;
  }
  if (csv_.empty()) {
    csv_ =
        "time_s,live_vms,pending,cores_used,cores_total,memory_used_mib,memory_total_mib,"
        "storage_used_bytes,storage_total_bytes,stranded_cores,stranded_memory_mib,"
        "requested,composed,rejected,unhealthy_hosts\n";
  }
  csv_ += std::to_string(t.micros() / 1000000) + "," + std::to_string(live_vms) + "," +
          std::to_string(pending) + "," + std::to_string(all.cores_used) + "," +
          std::to_string(all.cores_total) + "," + std::to_string(all.memory_used) + "," +
          std::to_string(all.memory_total) + "," + std::to_string(all.storage_used) + "," +
          std::to_string(all.storage_total) + "," + std::to_string(stranded_cores) + "," +
          std::to_string(stranded_memory) + "," + std::to_string(counters_.requested) + "," +
          std::to_string(counters_.composed) + "," + std::to_string(counters_.Rejected()) + "," +
          std::to_string(unhealthy_hosts) + "\n";
  if (t < warmup_end_) return;
  overall_.Add(all);
  for (const auto& [name, u] : zones) zones_[name].Add(u);
  for (const auto& [name, u] : pools) pools_[name].Add(u);
  stranded_cores_.Add(static_cast<double>(stranded_cores));
  stranded_memory_.Add(static_cast<double>(stranded_memory));
  live_vms_.Add(static_cast<double>(live_vms));
  unhealthy_hosts_.Add(static_cast<double>(unhealthy_hosts));
}

nlohmann::ordered_json Metrics::Summary() const {
  nlohmann::ordered_json out;
  nlohmann::ordered_json rejected = {{"total", counters_.Rejected()}};
  nlohmann::ordered_json by_kind = nlohmann::ordered_json::object();
  for (const auto& [kind, n] : counters_.rejected_by_kind) by_kind[kind] = n;
  rejected["by_kind"] = by_kind;
  out["requests"] = {{"requested", counters_.requested},
                     {"composed", counters_.composed},
                     {"rejected", rejected},
                     {"pending", counters_.requested - counters_.composed - counters_.Rejected()},
                     {"retries", counters_.retries},
                     {"decomposed", counters_.decomposed},
                     {"decompose_failed", counters_.decompose_failed},
                     {"composed_after_warmup", counters_.composed_after_warmup},
                     {"rejection_rate", counters_.requested > 0
                                            ? Round6(static_cast<double>(counters_.Rejected()) /
                                                     static_cast<double>(counters_.requested))
                                            : 0.0}};
  out["invariants"] = {{"over_commit_violations", counters_.over_commit_violations},
                       {"spread_violations", counters_.spread_violations}};
  nlohmann::ordered_json zones = nlohmann::ordered_json::object();
  for (const auto& [name, g] : zones_) zones[name] = g.Json();
  nlohmann::ordered_json pools = nlohmann::ordered_json::object();
  for (const auto& [name, g] : pools_) pools[name] = g.Json();
  out["utilisation"] = {{"overall", overall_.Json()}, {"zones", zones}, {"resource_pools", pools}};
  out["stranded"] = {{"cores", stranded_cores_.Json()}, {"memory_mib", stranded_memory_.Json()}};
  out["vms"] = {{"alive", live_vms_.Json()}};
  out["health"] = {{"unhealthy_hosts", unhealthy_hosts_.Json()}};
  out["time_to_ready_seconds"] = Percentiles(time_to_ready_us_);
  if (batches_.groups > 0) {
    out["batches"] = {{"groups", batches_.groups},
                      {"attempts", batches_.attempts},
                      {"placed", batches_.placed},
                      {"not_planned", batches_.not_planned},
                      {"rolled_back", batches_.rolled_back},
                      {"rejected", batches_.rejected},
                      {"vms_rolled_back", batches_.vms_rolled_back},
                      {"vms_left_behind", batches_.vms_left_behind},
                      {"time_to_all_ready_seconds", Percentiles(group_ready_us_)}};
  }
  return out;
}

std::string Metrics::TimeseriesCsv() const { return csv_; }

}  // namespace vmsim::sim
