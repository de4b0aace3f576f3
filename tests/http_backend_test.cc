// `vmsim run --backend`: a scenario run over real HTTP (MaasHttpClient -> MaasHttpServer ->
// the served LocalWorld on simulated time) gives the same summary.json, timeseries.csv and
// events.jsonl as the in-process run, and the world endpoints refuse what they must.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "core/real_clock.h"
#include "fakes/maas_http_server.h"
#include "sim/engine/simulator.h"
#include "sim/world/local_world.h"
#include "sim/world/remote_world.h"
#include "sim/world/world_service.h"
#include "sim/world/world_wire.h"
#include "tests/scenario_test_util.h"

namespace vmsim::sim {
namespace {

constexpr const char* kKey = "ck:tk:secret";

std::string ScenarioPath(const std::string& name) {
  return std::string(VMSIM_SOURCE_DIR_DEFAULT) + "/scenarios/" + name;
}

// `vmsim serve --scenario FILE --seed S --clock simulated`, in this process.
class ServedWorld {
 public:
  ServedWorld(const Scenario& s, uint64_t seed, bool simulated = true) {
    auto world = LocalWorld::Create(s, seed, clock_);
    EXPECT_TRUE(world.ok()) << world.status().message();
    world_ = std::move(world).value();
    service_ = std::make_unique<WorldService>(*world_);
    fakes::MaasHttpServerOptions o;
    o.api_key = kKey;
    if (simulated) {
      o.simulated_clock = &clock_;
      o.control = [this](const std::string& m, const std::string& p, const std::string& b) {
        return service_->Handle(m, p, b);
      };
    }
    server_ = std::make_unique<fakes::MaasHttpServer>(world_->api(), real_, o);
    port_ = server_->Bind("127.0.0.1", 0);
    EXPECT_GT(port_, 0);
    serving_ = std::thread([this] { server_->Serve(); });
  }
  ~ServedWorld() {
    server_->Stop();
    serving_.join();
  }
  RemoteBackend Backend(const std::string& key = kKey) const {
    return {"http://127.0.0.1:" + std::to_string(port_), key};
  }

 private:
  core::ManualClock clock_;
  core::RealClock real_;
  std::unique_ptr<LocalWorld> world_;
  std::unique_ptr<WorldService> service_;
  std::unique_ptr<fakes::MaasHttpServer> server_;
  int port_ = -1;
  std::thread serving_;
};

class HttpBackend : public ::testing::TestWithParam<std::string> {};

TEST_P(HttpBackend, RunOverHttpGivesTheInProcessOutputsByteForByte) {
  auto s = LoadScenario(ScenarioPath(GetParam()));
  ASSERT_TRUE(s.ok()) << s.status().message();
  RunOptions options;
  options.event_log = true;
  if (GetParam() == "flaky-api.json")
    options.until = core::Duration::Hours(6);  // its faults fire early and often
  if (GetParam() == "rebalance-stranded.json")
    options.until = core::Duration::Hours(12);  // ~100 moves by then
  const std::string in_process = OutputsWithoutRun(RunScenario(*s, options));

  ServedWorld served(*s, s->seed);
  options.backend = served.Backend();
  EXPECT_EQ(OutputsWithoutRun(RunScenario(*s, options)), in_process);
}

// Faults of every site, timed events (drain, fail with and without lost VMs, recover, host
// health), a Cluster API group, and batch groups with rollbacks.
INSTANTIATE_TEST_SUITE_P(Scenarios, HttpBackend,
                         ::testing::Values("default.json", "flaky-api.json",
                                           "host-loss-recreate.json", "zone-lxd-outage.json",
                                           "outcome-unknown-storm.json", "maintenance-drain.json",
                                           "capi-control-plane-ha.json", "host-health.json",
                                           "batch-control-planes.json", "rebalance-stranded.json"),
                         [](const auto& param_info) { return FileTestName(param_info.param); });

class HttpBackendErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = LoadScenario(ScenarioPath("default.json"));
    ASSERT_TRUE(s.ok());
    scenario_ = std::move(s).value();
  }
  core::Status Run(const RemoteBackend& backend, uint64_t seed) {
    RunOptions options;
    options.seed = seed;
    options.until = core::Duration::Minutes(10);
    options.backend = backend;
    auto out = RunScenario(scenario_, options);
    return out.ok() ? core::Status() : out.status();
  }
  Scenario scenario_;
};

TEST_F(HttpBackendErrors, AnotherSeedIsRefusedWithTheServeCommandToStart) {
  ServedWorld served(scenario_, 7);
  const core::Status s = Run(served.Backend(), 8);
  EXPECT_EQ(s.kind(), core::ErrorKind::kInvalidRequest);
  EXPECT_NE(s.message().find("with seed 7, but this run is"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("--seed 8 --clock simulated"), std::string::npos) << s.message();
}

TEST_F(HttpBackendErrors, AServedWorldRunsOnce) {
  ServedWorld served(scenario_, scenario_.seed);
  ASSERT_TRUE(Run(served.Backend(), scenario_.seed).ok());
  const core::Status s = Run(served.Backend(), scenario_.seed);
  EXPECT_EQ(s.kind(), core::ErrorKind::kInvalidRequest);
  EXPECT_NE(s.message().find("HTTP 409"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("restart vmsim serve"), std::string::npos) << s.message();
}

TEST_F(HttpBackendErrors, AServerOnRealTimeIsNotABackend) {
  ServedWorld served(scenario_, scenario_.seed, /*simulated=*/false);
  const core::Status s = Run(served.Backend(), scenario_.seed);
  EXPECT_EQ(s.kind(), core::ErrorKind::kInvalidRequest);
  EXPECT_NE(s.message().find("--clock simulated"), std::string::npos) << s.message();
}

TEST_F(HttpBackendErrors, AWrongKeyIsRefused) {
  ServedWorld served(scenario_, scenario_.seed);
  const core::Status s = Run(served.Backend("ck:tk:wrong"), scenario_.seed);
  EXPECT_EQ(s.kind(), core::ErrorKind::kInvalidRequest);
  EXPECT_NE(s.message().find("HTTP 401"), std::string::npos) << s.message();
}

TEST_F(HttpBackendErrors, NothingListeningIsHostUnavailable) {
  const core::Status s = Run({"http://127.0.0.1:1", kKey}, scenario_.seed);
  EXPECT_EQ(s.kind(), core::ErrorKind::kHostUnavailable) << s.message();
  EXPECT_NE(s.message().find("--backend http://127.0.0.1:1"), std::string::npos) << s.message();
}

TEST_F(HttpBackendErrors, AMalformedUrlIsInvalid) {
  const core::Status s = Run({"ftp://example", kKey}, scenario_.seed);
  EXPECT_EQ(s.kind(), core::ErrorKind::kInvalidRequest);
  EXPECT_NE(s.message().find("--backend"), std::string::npos) << s.message();
}

class WorldServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = LoadScenario(ScenarioPath("maintenance-drain.json"));
    ASSERT_TRUE(s.ok());
    scenario_ = std::move(s).value();
    auto world = LocalWorld::Create(scenario_, 3, clock_);
    ASSERT_TRUE(world.ok());
    world_ = std::move(world).value();
    service_ = std::make_unique<WorldService>(*world_);
  }
  core::ManualClock clock_;
  Scenario scenario_;
  std::unique_ptr<LocalWorld> world_;
  std::unique_ptr<WorldService> service_;
};

TEST_F(WorldServiceTest, SessionNamesTheScenarioAndSeedAndIsClaimedOnce) {
  auto session = WorldSessionFromJson(
      nlohmann::json::parse(service_->Handle("GET", "/vmsim/v1/session", "").json));
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->content_fnv1a64, scenario_.content_hash);
  EXPECT_EQ(session->seed, 3u);
  EXPECT_FALSE(session->claimed);
  EXPECT_EQ(service_->Handle("POST", "/vmsim/v1/session", "").status, 200);
  EXPECT_EQ(service_->Handle("POST", "/vmsim/v1/session", "").status, 409);
}

TEST_F(WorldServiceTest, BadRequestsGet4xxAndChangeNothing) {
  const std::string before = service_->Handle("GET", "/vmsim/v1/state", "").json;
  EXPECT_EQ(service_->Handle("GET", "/vmsim/v1/nope", "").status, 404);
  EXPECT_EQ(service_->Handle("GET", "/vmsim/v2/state", "").status, 404);
  EXPECT_EQ(service_->Handle("POST", "/vmsim/v1/state", "").status, 405);
  EXPECT_EQ(service_->Handle("GET", "/vmsim/v1/effects", "").status, 405);
  EXPECT_EQ(service_->Handle("POST", "/vmsim/v1/effects", "not json").status, 400);
  EXPECT_EQ(service_->Handle("POST", "/vmsim/v1/effects", R"({"compose": 1})").status, 400);
  EXPECT_EQ(service_->Handle("POST", "/vmsim/v1/events/", "").status, 404);
  EXPECT_EQ(service_->Handle("POST", "/vmsim/v1/events/x", "").status, 404);
  const auto past_end =
      service_->Handle("POST", "/vmsim/v1/events/" + std::to_string(scenario_.events.size()), "");
  EXPECT_EQ(past_end.status, 404);
  EXPECT_NE(past_end.json.find("no timed event"), std::string::npos) << past_end.json;
  EXPECT_EQ(service_->Handle("GET", "/vmsim/v1/state", "").json, before);
}

TEST_F(WorldServiceTest, EffectsOfAComposeAreTakenOnce) {
  auto first = MaasEffectsFromJson(nlohmann::json::parse(
      service_->Handle("POST", "/vmsim/v1/effects", R"({"compose": true})").json));
  ASSERT_TRUE(first.ok());
  auto again = MaasEffectsFromJson(nlohmann::json::parse(
      service_->Handle("POST", "/vmsim/v1/effects", R"({"compose": false})").json));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, MaasEffects{});
}

TEST(WorldWire, ValuesRoundTrip) {
  const MaasEffects effects{{{"compose.no_rack", 3}, {"query.stale", 0}},
                            core::Duration::Seconds(240),
                            core::Duration::Millis(750)};
  EXPECT_EQ(MaasEffectsFromJson(ToJson(effects)).value(), effects);

  const EventOutcome failed{
      core::Status(core::ErrorKind::kNotFound, "No Pod matches the given query.", "4"), {"abc123"}};
  const auto back = EventOutcomeFromJson(ToJson(failed));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status.ToString(), failed.status.ToString());
  EXPECT_EQ(back->lost_machines, failed.lost_machines);

  const MaasState state{4, {"a", "b"}, 1};
  const auto state_back = MaasStateFromJson(ToJson(state));
  ASSERT_TRUE(state_back.ok());
  EXPECT_EQ(state_back->machines, state.machines);
  EXPECT_EQ(state_back->leaked_backend_vms, 1);
}

TEST(WorldWire, MalformedAnswersSayWhatIsWrong) {
  const auto s = MaasEffectsFromJson(nlohmann::json{{"fired", 1}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("malformed effects"), std::string::npos);
  const auto kind = EventOutcomeFromJson({{"ok", false},
                                          {"lost_machines", nlohmann::json::array()},
                                          {"kind", "Nope"},
                                          {"message", ""},
                                          {"host_id", ""}});
  ASSERT_FALSE(kind.ok());
  EXPECT_NE(kind.status().message().find("unknown error kind"), std::string::npos);
}

}  // namespace
}  // namespace vmsim::sim
