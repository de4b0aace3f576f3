// Pins how vmsim refuses scenario files that would crash it, hang it or exhaust memory (the
// cases of issue 16, found by fuzzing and by hand): each is an error at validation naming the
// field and the limit (sim/scenario/scenario_limits.h), never a crash, an exception or a run that
// cannot end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sim/engine/simulator.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_limits.h"

namespace vmsim::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

nlohmann::json Minimal() {
  return nlohmann::json::parse(R"({
    "name": "hostile", "duration": "2h",
    "fleet": {"hosts": [{"name": "h1", "cores": 8, "memory": "16GiB",
                         "storage_pools": [{"name": "default", "size": "500GB"}]}]},
    "workloads": [{"name": "w", "arrival": {"process": "poisson", "rate": "30/h"},
                   "shape": {"cores": 2, "memory": "4GiB", "disks": [{"size": "20GB"}]}}]
  })");
}

std::string ErrorOfText(const std::string& text) {
  auto s = ParseScenario(text, "hostile.json", ".");
  EXPECT_FALSE(s.ok());
  return s.ok() ? "" : s.status().message();
}

std::string ErrorOf(const nlohmann::json& doc) { return ErrorOfText(doc.dump()); }

TEST(HostileScenario, JsonNestedFiftyThousandDeepIsRefusedBeforeAnythingRecurses) {
  const std::string deep = std::string(50000, '[') + std::string(50000, ']');
  EXPECT_EQ(ErrorOfText(deep), "hostile.json: nested deeper than 32 levels (line 1, column 33)");
  EXPECT_THAT(ErrorOfText(R"({"name": ")" + std::string(50000, '[') + R"("})"),
              HasSubstr("missing"));
}

TEST(HostileScenario, ANumberPastADoubleIsAnErrorNotAnException) {
  EXPECT_EQ(ErrorOfText("87e878"),
            "hostile.json: a number is out of range (beyond a double, such as 1e999)");
  auto doc = Minimal().dump();
  doc.replace(doc.find("8,"), 1, "1e999");
  EXPECT_THAT(ErrorOfText(doc), HasSubstr("out of range"));
}

TEST(HostileScenario, TemplateCountsAreBoundedBeforeHostsAreMade) {
  for (const nlohmann::json& count :
       {nlohmann::json(INT64_MAX), nlohmann::json(1000000000), nlohmann::json(UINT64_MAX)}) {
    auto doc = Minimal();
    doc["fleet"] = nlohmann::json::parse(R"({"templates": [{"cores": 8, "memory": "16GiB",
                                            "storage_pools": [{"name": "p", "size": "1TB"}]}]})");
    doc["fleet"]["templates"][0]["count"] = count;
    EXPECT_THAT(
        ErrorOf(doc),
        StartsWith("hostile.json: /fleet/templates/0/count: must be at most 1000000, got "));
  }
  auto floating = Minimal();
  floating["fleet"] = {{"templates",
                        {{{"count", 1e12},
                          {"cores", 8},
                          {"memory", "1GiB"},
                          {"storage_pools", {{{"name", "p"}, {"size", "1TB"}}}}}}}};
  EXPECT_THAT(ErrorOf(floating), HasSubstr("/fleet/templates/0/count: expected a whole number"));
  auto two = Minimal();  // 600,000 + 600,000 hosts: each template passes, the fleet does not
  two["fleet"] = {{"templates",
                   {{{"count", 600000},
                     {"name_prefix", "a-"},
                     {"cores", 8},
                     {"memory", "1GiB"},
                     {"storage_pools", {{{"name", "p"}, {"size", "1TB"}}}}},
                    {{"count", 600000},
                     {"name_prefix", "b-"},
                     {"cores", 8},
                     {"memory", "1GiB"},
                     {"storage_pools", {{{"name", "p"}, {"size", "1TB"}}}}}}}};
  EXPECT_EQ(ErrorOf(two),
            "hostile.json: /fleet/templates/1/count: makes more than 1000000 VM hosts");
}

TEST(HostileScenario, BurstAndBatchSizesAreBounded) {
  auto burst = Minimal();
  burst["workloads"][0]["arrival"] = {{"process", "burst"}, {"at", {"0s"}}, {"size", 1000000000}};
  EXPECT_EQ(ErrorOf(burst),
            "hostile.json: /workloads/0/arrival/size: must be at most 1000000, got 1000000000");
  auto batch = Minimal();
  batch["workloads"][0]["batch"] = {{"size", 1000000000}};
  EXPECT_EQ(ErrorOf(batch),
            "hostile.json: /workloads/0/batch/size: must be at most 10000, got 1000000000");
  auto many = Minimal();  // each within its bound, together past the run's
  many["workloads"][0]["arrival"] = {{"process", "burst"}, {"at", {"0s", "1h"}}, {"size", 1000000}};
  many["workloads"][0]["batch"] = {{"size", 100}};
  EXPECT_EQ(ErrorOf(many),
            "hostile.json: /workloads/0/arrival: the workloads request about 200000000 VMs over "
            "the duration 2h; at most 100000000");
}

TEST(HostileScenario, AGrowthMultiplierThatStopsTimeIsRefused) {
  auto doc = Minimal();
  doc["workloads"][0]["growth"] = {{{"at", "1h"}, {"multiplier", 1e9}}};
  EXPECT_EQ(ErrorOf(doc),
            "hostile.json: /workloads/0/growth/0/multiplier: makes the mean gap between arrivals "
            "0us, shorter than the simulation's 1us tick; at most 120000000");
  doc["workloads"][0]["growth"][0]["at"] = "3h";  // after the end: never applied
  EXPECT_TRUE(ParseScenario(doc.dump(), "hostile.json", ".").ok());
}

TEST(HostileScenario, TinyIntervalsOverLongRunsAreRefused) {
  auto sampled = Minimal();
  sampled["duration"] = "1000w";
  sampled["sample_interval"] = "1us";
  EXPECT_EQ(ErrorOf(sampled),
            "hostile.json: /sample_interval: 1us over the duration 7000d is 604800000000000 "
            "samples; at most 1000000");
  auto interval = Minimal();
  interval["duration"] = "1000w";
  interval["sample_interval"] = "1d";
  interval["workloads"][0]["arrival"] = {{"process", "interval"}, {"every", "1us"}};
  EXPECT_THAT(
      ErrorOf(interval),
      StartsWith(
          "hostile.json: /workloads/0/arrival: the workloads request about 604800000000000 VMs"));
  auto rebalance = Minimal();
  rebalance["duration"] = "1000w";
  rebalance["sample_interval"] = "1d";
  rebalance["rebalance"] = {{"every", "1us"}};
  EXPECT_THAT(ErrorOf(rebalance),
              StartsWith("hostile.json: /rebalance/every: 1us over the duration 7000d is "));
}

TEST(HostileScenario, DurationsPastAHundredYearsAreRefused) {
  auto doc = Minimal();
  doc["duration"] = "15000000w";
  EXPECT_EQ(ErrorOf(doc), "hostile.json: /duration: must be at most 36525d (100 years)");
}

TEST(HostileScenario, UntilIsBoundedLikeTheDuration) {
  auto s = ParseScenario(Minimal().dump(), "hostile.json", ".");
  ASSERT_TRUE(s.ok()) << s.status().message();
  RunOptions options;
  options.until = core::Duration::Days(7 * 1000000);
  EXPECT_EQ(RunScenario(*s, options).status().message(),
            "hostile.json: --until 7000000d is longer than 100 years (36525d)");
  options.until = core::Duration::Days(36000);  // 5m samples over 36000 days
  EXPECT_THAT(
      RunScenario(*s, options).status().message(),
      StartsWith("hostile.json: /sample_interval: 5m over --until 36000d is 10368000 samples"));
}

TEST(HostileScenario, HostResourcesAreBoundedSoSumsCannotOverflow) {
  auto doc = Minimal();
  doc["fleet"]["hosts"][0]["cores"] = INT64_MAX;
  EXPECT_EQ(ErrorOf(doc),
            "hostile.json: /fleet/hosts/0/cores: must be at most 1048576, got 9223372036854775807");
  auto storage = Minimal();  // six 1 EiB pools: each allowed, their sum is not
  nlohmann::json pools = nlohmann::json::array();
  for (const char* name : {"a", "b"}) pools.push_back({{"name", name}, {"size", "1024PiB"}});
  storage["fleet"]["hosts"] = nlohmann::json::array();
  for (const char* name : {"h1", "h2", "h3"}) {
    storage["fleet"]["hosts"].push_back(
        {{"name", name}, {"cores", 8}, {"memory", "1GiB"}, {"storage_pools", pools}});
  }
  EXPECT_THAT(ErrorOf(storage),
              StartsWith("hostile.json: /fleet: the VM hosts' storage adds up past the limit"));
  auto vm = Minimal();
  vm["workloads"][0]["shape"]["memory"] = "2000000TiB";
  EXPECT_EQ(ErrorOf(vm),
            "hostile.json: /workloads/0/shape/memory: must be at most 1099511627776 MiB (1 EiB)");
}

TEST(HostileScenario, SeedsSpanTheWholeUnsignedRange) {
  auto doc = Minimal();
  doc["seed"] = UINT64_MAX;
  auto s = ParseScenario(doc.dump(), "hostile.json", ".");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->seed, UINT64_MAX);
  doc["seed"] = -1;
  EXPECT_EQ(ErrorOf(doc),
            "hostile.json: /seed: expected a whole number from 0 to 18446744073709551615, got -1");
}

}  // namespace
}  // namespace vmsim::sim
