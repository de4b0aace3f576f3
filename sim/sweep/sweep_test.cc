// Pins sweeps: the file's errors name the JSON pointer, points expand as a cartesian product
// (first axis slowest), every point uses the same seeds, results do not depend on the number
// of jobs, on sharding or on the cache, searches find the fewest value, zones report their
// binding resource, and compare gives "no difference" for identical runs.
#include "sim/sweep/sweep.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sim/sweep/compare.h"
#include "sim/sweep/replications.h"
#include "sim/sweep/shard.h"
#include "sim/sweep/sweep_results.h"
#include "sim/sweep/sweep_spec.h"

namespace vmsim::sim {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string SourceDir() {
  const char* root = std::getenv("VMSIM_SOURCE_DIR");
  return root ? root : VMSIM_SOURCE_DIR_DEFAULT;
}

std::string Fixture(const std::string& name) { return SourceDir() + "/tests/fixtures/" + name; }

// A sweep file in the fixtures directory (so "scenario" resolves beside it), as text.
core::Result<SweepSpec> Spec(const std::string& text) {
  return ParseSweepSpec(text, Fixture("test-sweep.json"));
}

std::string ErrorOf(const std::string& text) {
  auto spec = Spec(text);
  if (spec.ok()) {
    auto prepared = PreparedSweep::Prepare(std::move(spec).value());
    return prepared.ok() ? "" : prepared.status().message();
  }
  return spec.status().message();
}

TEST(SweepSpec, ErrorsNameTheFileAndThePointer) {
  const std::string head = R"({"name": "t", "scenario": "sweep-base.json", )";
  struct Case {
    std::string text, expected;
  };
  for (
      const Case& c : std::vector<Case>{
          {head + R"("replications": 1})", "test-sweep.json: /replications: must be at least 2"},
          {head + R"("replications": 2, "colour": 1})", "test-sweep.json: /colour: unknown field"},
          {head + R"("replications": 2, "axes": [{"pointer": "/fleet/templates/0/count"}]})",
           "/axes/0: expected exactly one of \"values\""},
          {head + R"("replications": 2, "axes": [{"pointer": "/nope/x", "values": [1]}]})",
           "/axes/0/pointer: /nope/x is not in"},
          {head + R"("replications": 2, "axes": [{"pointer": "fleet", "values": [1]}]})",
           "/axes/0/pointer: expected a JSON pointer"},
          {head +
               R"("replications": 2, "axes": [{"pointer": "/seed", "range": {"from": 3, "to": 1}}]})",
           "/axes/0/range/to: must be at least \"from\""},
          {head + R"("replications": 2, "axes": [{"pointer": "/seed", "values": [1]}],
                    "search": {"axis": "/duration", "metric": "/x", "at_most": 1}})",
           "/search/axis: \"/duration\" is not one of the sweep's axes"},
          {head + R"("replications": 2, "metrics": ["requests"]})",
           "/metrics/0: expected a JSON pointer"},
          {R"({"name": "t", "scenario": "no-such.json", "replications": 2})", "/scenario: "},
          {head +
               R"("replications": 2, "axes": [{"pointer": "/fleet/templates/0/count", "values": [2, 0]}]})",
           "point 1 (/fleet/templates/0/count=0): "},
      }) {
    const std::string error = ErrorOf(c.text);
    EXPECT_NE(error.find(c.expected), std::string::npos)
        << "expected \"" << c.expected << "\" in: " << error;
  }
}

TEST(SweepSpec, PointsAreTheCartesianProductFirstAxisSlowest) {
  auto spec = Spec(R"({"name": "t", "scenario": "sweep-base.json", "replications": 2, "axes": [
      {"pointer": "/fleet/templates/0/count", "range": {"from": 2, "to": 6, "step": 2}},
      {"pointer": "/workloads/0/arrival/rate", "values": ["3/h", "6/h"]}]})");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  const SweepPlan& plan = spec->plan;
  ASSERT_EQ(plan.Points(), 6u);
  EXPECT_EQ(Json(PointValues(plan, 0)).dump(), R"([2,"3/h"])");
  EXPECT_EQ(Json(PointValues(plan, 1)).dump(), R"([2,"6/h"])");
  EXPECT_EQ(Json(PointValues(plan, 2)).dump(), R"([4,"3/h"])");
  EXPECT_EQ(Json(PointValues(plan, 5)).dump(), R"([6,"6/h"])");
  auto doc = PointScenario(*spec, 5);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["fleet"]["templates"][0]["count"], 6);
  EXPECT_EQ((*doc)["workloads"][0]["arrival"]["rate"], "6/h");
  EXPECT_EQ(plan.seed, 5u) << "the base scenario's seed by default";
}

TEST(SweepSpec, PlanRoundTripsThroughJson) {
  auto spec = LoadSweepSpec(Fixture("sweep-small.json"));
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  const nlohmann::json plain = nlohmann::json::parse(PlanToJson(spec->plan).dump());
  JsonReader r("plan");
  const SweepPlan back = ParseSweepPlan(r, r.Root(plain), 999);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(PlanToJson(back), PlanToJson(spec->plan));
}

TEST(SweepSpec, EveryShippedSweepPreparesWithoutRunning) {
  const fs::path dir = fs::path(SourceDir()) / "scenarios" / "sweeps";
  int sweeps = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".json" || e.path().filename() == "schema.json") continue;
    auto spec = LoadSweepSpec(e.path().string());
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    auto prepared = PreparedSweep::Prepare(std::move(spec).value());
    EXPECT_TRUE(prepared.ok()) << prepared.status().message();
    ++sweeps;
  }
  EXPECT_GE(sweeps, 1);
}

class SmallSweep : public ::testing::Test {
 protected:
  void SetUp() override {
    auto spec = LoadSweepSpec(Fixture("sweep-small.json"));
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    auto prepared = PreparedSweep::Prepare(std::move(spec).value());
    ASSERT_TRUE(prepared.ok()) << prepared.status().message();
    sweep_.emplace(std::move(prepared).value());
  }
  std::vector<RunUnit> Units(const std::vector<size_t>& ids) const {
    std::vector<RunUnit> units;
    for (size_t u : ids) units.push_back(sweep_->Unit(u));
    return units;
  }
  std::vector<Json> Run(const std::vector<size_t>& ids, int jobs) const {
    RunUnitsOptions options;
    options.jobs = jobs;
    auto ran = RunUnits(Units(ids), options);
    EXPECT_TRUE(ran.ok()) << ran.status().message();
    return ran.ok() ? ran->records : std::vector<Json>{};
  }
  std::string Results(const std::vector<Json>& records) const {
    const Json results = SweepResults(sweep_->spec().plan, records);
    return results.dump(2) + SweepResultsCsv(results);
  }
  std::optional<PreparedSweep> sweep_;
};

TEST_F(SmallSweep, EveryPointUsesTheSameSeedsCommonRandomNumbers) {
  ASSERT_EQ(sweep_->Units(), 9u);
  for (size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(sweep_->Unit(r).seed, 5u + r);
    EXPECT_EQ(sweep_->Unit(3 + r).seed, sweep_->Unit(r).seed);
    EXPECT_EQ(sweep_->Unit(6 + r).seed, sweep_->Unit(r).seed);
  }
  EXPECT_NE(sweep_->Unit(0).canonical_json, sweep_->Unit(3).canonical_json);
}

TEST_F(SmallSweep, ResultsAreByteIdenticalWhateverTheJobsShardsAndCache) {
  const auto all = sweep_->ShardUnits({});
  const std::string one_job = Results(Run(all, 1));
  EXPECT_EQ(Results(Run(all, 3)), one_job);

  // Three shards, merged.
  std::vector<std::pair<std::string, std::string>> files;
  for (int64_t k = 0; k < 3; ++k) {
    const ShardId shard{k, 3};
    const auto ids = sweep_->ShardUnits(shard);
    files.emplace_back(ShardFileName(shard),
                       ShardFile(sweep_->spec().plan, shard, ids, Run(ids, 2)));
  }
  auto merged = MergeShards(files);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(Results(merged->records), one_job);
  EXPECT_EQ(PlanToJson(merged->plan), PlanToJson(sweep_->spec().plan));

  // A cache: the second run simulates nothing and gives the same results.
  const fs::path cache =
      fs::temp_directory_path() / ("vmsim-sweep-cache-" + std::to_string(::getpid()));
  fs::remove_all(cache);
  RunUnitsOptions cached;
  cached.jobs = 2;
  cached.cache_dir = cache.string();
  auto first = RunUnits(Units(all), cached);
  auto second = RunUnits(Units(all), cached);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->cache_hits, 0);
  EXPECT_EQ(second->simulated, 0);
  EXPECT_EQ(second->cache_hits, 9);
  EXPECT_EQ(Results(second->records), one_job);
  fs::remove_all(cache);
}

TEST_F(SmallSweep, MergeRejectsMissingRepeatedAndForeignShards) {
  const SweepPlan& plan = sweep_->spec().plan;
  const auto zero = sweep_->ShardUnits({0, 2});
  const std::string shard0 = ShardFile(
      plan, {0, 2}, zero, std::vector<Json>(zero.size(), Json{{"summary", Json::object()}}));
  auto missing = MergeShards({{"a.json", shard0}});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("shard 1 of 2 is missing"), std::string::npos);
  auto twice = MergeShards({{"a.json", shard0}, {"b.json", shard0}});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("b.json: /shard: shard 0 given twice"),
            std::string::npos);
  SweepPlan other = plan;
  other.replications = 4;
  auto foreign = MergeShards({{"a.json", shard0}, {"c.json", ShardFile(other, {1, 2}, {}, {})}});
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("c.json: /plan: differs"), std::string::npos);
  auto junk = MergeShards({{"d.json", "{\"format\": \"other\"}"}});
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(junk.status().message().find("d.json: /format"), std::string::npos);
}

// A record whose summary has only these values.
Json Record(double rejection_rate, double cores_peak, double memory_peak) {
  return {{"summary",
           {{"requests", {{"rejection_rate", rejection_rate}}},
            {"utilisation",
             {{"zones",
               {{"z1",
                 {{"cores", {{"peak", cores_peak}}},
                  {"memory", {{"peak", memory_peak}}},
                  {"storage", {{"peak", 0.1}}}}}}}}}}},
          {"series", {{"t", {0}}, {"cores", {0}}, {"memory", {0}}, {"storage", {0}}}}};
}

SweepPlan SearchPlan() {
  SweepPlan plan;
  plan.name = "search";
  plan.replications = 2;
  plan.axes = {{"/hosts", {1, 2, 3, 4}}};
  plan.metrics = {"/requests/rejection_rate"};
  plan.search = SweepSearch{"/hosts", "/requests/rejection_rate", 0.01};
  return plan;
}

TEST(SweepResults, SearchFindsTheFewestValueWhoseUpperBoundMeetsTheTarget) {
  // Point 2: mean 0.0005, sd 0.000707, upper bound 0.0005 + 12.7062 * 0.0005 = 0.0068531 <= 0.01.
  // Point 1: mean 0.025: no. Point 3: zero.
  const std::vector<Json> records = {
      Record(0.5, 1, 0.5), Record(0.5, 1, 0.5),   Record(0.02, 1, 1),    Record(0.03, 1, 1),
      Record(0.0, 0.5, 1), Record(0.001, 0.5, 1), Record(0.0, 0.5, 0.5), Record(0.0, 0.4, 0.3)};
  const Json results = SweepResults(SearchPlan(), records);
  const Json& answer = results["search"]["answers"][0];
  EXPECT_EQ(answer["value"], 3);
  EXPECT_NEAR(answer["stats"]["ci95_high"].get<double>(), 0.0068531, 1e-6);
  EXPECT_TRUE(SearchAnswered(results));
  EXPECT_NE(SweepTable(results).find("fewest /hosts with /requests/rejection_rate <= 0.01"),
            std::string::npos);

  // Zones: the resource with the highest peak binds; ties are joined.
  EXPECT_EQ(results["points"][0]["zones"]["z1"]["binding"].dump(), R"({"cores":2})");
  EXPECT_EQ(results["points"][1]["zones"]["z1"]["binding"].dump(), R"({"cores+memory":2})");
  EXPECT_EQ(results["points"][2]["zones"]["z1"]["binding"].dump(), R"({"memory":2})");
  EXPECT_EQ(results["points"][3]["zones"]["z1"]["binding"].dump(),
            R"({"cores":1,"cores+memory":1})");
}

TEST(SweepResults, SearchHasNoAnswerWhenALargerValueFailsAgain) {
  // Only the largest value fails: no value "and every larger one" meets the target.
  const std::vector<Json> records = {Record(0, 1, 1),   Record(0, 1, 1),  Record(0, 1, 1),
                                     Record(0, 1, 1),   Record(0, 1, 1),  Record(0, 1, 1),
                                     Record(0.5, 1, 1), Record(0.5, 1, 1)};
  const Json results = SweepResults(SearchPlan(), records);
  EXPECT_TRUE(results["search"]["answers"][0]["value"].is_null());
  EXPECT_FALSE(SearchAnswered(results));
}

TEST(Compare, IdenticalRunsShowNoDifferenceAndClearDifferencesAVerdict) {
  const CompareInput input{"a.json", "b.json", {1, 2, 3}, {"/requests/rejection_rate"}};
  const std::vector<Json> a = {Record(0.1, 1, 1), Record(0.2, 1, 1), Record(0.3, 1, 1)};
  const Json same = Compare(input, a, a);
  const Json& m = same["metrics"]["/requests/rejection_rate"];
  EXPECT_EQ(m["difference"]["mean"], 0.0);
  EXPECT_EQ(m["difference"]["ci95_high"], 0.0);
  EXPECT_EQ(m["verdict"], "no difference");
  const std::vector<Json> b = {Record(0.6, 1, 1), Record(0.75, 1, 1), Record(0.8, 1, 1)};
  EXPECT_EQ(Compare(input, a, b)["metrics"]["/requests/rejection_rate"]["verdict"], "B is higher");
  EXPECT_EQ(Compare(input, b, a)["metrics"]["/requests/rejection_rate"]["verdict"], "B is lower");
  EXPECT_EQ(CompareVerdict(0, 0, 0), "not measured");
  EXPECT_NE(CompareTable(same).find("no difference"), std::string::npos);
}

}  // namespace
}  // namespace vmsim::sim
