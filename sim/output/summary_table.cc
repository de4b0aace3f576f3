#include "sim/output/summary_table.h"

#include <cstdio>

namespace vmsim::sim {
namespace {

std::string Row(const std::string& label, const std::string& value) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "  %-28s %s\n", label.c_str(), value.c_str());
  return buf;
}

std::string Percent(const nlohmann::ordered_json& stat) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%5.1f%% mean, %5.1f%% peak", stat["mean"].get<double>() * 100,
                stat["peak"].get<double>() * 100);
  return buf;
}

}  // namespace

std::string FormatSummaryTable(const nlohmann::ordered_json& s) {
  const auto& req = s["requests"];
  std::string out = "vmsim " + s["vmsim_version"].get<std::string>() + ": scenario \"" +
                    s["scenario"]["name"].get<std::string>() + "\", seed " +
                    std::to_string(s["seed"].get<uint64_t>()) + ", " +
                    s["simulated"]["duration"].get<std::string>() + " simulated\n";
  out += Row("requested", std::to_string(req["requested"].get<int64_t>()));
  out += Row("composed", std::to_string(req["composed"].get<int64_t>()));
  std::string rejected = std::to_string(req["rejected"]["total"].get<int64_t>());
  for (const auto& [kind, n] : req["rejected"]["by_kind"].items()) {
    rejected += "  " + kind + "=" + std::to_string(n.get<int64_t>());
  }
  out += Row("rejected", rejected);
  out += Row("pending at end", std::to_string(req["pending"].get<int64_t>()));
  out += Row("retries", std::to_string(req["retries"].get<int64_t>()));
  out += Row("decomposed", std::to_string(req["decomposed"].get<int64_t>()));
  const auto& u = s["utilisation"]["overall"];
  out += Row("cores used", Percent(u["cores"]));
  out += Row("memory used", Percent(u["memory"]));
  out += Row("storage used", Percent(u["storage"]));
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.0f mean, %.0f peak", s["vms"]["alive"]["mean"].get<double>(),
                s["vms"]["alive"]["peak"].get<double>());
  out += Row("VMs alive", buf);
  const auto& t = s["time_to_ready_seconds"];
  std::snprintf(buf, sizeof buf, "p50 %.0fs, p95 %.0fs, p99 %.0fs", t["p50"].get<double>(),
                t["p95"].get<double>(), t["p99"].get<double>());
  out += Row("time to Ready", buf);
  std::snprintf(buf, sizeof buf, "%.0f cores, %.0f MiB (mean)",
                s["stranded"]["cores"]["mean"].get<double>(),
                s["stranded"]["memory_mib"]["mean"].get<double>());
  out += Row("stranded capacity", buf);
  if (s.contains("batches")) {
    const auto& b = s["batches"];
    std::snprintf(buf, sizeof buf, "%lld requested, %lld placed, %lld rolled back, %lld rejected",
                  static_cast<long long>(b["groups"].get<int64_t>()),
                  static_cast<long long>(b["placed"].get<int64_t>()),
                  static_cast<long long>(b["rolled_back"].get<int64_t>()),
                  static_cast<long long>(b["rejected"].get<int64_t>()));
    out += Row("batch groups", buf);
  }
  if (s.contains("rebalance")) {
    const auto& m = s["rebalance"]["moves"];
    std::snprintf(buf, sizeof buf,
                  "%lld done, %lld refused, %lld cancelled; %.0f core-hours held twice",
                  static_cast<long long>(m["done"].get<int64_t>()),
                  static_cast<long long>(m["refused"].get<int64_t>()),
                  static_cast<long long>(m["cancelled"].get<int64_t>()),
                  s["rebalance"]["cost"]["held_twice_core_hours"].get<double>());
    out += Row("rebalancing moves", buf);
  }
  out += Row("events processed", std::to_string(s["events_processed"].get<int64_t>()));
  return out;
}

}  // namespace vmsim::sim
