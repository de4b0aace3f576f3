#include "sim/sweep/sweep_spec.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json_text.h"
#include "sim/scenario/scenario_json.h"

namespace vmsim::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kMaxPoints = 100000;
constexpr int64_t kMaxReplications = 10000;
constexpr size_t kMaxRuns = 1000000;  // points x replications: a sweep that ends
constexpr core::JsonLimits kSweepJsonLimits{.max_bytes = 16u << 20, .max_depth = 32};

// The values of a {"from", "to", "step"} range: integers when all three are.
std::vector<Json> RangeValues(JsonReader& r, const JsonReader::Node& range) {
  std::vector<Json> out;
  if (!r.Object(range, {"from", "to", "step"})) return out;
  const double from = r.Number(range, "from", std::nullopt, -1e15, 1e15);
  const double to = r.Number(range, "to", std::nullopt, -1e15, 1e15);
  const double step = r.Number(range, "step", 1.0, 1e-12, 1e15);
  if (!r.ok()) return out;
  if (to < from) {
    r.Fail(range.pointer + "/to", "must be at least \"from\"");
    return out;
  }
  const double count = std::floor((to - from) / step + 1e-9) + 1;
  if (count > static_cast<double>(kMaxPoints)) {
    r.Fail(range.pointer, "more than " + std::to_string(kMaxPoints) + " values");
    return out;
  }
  const bool integers = range.j->at("from").is_number_integer() &&
                        range.j->at("to").is_number_integer() &&
                        (!range.Has("step") || range.j->at("step").is_number_integer());
  for (int64_t i = 0; i < static_cast<int64_t>(count); ++i) {
    if (integers) {
      out.emplace_back(range.j->at("from").get<int64_t>() + i * static_cast<int64_t>(step));
    } else {
      out.emplace_back(from + static_cast<double>(i) * step);
    }
  }
  return out;
}

SweepAxis ParseAxis(JsonReader& r, const JsonReader::Node& node) {
  SweepAxis axis;
  if (!r.Object(node, {"pointer", "values", "range"})) return axis;
  axis.pointer = r.String(node, "pointer");
  bool valid = axis.pointer.starts_with("/");
  try {
    (void)Json::json_pointer(axis.pointer);
  } catch (const nlohmann::json::exception&) {
    valid = false;
  }
  if (r.ok() && !valid)
    r.Fail(node.pointer + "/pointer",
           "expected a JSON pointer such as \"/fleet/templates/0/count\"");
  if (node.Has("values") == node.Has("range")) {
    r.Fail(node.pointer,
           "expected exactly one of \"values\" (a list) or \"range\" ({from, to, step})");
    return axis;
  }
  if (node.Has("range")) {
    axis.values = RangeValues(r, node.At("range"));
  } else {
    const auto values = node.At("values");
    for (size_t i = 0, n = r.Array(values); i < n; ++i)
      axis.values.emplace_back(Json(*values.At(i).j));
    if (r.ok() && axis.values.empty()) r.Fail(values.pointer, "expected at least one value");
  }
  return axis;
}

std::optional<SweepSearch> ParseSearch(JsonReader& r, const JsonReader::Node& node,
                                       SweepPlan& plan) {
  if (!r.Object(node, {"axis", "metric", "at_most"})) return std::nullopt;
  SweepSearch s;
  s.axis = r.String(node, "axis");
  s.metric = r.String(node, "metric");
  s.at_most = r.Number(node, "at_most", std::nullopt, -1e300, 1e300);
  if (!r.ok()) return std::nullopt;
  const SweepAxis* axis = nullptr;
  for (const auto& a : plan.axes) {
    if (a.pointer == s.axis) axis = &a;
  }
  if (axis == nullptr) {
    r.Fail(node.pointer + "/axis", "\"" + s.axis + "\" is not one of the sweep's axes");
    return std::nullopt;
  }
  for (const auto& v : axis->values) {
    if (!v.is_number()) {
      r.Fail(node.pointer + "/axis", "the axis's values must be numbers, got " + v.dump());
      return std::nullopt;
    }
  }
  if (std::find(plan.metrics.begin(), plan.metrics.end(), s.metric) == plan.metrics.end()) {
    plan.metrics.push_back(s.metric);
  }
  return s;
}

}  // namespace

size_t SweepPlan::Points() const {
  size_t n = 1;
  for (const auto& a : axes) n *= a.values.size();
  return n;
}

const std::vector<std::string>& DefaultSweepMetrics() {
  static const std::vector<std::string> kMetrics = {
      "/requests/rejection_rate",          "/requests/rejected/total",
      "/utilisation/overall/cores/mean",   "/utilisation/overall/memory/mean",
      "/utilisation/overall/storage/mean", "/stranded/cores/mean",
      "/stranded/memory_mib/mean",         "/time_to_ready_seconds/p95",
      "/derived/first_rejection_seconds"};
  return kMetrics;
}

SweepPlan ParseSweepPlan(JsonReader& r, const JsonReader::Node& root, uint64_t default_seed) {
  SweepPlan plan;
  if (!r.Object(root, {"$schema", "name", "description", "scenario", "seed", "replications",
                       "until", "axes", "metrics", "search"})) {
    return plan;
  }
  plan.name = r.String(root, "name");
  plan.scenario = r.String(root, "scenario");
  plan.seed = r.Uint64(root, "seed", default_seed);
  plan.replications = r.Int(root, "replications", std::nullopt, 2, kMaxReplications);
  if (root.Has("until")) {
    plan.until = r.Duration(root, "until", std::nullopt);
    if (r.ok() && *plan.until <= core::Duration())
      r.Fail(root.pointer + "/until", "must be positive");
  }
  if (root.Has("axes")) {
    const auto axes = root.At("axes");
    for (size_t i = 0, n = r.Array(axes); i < n && r.ok(); ++i) {
      plan.axes.push_back(ParseAxis(r, axes.At(i)));
      if (r.ok() && plan.Points() > kMaxPoints) {  // checked axis by axis: the product cannot wrap
        r.Fail(axes.pointer, "more than " + std::to_string(kMaxPoints) + " points");
      }
      for (size_t j = 0; j + 1 < plan.axes.size() && r.ok(); ++j) {
        if (plan.axes[j].pointer == plan.axes.back().pointer) {
          r.Fail(axes.At(i).pointer + "/pointer", "the same pointer as /axes/" + std::to_string(j));
        }
      }
    }
  }
  if (r.ok() && plan.Points() * static_cast<size_t>(plan.replications) > kMaxRuns) {
    r.Fail(root.pointer + "/replications",
           std::to_string(plan.Points()) + " points of " + std::to_string(plan.replications) +
               " replications are more than " + std::to_string(kMaxRuns) + " runs");
  }
  plan.metrics = root.Has("metrics") ? r.Strings(root, "metrics") : DefaultSweepMetrics();
  for (size_t i = 0; i < plan.metrics.size() && r.ok(); ++i) {
    if (!plan.metrics[i].starts_with("/")) {
      r.Fail(root.pointer + "/metrics/" + std::to_string(i),
             "expected a JSON pointer into summary.json such as \"/requests/rejection_rate\"");
    }
  }
  if (r.ok() && plan.metrics.empty())
    r.Fail(root.pointer + "/metrics", "expected at least one metric");
  if (r.ok() && root.Has("search")) plan.search = ParseSearch(r, root.At("search"), plan);
  return plan;
}

Json PlanToJson(const SweepPlan& plan) {
  Json axes = Json::array();
  for (const auto& a : plan.axes) axes.push_back({{"pointer", a.pointer}, {"values", a.values}});
  Json j = {{"name", plan.name},
            {"scenario", plan.scenario},
            {"seed", plan.seed},
            {"replications", plan.replications}};
  if (plan.until) j["until"] = core::FormatDuration(*plan.until);
  j["axes"] = axes;
  j["metrics"] = plan.metrics;
  if (plan.search) {
    j["search"] = {{"axis", plan.search->axis},
                   {"metric", plan.search->metric},
                   {"at_most", plan.search->at_most}};
  }
  return j;
}

core::Result<SweepSpec> ParseSweepSpec(std::string_view text, const std::string& file) {
  const auto bad = [&](const std::string& message) {
    return core::Status(core::ErrorKind::kInvalidRequest, file + ": " + message);
  };
  auto parsed = core::ParseJsonText(text, file, kSweepJsonLimits);
  if (!parsed.ok()) return parsed.status();
  const nlohmann::json doc = std::move(parsed).value();
  SweepSpec spec;
  spec.file = file;
  JsonReader r(file);
  const auto root = r.Root(doc);
  // The base scenario's seed is the default: read the base first.
  std::string scenario;
  if (root.Has("scenario") && root.At("scenario").j->is_string())
    scenario = root.At("scenario").j->get<std::string>();
  const std::filesystem::path dir = std::filesystem::path(file).parent_path();
  spec.base_file = scenario.empty() || scenario.starts_with("/")
                       ? scenario
                       : (dir / scenario).lexically_normal().string();
  uint64_t base_seed = 1;
  if (!scenario.empty()) {
    auto base_text = ReadTextFile(spec.base_file);
    if (!base_text.ok()) return bad("/scenario: " + base_text.status().message());
    auto base = core::ParseJsonText<Json>(*base_text, spec.base_file, kSweepJsonLimits);
    if (!base.ok()) return bad("/scenario: " + base.status().message());
    spec.base = std::move(base).value();
    if (spec.base.is_object() && spec.base.contains("seed") &&
        spec.base["seed"].is_number_unsigned()) {
      base_seed = spec.base["seed"].get<uint64_t>();
    }
    spec.base_dir = std::filesystem::path(spec.base_file).parent_path().string();
    if (spec.base_dir.empty()) spec.base_dir = ".";
  }
  spec.plan = ParseSweepPlan(r, root, base_seed);
  if (r.ok()) spec.description = r.String(root, "description", "");
  if (!r.ok()) return core::Status(core::ErrorKind::kInvalidRequest, r.error());
  for (size_t i = 0; i < spec.plan.axes.size(); ++i) {
    const Json::json_pointer pointer(spec.plan.axes[i].pointer);
    if (!spec.base.contains(pointer.parent_pointer())) {
      return bad("/axes/" + std::to_string(i) + "/pointer: " + spec.plan.axes[i].pointer +
                 " is not in " + spec.base_file + " (its parent must exist)");
    }
  }
  return spec;
}

core::Result<SweepSpec> LoadSweepSpec(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseSweepSpec(*text, path);
}

std::vector<Json> PointValues(const SweepPlan& plan, size_t index) {
  std::vector<Json> values(plan.axes.size());
  for (size_t i = plan.axes.size(); i-- > 0;) {
    const auto& v = plan.axes[i].values;
    values[i] = v[index % v.size()];
    index /= v.size();
  }
  return values;
}

core::Result<Json> PointScenario(const SweepSpec& spec, size_t index) {
  Json doc = spec.base;
  const auto values = PointValues(spec.plan, index);
  for (size_t i = 0; i < values.size(); ++i) {
    const Json::json_pointer pointer(spec.plan.axes[i].pointer);
    const Json& parent = doc.at(pointer.parent_pointer());
    const std::string& last = pointer.back();
    const bool fits =
        parent.is_object() || (parent.is_array() && !last.empty() && last.size() < 10 &&
                               last.find_first_not_of("0123456789") == std::string::npos &&
                               std::stoull(last) < parent.size());
    if (!fits) {
      return core::Status(
          core::ErrorKind::kInvalidRequest,
          spec.file + ": /axes/" + std::to_string(i) + "/pointer: " + pointer.to_string() +
              " does not name a field or an existing array element of " + spec.base_file);
    }
    doc[pointer] = values[i];
  }
  return doc;
}

}  // namespace vmsim::sim
