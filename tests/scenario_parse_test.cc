// Pins how scenarios are read: units, defaults, and errors that name the file, the JSON
// pointer and what was expected.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/scenario/json_reader.h"
#include "sim/scenario/scenario.h"

namespace vmsim::sim {
namespace {

core::Result<Scenario> Parse(const std::string& text) {
  return ParseScenario(text, "test.json", ".");
}

std::string ErrorOf(const std::string& text) {
  auto s = Parse(text);
  EXPECT_FALSE(s.ok());
  return s.ok() ? "" : s.status().message();
}

constexpr const char* kMinimal = R"({
  "name": "minimal", "duration": "2h",
  "fleet": {"hosts": [{"name": "h1", "cores": 8, "memory": "16GiB",
                       "storage_pools": [{"name": "default", "size": "500GB"}]}]},
  "workloads": [{"name": "w", "arrival": {"process": "poisson", "rate": "30/h"},
                 "shape": {"cores": 2, "memory": "4GiB", "disks": [{"size": "20GB"}]},
                 "lifetime": {"dist": "exponential", "mean": "1h"}}]
})";

TEST(ScenarioParse, UnitsAreReadExactly) {
  auto s = Parse(kMinimal);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->duration, core::Duration::Hours(2));
  EXPECT_EQ(s->hosts[0].memory, 16384);
  EXPECT_EQ(s->hosts[0].storage_pools[0].total, 500'000'000'000);
  EXPECT_EQ(s->workloads[0].arrival.mean_gap, core::Duration::Minutes(2));
  EXPECT_EQ(s->workloads[0].shapes[0].spec.memory, 4096);
  EXPECT_DOUBLE_EQ(s->workloads[0].lifetime->Mean(), 3600e6);
}

TEST(ScenarioParse, DefaultsAreDocumentedOnes) {
  auto s = Parse(kMinimal);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->seed, 1u);
  EXPECT_EQ(s->warmup, core::Duration());
  EXPECT_EQ(s->sample_interval, core::Duration::Minutes(5));
  EXPECT_EQ(s->hosts[0].zone, "default");
  EXPECT_EQ(s->hosts[0].cpu_over_commit_ratio, 1.0);
  EXPECT_EQ(s->workloads[0].policy, core::PlacementPolicy::kBestFit);
  EXPECT_EQ(s->retry.max_attempts, 5);
}

TEST(ScenarioParse, BuiltinSeedFleetHasTheSeedsThreeHosts) {
  auto s =
      Parse(R"({"name": "s", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": []})");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->hosts.size(), 3u);
  EXPECT_EQ(s->hosts[2].name, "lxd-host-3");
}

TEST(ScenarioParse, TemplatesExpandWithRoundRobinZones) {
  auto s = Parse(R"({"name": "t", "duration": "1h", "workloads": [],
    "fleet": {"templates": [{"count": 4, "name_prefix": "r-", "zones": ["a", "b"], "cores": 4,
              "memory": 8192, "storage_pools": [{"name": "p", "size": "1TB"}]}]}})");
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->hosts.size(), 4u);
  EXPECT_EQ(s->hosts[3].name, "r-4");
  EXPECT_EQ(s->hosts[2].zone, "a");
  EXPECT_EQ(s->hosts[3].zone, "b");
}

TEST(ScenarioParse, ErrorsNameFilePointerAndExpectation) {
  EXPECT_EQ(
      ErrorOf(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [],
                        "colour": 1})")
          .rfind("test.json: /colour: unknown field", 0),
      0u);
  const std::string rate = ErrorOf(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"},
      "workloads": [{"name": "w", "arrival": {"process": "poisson", "rate": "fast"},
                     "shape": {"cores": 1, "memory": "2GiB"}}]})");
  EXPECT_EQ(rate.rfind("test.json: /workloads/0/arrival/rate: expected a rate", 0), 0u) << rate;
  const std::string memory =
      ErrorOf(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"},
      "workloads": [{"name": "w", "arrival": {"process": "interval", "every": "5m"},
                     "shape": {"cores": 1, "memory": "8GB"}}]})");
  EXPECT_NE(memory.find("/workloads/0/shape/memory"), std::string::npos) << memory;
  EXPECT_NE(memory.find("8GiB"), std::string::npos) << "suggests the binary unit: " << memory;
}

TEST(ScenarioParse, MissingRequiredFieldsAreNamed) {
  EXPECT_NE(ErrorOf(R"({"name": "x", "fleet": {"builtin": "seed"}, "workloads": []})")
                .find("/duration: required"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"name": "x", "duration": "1h", "workloads": []})").find("/fleet: required"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(
          R"({"name": "x", "duration": "1h", "fleet": {"hosts": [{"name": "h", "cores": 1, "memory": 1024}]},
                        "workloads": []})")
          .find("/fleet/hosts/0/storage_pools: required"),
      std::string::npos);
}

TEST(ScenarioParse, InconsistentValuesAreRejected) {
  EXPECT_NE(ErrorOf(R"({"name": "x", "duration": "1h", "warmup": "2h", "fleet": {"builtin": "seed"},
                        "workloads": []})")
                .find("/warmup: must be shorter"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [
      {"name": "w", "arrival": {"process": "interval", "every": "1m"},
       "shape": {"cores": 1, "memory": 512}}]})")
                .find("at least 1024 MiB"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [
      {"name": "w", "arrival": {"process": "interval", "every": "1m"}, "placement": "random",
       "shape": {"cores": 1, "memory": 1024}}]})")
                .find("/workloads/0/placement"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [],
      "events": [{"at": "1h", "action": "explode", "host": "h"}]})")
          .find("/events/0/action"),
      std::string::npos);
  EXPECT_NE(ErrorOf(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [
      {"name": "w", "arrival": {"process": "interval", "every": "1m"}, "lifetime": {"dist": "exponential", "mean": "0s"},
       "shape": {"cores": 1, "memory": 1024}}]})")
                .find("/workloads/0/lifetime"),
            std::string::npos);
}

TEST(ScenarioParse, BatchWorkloadsAreReadAndCheckedForWhatTheyCannotBe) {
  const std::string head =
      R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [
      {"name": "w", "arrival": {"process": "interval", "every": "1m"}, "shape": {"cores": 1, "memory": 1024}, )";
  auto s =
      ParseScenario(head + R"("batch": {"size": 3, "distinct_zones": true, "max_in_flight": 2}}]})",
                    "x.json", ".");
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_TRUE(s->workloads[0].batch.has_value());
  EXPECT_EQ(s->workloads[0].batch->size, 3);
  EXPECT_TRUE(s->workloads[0].batch->distinct_zones);
  EXPECT_EQ(s->workloads[0].batch->max_in_flight, 2);
  EXPECT_NE(ErrorOf(head + R"("batch": {"size": 0}}]})").find("/workloads/0/batch/size"),
            std::string::npos);
  EXPECT_NE(ErrorOf(head + R"("batch": {}}]})").find("/workloads/0/batch/size"), std::string::npos);
  EXPECT_NE(ErrorOf(head + R"("batch": {"size": 2, "zones": true}}]})").find("/workloads/0/batch"),
            std::string::npos);
  EXPECT_NE(ErrorOf(head + R"("batch": {"size": 2, "distinct_zones": "yes"}}]})")
                .find("/workloads/0/batch/distinct_zones"),
            std::string::npos);
  EXPECT_NE(ErrorOf(head + R"("recreate_lost": true, "batch": {"size": 2}}]})")
                .find("cannot also recreate_lost"),
            std::string::npos);
}

TEST(ScenarioParse, RebalanceIsReadWithItsDefaultsAndItsErrorsNamed) {
  std::string text = kMinimal;
  text.insert(text.rfind('}'), R"(, "rebalance": {})");
  auto s = Parse(text);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_TRUE(s->rebalance.has_value());
  EXPECT_TRUE(s->rebalance->enabled);
  EXPECT_EQ(s->rebalance->every, core::Duration::Minutes(30));
  EXPECT_EQ(s->rebalance->goal, core::RebalanceGoal::kStranded);
  EXPECT_EQ(s->rebalance->max_moves, 4);
  EXPECT_EQ(s->rebalance->unit.cores, 1);
  EXPECT_EQ(s->rebalance->unit.memory, 1024);

  const auto with = [](const std::string& section) {
    std::string t = kMinimal;
    t.insert(t.rfind('}'), R"(, "rebalance": )" + section);
    return t;
  };
  s = Parse(
      with(R"({"enabled": false, "every": "15m", "goal": "zones", "threshold": 0.2, "max_moves": 0,
                     "unit": {"cores": 8, "memory": "32GiB"}})"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_FALSE(s->rebalance->enabled);
  EXPECT_EQ(s->rebalance->goal, core::RebalanceGoal::kZones);
  EXPECT_DOUBLE_EQ(s->rebalance->threshold, 0.2);
  EXPECT_EQ(s->rebalance->unit.memory, 32768);

  EXPECT_EQ(ErrorOf(with(R"({"goal": "balance"})")),
            "test.json: /rebalance/goal: unknown rebalance goal \"balance\" (expected stranded or "
            "zones)");
  EXPECT_EQ(ErrorOf(with(R"({"enabled": "yes"})")),
            "test.json: /rebalance/enabled: expected true or false");
  EXPECT_EQ(ErrorOf(with(R"({"every": "0s"})")), "test.json: /rebalance/every: must be positive");
  EXPECT_NE(ErrorOf(with(R"({"max_moves": -1})")).find("/rebalance/max_moves"), std::string::npos);
  EXPECT_NE(ErrorOf(with(R"({"threshold": 3})")).find("/rebalance/threshold"), std::string::npos);
  EXPECT_NE(ErrorOf(with(R"({"unit": {"cores": 0}})")).find("/rebalance/unit/cores"),
            std::string::npos);
  EXPECT_NE(ErrorOf(with(R"({"moves": 3})")).find("/rebalance"), std::string::npos)
      << "a typo is an error";
}

// A directory of scenario files for the tests of "extends".
class ScenarioExtends : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vmsim-extends-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    Write("base.json", kMinimal);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::filesystem::path dir_;
};

TEST_F(ScenarioExtends, MergesItsFieldsOverTheBase) {
  auto s =
      LoadScenario(Write("off.json", R"({"extends": "base.json", "name": "off", "duration": "3h",
      "rebalance": {"enabled": false}, "fleet": {"hosts": [{"name": "h1", "cores": 4, "memory": "16GiB",
      "storage_pools": [{"name": "default", "size": "500GB"}]}]}})"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->name, "off");
  EXPECT_EQ(s->duration, core::Duration::Hours(3));
  ASSERT_EQ(s->workloads.size(), 1u) << "the base's workloads";
  EXPECT_EQ(s->hosts[0].cores, 4) << "an array replaces the base's";
  ASSERT_TRUE(s->rebalance.has_value());
  EXPECT_FALSE(s->rebalance->enabled);
  EXPECT_NE(s->content_hash, LoadScenario((dir_ / "base.json").string())->content_hash);

  Write("on.json", R"({"extends": "base.json", "rebalance": {"every": "5m"}})");
  s = LoadScenario(
      Write("on-off.json", R"({"extends": "on.json", "rebalance": null, "name": "chained"})"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->name, "chained");
  EXPECT_FALSE(s->rebalance.has_value()) << "null deletes the field";
}

TEST_F(ScenarioExtends, ErrorsNameTheExtendingFile) {
  const std::string missing = Write("missing.json", R"({"extends": "nope.json"})");
  EXPECT_EQ(LoadScenario(missing).status().message(),
            missing + ": /extends: " + (dir_ / "nope.json").string() +
                ": cannot read the file: No such file or directory");
  const std::string number = Write("number.json", R"({"extends": 3})");
  EXPECT_EQ(LoadScenario(number).status().message(),
            number + ": /extends: expected the path of a scenario file, relative to this one");
  Write("a.json", R"({"extends": "b.json"})");
  const std::string b = Write("b.json", R"({"extends": "a.json"})");
  EXPECT_NE(LoadScenario(b).status().message().find("more than 8 files deep"), std::string::npos);
  const std::string bad =
      Write("bad.json", R"({"extends": "base.json", "rebalance": {"goal": "x"}})");
  EXPECT_EQ(LoadScenario(bad).status().message(),
            bad + ": /rebalance/goal: unknown rebalance goal \"x\" (expected stranded or zones)");
}

TEST(ScenarioParse, NotJsonIsReportedAsSuch) {
  EXPECT_EQ(ErrorOf("{\"name\": "), "test.json: not valid JSON (line 1, column 10)");
}

TEST(ScenarioParse, DefaultScenarioIsValid) {
  auto s = DefaultScenario();
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->name, "default");
}

}  // namespace
}  // namespace vmsim::sim

namespace vmsim::sim {
namespace {

TEST(ScenarioParse, RatesTakeAnOptionalCountOfUnits) {
  EXPECT_EQ(ParseRate("30/h"), core::Duration::Minutes(2));
  EXPECT_EQ(ParseRate("12/2h"), core::Duration::Minutes(10));
  EXPECT_EQ(ParseRate("0.5/s"), core::Duration::Seconds(2));
  EXPECT_FALSE(ParseRate("fast").has_value());
  EXPECT_FALSE(ParseRate("0/h").has_value());
  EXPECT_FALSE(ParseRate("3/parsec").has_value());
}

TEST(ScenarioParse, WorkloadNamesAreUniqueAndEventsNameExistingHosts) {
  const std::string shape = R"("shape": {"cores": 1, "memory": 1024})";
  EXPECT_NE(ErrorOf(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [
      {"name": "w", "arrival": {"process": "interval", "every": "1m"}, )" +
                    shape + R"(},
      {"name": "w", "arrival": {"process": "interval", "every": "1m"}, )" +
                    shape + R"(}]})")
                .find("/workloads/1/name: two workloads are named"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [],
      "events": [{"at": "1h", "action": "fail_host", "host": "lxd-host-9"}]})")
          .find("no VM host \"lxd-host-9\""),
      std::string::npos);
  EXPECT_TRUE(
      Parse(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [],
      "events": [{"at": "10m", "action": "drain_host", "host": "lxd-host-1"},
                 {"at": "20m", "action": "undrain_host", "host": "lxd-host-1"},
                 {"at": "30m", "action": "set_over_commit", "host": "*", "cpu_over_commit": 2,
                  "memory_over_commit": 1}]})")
          .ok());
}

TEST(ScenarioParse, HealthEventsTakeMaasPowerStatesAndStatusNames) {
  const std::string head =
      R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [],
      "events": [)";
  auto s = Parse(
      head +
      R"({"at": "10m", "action": "set_host_power", "host": "lxd-host-1", "power_state": "off"},
                 {"at": "20m", "action": "set_host_status", "host": "lxd-host-2", "status": "Broken"}]})");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->events[0].action, TimedEvent::Action::kSetHostPower);
  EXPECT_EQ(s->events[0].power_state, "off");
  EXPECT_EQ(s->events[1].status, core::NodeStatus::kBroken);
  EXPECT_NE(
      ErrorOf(
          head +
          R"({"at": "1m", "action": "set_host_power", "host": "lxd-host-1", "power_state": "asleep"}]})")
          .find("/events/0/power_state: expected \"on\", \"off\", \"unknown\" or \"error\""),
      std::string::npos);
  EXPECT_NE(
      ErrorOf(
          head +
          R"({"at": "1m", "action": "set_host_status", "host": "lxd-host-1", "status": "Dead"}]})")
          .find("/events/0/status: expected a MAAS status name"),
      std::string::npos);
  EXPECT_NE(
      ErrorOf(head +
              R"({"at": "1m", "action": "drain_host", "host": "lxd-host-1", "status": "Broken"}]})")
          .find("/events/0/status: status belongs to set_host_status only"),
      std::string::npos);
}

TEST(ScenarioParse, HostsStandOnMachinesAndCarryNetworksByDefault) {
  auto s = Parse(kMinimal);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->hosts[0].machine.has_value());
  EXPECT_EQ(s->hosts[0].machine->power_state, "on");
  EXPECT_EQ(s->hosts[0].networks.size(), 1u);
  auto off = Parse(R"({"name": "x", "duration": "1h", "workloads": [],
      "fleet": {"hosts": [{"name": "h1", "cores": 8, "memory": "16GiB", "backing_machine": false,
                           "storage_pools": [{"name": "default", "size": "500GB"}],
                           "networks": [{"name": "br0", "space": "storage", "subnet": "10.0.0.0/24", "dhcp": false}]}]}})");
  ASSERT_TRUE(off.ok()) << off.status().message();
  EXPECT_FALSE(off->hosts[0].machine.has_value());
  ASSERT_EQ(off->hosts[0].networks.size(), 1u);
  EXPECT_EQ(off->hosts[0].networks[0].space, "storage");
  EXPECT_FALSE(off->hosts[0].networks[0].dhcp);
}

TEST(ScenarioParse, ShapeNetworkIsTheSeedsVMNetworkConfig) {
  auto s = Parse(R"({"name": "x", "duration": "1h", "fleet": {"builtin": "seed"}, "workloads": [
      {"name": "w", "arrival": {"process": "interval", "every": "1m"},
       "shape": {"cores": 1, "memory": 1024, "network": {"bridge": "br0",
                 "static_ip": {"interface": "eth1", "ip_address": "10.0.0.5", "subnet": "10.0.0.0/24"}}}}]})");
  ASSERT_TRUE(s.ok()) << s.status().message();
  const auto& n = s->workloads[0].shapes[0].spec.network_config;
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->bridge, "br0");
  ASSERT_TRUE(n->static_ip_config.has_value());
  EXPECT_EQ(n->static_ip_config->interface, "eth1");
  EXPECT_EQ(n->static_ip_config->ip_address, "10.0.0.5");
}

}  // namespace
}  // namespace vmsim::sim
