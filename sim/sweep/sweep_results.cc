#include "sim/sweep/sweep_results.h"

#include <cstdio>
#include <map>
#include <optional>

#include "sim/engine/simulator.h"
#include "sim/sweep/replications.h"

namespace vmsim::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kResources[] = {"cores", "memory", "storage"};

// "/utilisation/zones/<zone>/<resource>/peak", the zone's name escaped.
std::string ZonePeak(const std::string& zone, const char* resource) {
  return (Json::json_pointer("/utilisation/zones") / zone / resource / "peak").to_string();
}

std::vector<double> Values(const std::vector<Json>& records, size_t first, size_t count,
                           const std::string& pointer) {
  std::vector<double> out;
  for (size_t i = first; i < first + count; ++i) {
    if (auto v = MetricValue(records[i], pointer)) out.push_back(*v);
  }
  return out;
}

// Per zone: how often each resource binds, and the peak utilisation of each.
Json Zones(const std::vector<Json>& records, size_t first, size_t count) {
  std::map<std::string, int> zone_names;  // ordered: output order
  for (size_t i = first; i < first + count; ++i) {
    const Json& s = records[i].at("summary");
    if (!s.contains("utilisation") || !s["utilisation"].contains("zones")) continue;
    for (const auto& [zone, unused] : s["utilisation"]["zones"].items()) zone_names[zone];
  }
  Json out = Json::object();
  for (const auto& [zone, unused] : zone_names) {
    std::map<std::string, int64_t> binding;
    for (size_t i = first; i < first + count; ++i) {
      std::string label;
      double top = -1;
      for (const char* res : kResources) {
        const auto peak = MetricValue(records[i], ZonePeak(zone, res));
        if (!peak) continue;
        if (*peak > top) {
          top = *peak;
          label = res;
        } else if (*peak == top) {
          label += std::string("+") + res;
        }
      }
      if (!label.empty()) ++binding[label];
    }
    Json peaks = Json::object();
    for (const char* res : kResources) {
      peaks[res] = StatsJson(Describe(Values(records, first, count, ZonePeak(zone, res))));
    }
    Json b = Json::object();
    for (const auto& [label, n] : binding) b[label] = n;
    out[zone] = {{"binding", b}, {"peak", peaks}};
  }
  return out;
}

// The search's answers: per combination of the other axes, the fewest value.
Json Search(const SweepPlan& plan, const Json& points) {
  const SweepSearch& s = *plan.search;
  // Points grouped by the other axes' values, in order of first appearance.
  std::vector<std::pair<Json, std::vector<size_t>>> groups;
  for (size_t p = 0; p < points.size(); ++p) {
    Json others = points[p]["values"];
    others.erase(s.axis);
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const auto& g) { return g.first == others; });
    if (it == groups.end()) {
      groups.emplace_back(others, std::vector<size_t>{});
      it = groups.end() - 1;
    }
    it->second.push_back(p);
  }
  Json answers = Json::array();
  for (auto& [others, members] : groups) {
    std::stable_sort(members.begin(), members.end(), [&](size_t a, size_t b) {
      return points[a]["values"][s.axis].get<double>() < points[b]["values"][s.axis].get<double>();
    });
    std::optional<size_t> fewest;
    for (size_t k = members.size(); k-- > 0;) {
      const Json& st = points[members[k]]["metrics"][s.metric];
      if (st["n"].get<int64_t>() == 0 || st["ci95_high"].get<double>() > s.at_most) break;
      fewest = members[k];
    }
    Json a = {{"others", others}, {"value", nullptr}, {"stats", nullptr}};
    if (fewest) {
      a["value"] = points[*fewest]["values"][s.axis];
      a["stats"] = points[*fewest]["metrics"][s.metric];
    }
    answers.push_back(a);
  }
  return {{"axis", s.axis},
          {"metric", s.metric},
          {"at_most", s.at_most},
          {"confidence", 0.95},
          {"answers", answers}};
}

std::string CsvCell(const Json& v) {
  const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

Json StatsJson(const SampleStats& s) {
  return {{"n", s.n},
          {"mean", s.mean},
          {"sd", s.sd},
          {"ci95_low", s.ci_low},
          {"ci95_high", s.ci_high},
          {"p90", s.p90},
          {"min", s.min},
          {"max", s.max}};
}

Json SweepResults(const SweepPlan& plan, const std::vector<Json>& records) {
  const size_t reps = static_cast<size_t>(plan.replications);
  Json seeds = Json::array();
  for (int64_t r = 0; r < plan.replications; ++r) seeds.push_back(plan.Seed(r));
  const Json plan_json = PlanToJson(plan);
  Json out = {{"sweep", plan.name},
              {"scenario", plan.scenario},
              {"vmsim_version", VmsimVersion()},
              {"replications", plan.replications},
              {"seeds", seeds},
              {"axes", plan_json["axes"]},
              {"metrics", plan.metrics}};
  if (plan.until) out["until"] = plan_json["until"];
  Json points = Json::array();
  for (size_t p = 0; p < plan.Points(); ++p) {
    Json values = Json::object();
    const auto v = PointValues(plan, p);
    for (size_t a = 0; a < v.size(); ++a) values[plan.axes[a].pointer] = v[a];
    Json metrics = Json::object();
    for (const auto& m : plan.metrics)
      metrics[m] = StatsJson(Describe(Values(records, p * reps, reps, m)));
    points.push_back({{"index", p},
                      {"values", values},
                      {"metrics", metrics},
                      {"zones", Zones(records, p * reps, reps)}});
  }
  out["points"] = points;
  if (plan.search) out["search"] = Search(plan, out["points"]);
  return out;
}

std::string SweepResultsCsv(const Json& results) {
  std::string csv = "point";
  for (const auto& a : results["axes"]) csv += "," + CsvCell(a["pointer"]);
  csv += ",metric,n,mean,sd,ci95_low,ci95_high,p90,min,max\n";
  for (const auto& p : results["points"]) {
    std::string prefix = p["index"].dump();
    for (const auto& [pointer, value] : p["values"].items()) prefix += "," + CsvCell(value);
    for (const auto& [metric, st] : p["metrics"].items()) {
      csv += prefix + "," + CsvCell(metric);
      for (const auto& [key, value] : st.items()) csv += "," + value.dump();
      csv += "\n";
    }
  }
  return csv;
}

std::string SweepTable(const Json& results) {
  const bool search = results.contains("search");
  const std::string metric = search ? results["search"]["metric"].get<std::string>()
                                    : results["metrics"][0].get<std::string>();
  std::string out = "point  values  " + metric + " mean [95% CI]\n";
  char line[256];
  for (const auto& p : results["points"]) {
    const Json& st = p["metrics"][metric];
    std::snprintf(line, sizeof line, "  %.6g [%.6g, %.6g] (n %lld)\n", st["mean"].get<double>(),
                  st["ci95_low"].get<double>(), st["ci95_high"].get<double>(),
                  static_cast<long long>(st["n"].get<int64_t>()));
    out += std::to_string(p["index"].get<size_t>()) + "  " + p["values"].dump() + line;
  }
  if (!search) return out;
  const Json& s = results["search"];
  for (const auto& a : s["answers"]) {
    out += "fewest " + s["axis"].get<std::string>() + " with " + metric +
           " <= " + s["at_most"].dump() + " (upper 95% bound)" +
           (a["others"].empty() ? "" : " at " + a["others"].dump()) + ": ";
    if (a["value"].is_null()) {
      out += "none of the swept values\n";
      continue;
    }
    std::snprintf(line, sizeof line, " (mean %.6g, 95%% CI [%.6g, %.6g])\n",
                  a["stats"]["mean"].get<double>(), a["stats"]["ci95_low"].get<double>(),
                  a["stats"]["ci95_high"].get<double>());
    out += a["value"].dump() + line;
  }
  return out;
}

bool SearchAnswered(const Json& results) {
  if (!results.contains("search")) return false;
  for (const auto& a : results["search"]["answers"]) {
    if (a["value"].is_null()) return false;
  }
  return true;
}

}  // namespace vmsim::sim
