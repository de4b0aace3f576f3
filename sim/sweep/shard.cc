#include "sim/sweep/shard.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "core/json_text.h"
#include "sim/engine/simulator.h"
#include "sim/scenario/json_reader.h"

namespace vmsim::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormat = "vmsim-sweep-shard/1";
constexpr core::JsonLimits kShardJsonLimits{.max_bytes = 256u << 20, .max_depth = 32};

core::Status Bad(const std::string& file, const std::string& message) {
  return core::Status(core::ErrorKind::kInvalidRequest, file + ": " + message);
}

}  // namespace

std::string ShardFileName(ShardId shard) {
  char name[64];
  std::snprintf(name, sizeof name, "shard-%05lld-of-%05lld.json",
                static_cast<long long>(shard.index), static_cast<long long>(shard.count));
  return name;
}

std::string ShardFile(const SweepPlan& plan, ShardId shard, const std::vector<size_t>& units,
                      const std::vector<Json>& records) {
  Json list = Json::array();
  for (size_t i = 0; i < units.size(); ++i)
    list.push_back({{"unit", units[i]}, {"record", records[i]}});
  const Json doc = {{"format", kFormat},
                    {"vmsim_version", VmsimVersion()},
                    {"shard", {{"index", shard.index}, {"count", shard.count}}},
                    {"plan", PlanToJson(plan)},
                    {"units", list}};
  return doc.dump() + "\n";
}

core::Result<MergedSweep> MergeShards(
    const std::vector<std::pair<std::string, std::string>>& files) {
  if (files.empty()) return core::Status(core::ErrorKind::kInvalidRequest, "merge: no shard files");
  MergedSweep out;
  std::optional<Json> first_plan;
  std::vector<std::optional<Json>> records;
  std::vector<bool> seen_shards;
  for (const auto& [file, text] : files) {
    auto parsed = core::ParseJsonText<Json>(text, file, kShardJsonLimits);
    if (!parsed.ok()) return parsed.status();
    Json doc = std::move(parsed).value();
    if (!doc.is_object() || doc.value("format", "") != kFormat) {
      return Bad(file, "/format: not a vmsim sweep shard file (expected \"" + std::string(kFormat) +
                           "\")");
    }
    if (doc.value("vmsim_version", "") != VmsimVersion()) {
      return Bad(file, "/vmsim_version: written by vmsim " + doc.value("vmsim_version", "?") +
                           ", this is " + std::string(VmsimVersion()));
    }
    if (!first_plan) {
      if (!doc.contains("plan")) return Bad(file, "/plan: required field is missing");
      JsonReader r(file);
      const nlohmann::json plain = core::ParseJsonText(text, file, kShardJsonLimits).value();
      out.plan = ParseSweepPlan(r, r.Root(plain).At("plan"), 1);
      if (!r.ok()) return core::Status(core::ErrorKind::kInvalidRequest, r.error());
      first_plan = doc["plan"];
      records.resize(out.plan.Points() * static_cast<size_t>(out.plan.replications));
    } else if (doc["plan"] != *first_plan) {
      return Bad(file,
                 "/plan: differs from " + files.front().first + "'s: shards of different sweeps");
    }
    const Json& shard = doc["shard"];
    if (!shard.is_object() || !shard["index"].is_number_integer() ||
        !shard["count"].is_number_integer()) {
      return Bad(file, "/shard: expected {\"index\", \"count\"}");
    }
    const ShardId id{shard["index"].get<int64_t>(), shard["count"].get<int64_t>()};
    if (id.count < 1 || static_cast<uint64_t>(id.count) > std::max<size_t>(records.size(), 1)) {
      return Bad(file, "/shard/count: " + std::to_string(id.count) + " shards of a sweep of " +
                           std::to_string(records.size()) + " runs");
    }
    if (!doc["units"].is_array()) return Bad(file, "/units: expected an array");
    if (seen_shards.empty())
      seen_shards.resize(static_cast<size_t>(std::max<int64_t>(id.count, 1)));
    if (id.count != static_cast<int64_t>(seen_shards.size()) || id.index < 0 ||
        id.index >= id.count) {
      return Bad(file, "/shard: shard " + std::to_string(id.index) + "/" +
                           std::to_string(id.count) + " does not fit a sweep of " +
                           std::to_string(seen_shards.size()) + " shards");
    }
    if (seen_shards[static_cast<size_t>(id.index)]) {
      return Bad(file, "/shard: shard " + std::to_string(id.index) + " given twice");
    }
    seen_shards[static_cast<size_t>(id.index)] = true;
    for (size_t i = 0; i < doc["units"].size(); ++i) {
      const Json& u = doc["units"][i];
      const std::string where = "/units/" + std::to_string(i);
      if (!u.contains("unit") || !u["unit"].is_number_unsigned() || !u.contains("record")) {
        return Bad(file, where + ": expected {\"unit\", \"record\"}");
      }
      const size_t unit = u["unit"].get<size_t>();
      if (unit >= records.size() || static_cast<int64_t>(unit % seen_shards.size()) != id.index ||
          records[unit]) {
        return Bad(file, where + "/unit: " + std::to_string(unit) +
                             " is not a unit of this shard, or repeated");
      }
      records[unit] = u["record"];
    }
  }
  for (size_t s = 0; s < seen_shards.size(); ++s) {
    if (!seen_shards[s])
      return core::Status(core::ErrorKind::kInvalidRequest,
                          "merge: shard " + std::to_string(s) + " of " +
                              std::to_string(seen_shards.size()) + " is missing");
  }
  for (size_t u = 0; u < records.size(); ++u) {
    if (!records[u])
      return core::Status(core::ErrorKind::kInvalidRequest,
                          "merge: unit " + std::to_string(u) + " is missing");
    out.records.push_back(std::move(*records[u]));
  }
  return out;
}

}  // namespace vmsim::sim
