#include "sim/check/shrink.h"

#include <functional>
#include <vector>

#include "core/units.h"
#include "sim/engine/simulator.h"
#include "sim/scenario/expectations.h"
#include "sim/scenario/scenario.h"

namespace vmsim::sim {
namespace {

using Json = nlohmann::ordered_json;

class Shrinker {
 public:
  Shrinker(std::string file, std::string base_dir, uint64_t seed, std::string expectation)
      : file_(std::move(file)),
        base_dir_(std::move(base_dir)),
        seed_(seed),
        expectation_(std::move(expectation)) {}

  // True when `doc` is a valid scenario whose expectation fails for the seed.
  bool Fails(const Json& doc) {
    auto s = ParseScenario(doc.dump(), file_, base_dir_);
    if (!s.ok()) return false;
    ++runs_;
    RunOptions options;
    options.seed = seed_;
    auto out = RunScenario(*s, options);
    if (!out.ok()) return false;
    for (const auto& v : Evaluate(s->expect, out->summary)) {
      if (v.expectation->name == expectation_) return !v.passed;
    }
    return false;
  }

  // Candidate reductions of `doc`, simplest first.
  std::vector<Json> Candidates(const Json& doc) const {
    std::vector<Json> out;
    const auto drop_each = [&](const Json::json_pointer& p, size_t keep_at_least) {
      if (!doc.contains(p) || !doc.at(p).is_array()) return;
      const size_t n = doc.at(p).size();
      for (size_t i = 0; n > keep_at_least && i < n; ++i) {
        Json c = doc;
        c.at(p).erase(i);
        out.push_back(std::move(c));
      }
    };
    drop_each(Json::json_pointer("/workloads"), 1);
    drop_each(Json::json_pointer("/events"), 0);
    drop_each(Json::json_pointer("/faults"), 0);
    drop_each(Json::json_pointer("/fleet/templates"), 0);
    drop_each(Json::json_pointer("/fleet/hosts"), 0);
    if (doc.contains("workloads")) {
      for (size_t w = 0; w < doc["workloads"].size(); ++w) {
        drop_each(Json::json_pointer("/workloads/" + std::to_string(w) + "/shapes"), 1);
      }
    }
    if (doc.contains("fleet") && doc["fleet"].contains("templates")) {
      for (size_t t = 0; t < doc["fleet"]["templates"].size(); ++t) {
        const auto& count = doc["fleet"]["templates"][t]["count"];
        if (count.is_number_integer() && count.get<int64_t>() > 1) {
          Json c = doc;
          c["fleet"]["templates"][t]["count"] = count.get<int64_t>() / 2;
          out.push_back(std::move(c));
        }
      }
    }
    if (doc.contains("duration") && doc["duration"].is_string()) {
      auto d = core::ParseDuration(doc["duration"].get<std::string>());
      if (d.ok() && *d > core::Duration::Minutes(10)) {
        Json c = doc;
        c["duration"] = core::FormatDuration(core::Duration::Micros(d->micros() / 2));
        if (c.contains("warmup")) c.erase("warmup");
        out.push_back(std::move(c));
      }
    }
    return out;
  }

  int runs() const { return runs_; }

 private:
  std::string file_, base_dir_;
  uint64_t seed_;
  std::string expectation_;
  int runs_ = 0;
};

}  // namespace

core::Result<ShrinkResult> Shrink(const std::string& text, const std::string& file,
                                  const std::string& base_dir, uint64_t seed,
                                  const std::string& expectation) {
  auto parsed = ParseScenario(text, file, base_dir);
  if (!parsed.ok()) return parsed.status();
  Json doc = Json::parse(text);
  // Keep only the expectation being shrunk for.
  Json kept = Json::array();
  for (const auto& e : doc.value("expect", Json::array())) {
    if (e.value("name", "") == expectation) kept.push_back(e);
  }
  if (kept.empty()) {
    return core::Status(core::ErrorKind::kInvalidRequest,
                        file + ": no expectation named \"" + expectation + "\"");
  }
  doc["expect"] = kept;
  Shrinker shrinker(file, base_dir, seed, expectation);
  if (!shrinker.Fails(doc)) {
    return core::Status(core::ErrorKind::kInvalidRequest,
                        file + ": expectation \"" + expectation + "\" holds with seed " +
                            std::to_string(seed) + ": nothing to shrink");
  }
  ShrinkResult result;
  for (bool progress = true; progress;) {
    progress = false;
    for (auto& candidate : shrinker.Candidates(doc)) {
      if (shrinker.Fails(candidate)) {
        doc = std::move(candidate);
        ++result.steps;
        progress = true;
        break;
      }
    }
  }
  doc["seed"] = seed;
  doc["description"] = "Shrunk by vmsim shrink from " + file + " (seed " + std::to_string(seed) +
                       "): still fails \"" + expectation + "\".";
  result.scenario = std::move(doc);
  result.runs = shrinker.runs();
  return result;
}

}  // namespace vmsim::sim
