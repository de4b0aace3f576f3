// vmsim record / replay, end to end: a recording proxy in front of `vmsim serve`'s server, a
// client flow through it, then a replay of the cassette against a fresh fake. Recording and
// replay agree exactly; a perturbed fleet (another over-commit ratio) is found and named; no
// secret reaches the cassette; hostile cassettes are refused with where and what.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/oauth.h"
#include "core/real_clock.h"
#include "fakes/fake_maas.h"
#include "fakes/maas_http_server.h"
#include "fakes/seed_fleet.h"
#include "sim/cassette/answer_diff.h"
#include "sim/cassette/record_proxy.h"
#include "sim/cassette/replay.h"

namespace vmsim::sim {
namespace {

constexpr char kKey[] = "ck:tk:s3cr3t-token";

class RecordReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& spec : fakes::SeedFleet()) ASSERT_TRUE(maas_.AddVMHost(spec).ok());
    const int port = server_.Bind("127.0.0.1", 0);
    ASSERT_GT(port, 0);
    serving_ = std::thread([this] { server_.Serve(); });
    cassette_path_ = ::testing::TempDir() + "record_replay_" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json";
    auto proxy = RecordProxy::Create(
        {"http://127.0.0.1:" + std::to_string(port) + "/MAAS", kKey, cassette_path_}, real_clock_);
    ASSERT_TRUE(proxy.ok()) << proxy.status().message();
    proxy_ = std::move(proxy).value();
  }
  void TearDown() override {
    server_.Stop();
    serving_.join();
    std::filesystem::remove(cassette_path_);
  }

  // One request through the proxy, signed as a client would sign it.
  fakes::HttpResponse Send(const std::string& method, const std::string& path,
                           const std::string& query = "", const std::string& form = "") {
    const auto key = core::ParseMaasApiKey(kKey).value();
    fakes::HttpRequest req{
        method,
        "/MAAS/api/2.0/" + path,
        query,
        {{"host", "127.0.0.1:5241"},
         {"authorization",
          core::OAuthPlaintextHeader(key, real_clock_.Now(), "n" + std::to_string(++nonce_))}},
        form};
    if (!form.empty())
      req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    return proxy_->Handle(req);
  }

  // A client's flow: list, compose, a refused compose (over-commit), read, delete, allocate.
  void RunFlow() {
    ASSERT_EQ(Send("GET", "vm-hosts/").status, 200);
    const auto composed =
        Send("POST", "vm-hosts/1/", "op=compose", "cores=4&memory=4096&hostname=rr-1");
    ASSERT_EQ(composed.status, 200) << composed.body;
    const std::string system_id = nlohmann::json::parse(composed.body)["system_id"];
    ASSERT_EQ(Send("POST", "vm-hosts/1/", "op=compose", "cores=12").status,
              503);  // 16 total, 8 used
    ASSERT_EQ(Send("POST", "vm-hosts/1/", "op=compose", "cores=99").status, 400);
    ASSERT_EQ(Send("POST", "vm-hosts/2/", "op=compose", "cores=1").status, 200);  // a petname
    ASSERT_EQ(Send("GET", "machines/").status, 200);
    ASSERT_EQ(Send("GET", "machines/" + system_id + "/").status, 200);
    ASSERT_EQ(Send("DELETE", "machines/" + system_id + "/").status, 204);
    ASSERT_EQ(Send("POST", "machines/", "op=allocate", "cpu_count=1").status, 200);
    ASSERT_EQ(Send("GET", "vm-hosts/1/").status, 200);
    ASSERT_TRUE(proxy_->WriteStatus().ok());
  }

  Cassette Recorded() {
    std::ifstream in(cassette_path_);
    std::stringstream text;
    text << in.rdbuf();
    auto c = ParseCassette(text.str(), cassette_path_);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? std::move(c).value() : Cassette{};
  }

  static ReplayReport Replayed(const Cassette& c) {
    auto report = Replay(c, {DefaultIgnoredKeys(), 7}, "cassette.json");
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? std::move(report).value() : ReplayReport{};
  }

  core::ManualClock clock_;  // the upstream's time stands still: nothing commissions mid-flow
  core::RealClock real_clock_;
  fakes::FakeMaas maas_{clock_};
  fakes::MaasHttpServerOptions ServerOptions() {
    fakes::MaasHttpServerOptions o;
    o.api_key = kKey;
    o.maas = &maas_;
    return o;
  }
  fakes::MaasHttpServer server_{maas_, real_clock_, ServerOptions()};
  std::thread serving_;
  std::string cassette_path_;
  std::unique_ptr<RecordProxy> proxy_;
  int nonce_ = 0;
};

TEST_F(RecordReplayTest, ReplayOfARecordingAgainstVmsimServeAgreesExactly) {
  RunFlow();
  const Cassette c = Recorded();
  ASSERT_EQ(c.exchanges.size(), 10u);
  EXPECT_EQ(c.initial_vm_hosts.size(), 3u);
  EXPECT_FALSE(c.exchanges[1].before.is_null());  // a write: snapshots around it
  EXPECT_TRUE(c.exchanges[0].before.is_null());   // a read: none
  const ReplayReport report = Replayed(c);
  EXPECT_TRUE(report.ok()) << report.ToText();
  EXPECT_EQ(report.agreeing, 10u);
}

TEST_F(RecordReplayTest, ReplayNamesTheExchangeWhereAFakeWithAnotherOverCommitRatioDiffers) {
  RunFlow();
  Cassette c = Recorded();
  c.initial_vm_hosts[0]["cpu_over_commit_ratio"] = 2.0;  // what the fake would be built with
  const ReplayReport report = Replayed(c);
  ASSERT_FALSE(report.ok());
  bool status_named = false;
  bool accounting_named = false;
  for (const auto& d : report.differences) {
    if (d.exchange == 2 && d.kind == "status") {
      status_named = d.recorded == "503" && d.replayed == "200";
    }
    if (d.exchange == 2 && d.kind == "accounting after" && d.where == "lxd-host-1/used/cores") {
      accounting_named = d.recorded == "8" && d.replayed == "20";
    }
  }
  EXPECT_TRUE(status_named) << report.ToText();
  EXPECT_TRUE(accounting_named) << report.ToText();
  EXPECT_NE(report.ToText().find("exchange 2 (POST /MAAS/api/2.0/vm-hosts/1/?op=compose): status: "
                                 "recorded 503, replayed 200"),
            std::string::npos)
      << report.ToText();
}

TEST_F(RecordReplayTest, ReplayFindsAnAnswerFieldThatDiffers) {
  RunFlow();
  Cassette c = Recorded();
  c.exchanges[6].response.json->at("cpu_count") = 5;  // GET machines/{id}/ recorded 4
  const ReplayReport report = Replayed(c);
  ASSERT_EQ(report.differences.size(), 1u) << report.ToText();
  EXPECT_EQ(report.differences[0].exchange, 6u);
  EXPECT_EQ(report.differences[0].kind, "body");
  EXPECT_EQ(report.differences[0].where, "/cpu_count");
  EXPECT_EQ(report.agreeing, 9u);
}

TEST_F(RecordReplayTest, ACassetteHoldsNoSecret) {
  ASSERT_EQ(Send("PUT", "vm-hosts/1/", "", "power_pass=hunter2&name=lxd-host-1").status, 200);
  ASSERT_EQ(Send("GET", "vm-hosts/1/", "op=parameters").status, 200);
  std::ifstream in(cassette_path_);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().find("hunter2"), std::string::npos);
  EXPECT_EQ(text.str().find("s3cr3t"), std::string::npos);
  EXPECT_NE(text.str().find("\"auth\": \"ck:tk\""), std::string::npos);
  EXPECT_NE(text.str().find(kRedacted), std::string::npos);
}

TEST(CassetteTest, RefusesWhatItCannotReplayNamingWhere) {
  const auto error = [](const std::string& text) {
    auto c = ParseCassette(text, "c.json");
    return c.ok() ? std::string("ok") : c.status().message();
  };
  EXPECT_EQ(error("{"), "c.json: not valid JSON (line 1, column 2)");
  EXPECT_EQ(error(std::string(100, '[') + std::string(100, ']')),
            "c.json: nested deeper than 64 levels (line 1, column 65)");
  EXPECT_EQ(error(R"({"format": "other", "initial": {}})"),
            "c.json: /format: expected \"vmsim-cassette/1\", got \"other\"");
  EXPECT_EQ(error(R"({"format": "vmsim-cassette/1"})"),
            "c.json: /initial: required field is missing");
  EXPECT_EQ(error(R"({"format": "vmsim-cassette/1", "initial": {}, "exchanges": [{"at_us": 0,
      "request": {"method": "GET", "path": "relative"}, "response": {"status": 200}}]})"),
            "c.json: /exchanges/0/request/path: expected an absolute path");
  EXPECT_EQ(error(R"({"format": "vmsim-cassette/1", "initial": {}, "exchanges": [{"at_us": 0,
      "request": {"method": "GET", "path": "/x", "form": [["a"]]}, "response": {"status": 200}}]})"),
            "c.json: /exchanges/0/request/form/0: expected a [name, value] pair of strings");
  EXPECT_EQ(error(R"({"format": "vmsim-cassette/1", "initial": {}, "exchanges": [{"at_us": 0,
      "request": {"method": "GET", "path": "/x"}, "response": {"status": 9000}}]})"),
            "c.json: /exchanges/0/response/status: expected an HTTP status, got 9000");
  EXPECT_EQ(error(R"({"format": "vmsim-cassette/1", "initial": {"vm_hosts": [], "machines": []}})"),
            "ok");
}

TEST(CassetteTest, RedactsPowerPasswordsAndKeysAtAnyDepth) {
  const auto j = RedactedJson(
      {{"power_address", "10.0.0.1"},
       {"nested", {{"power_pass", "x"}, {"key", "PRIVATE"}, {"certificate", "PUBLIC"}}}});
  EXPECT_EQ(j["nested"]["power_pass"], kRedacted);
  EXPECT_EQ(j["nested"]["key"], kRedacted);
  EXPECT_EQ(j["nested"]["certificate"], "PUBLIC");
  EXPECT_EQ(j["power_address"], "10.0.0.1");
  EXPECT_EQ(RedactedForm({{"power_parameters_power_pass", "x"}, {"cores", "2"}}),
            (core::FormData{{"power_parameters_power_pass", kRedacted}, {"cores", "2"}}));
}

TEST(AnswerDiffTest, LearnsDrawnIdentifiersButNotOnesTheClientChose) {
  AnswerDiff diff(DefaultIgnoredKeys());
  EXPECT_TRUE(diff.Json({{"system_id", "aaaaaa"}, {"resource_uri", "/m/aaaaaa/"}},
                        {{"system_id", "bbbbbb"}, {"resource_uri", "/m/bbbbbb/"}})
                  .empty());
  EXPECT_EQ(diff.RewritePath("/MAAS/api/2.0/machines/aaaaaa/"), "/MAAS/api/2.0/machines/bbbbbb/");
  diff.NoteRequested("web-1");
  const auto found = diff.Json({{"hostname", "web-1"}}, {{"hostname", "lucky-cat"}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].where, "/hostname");
  // Once learned, a recorded id must keep mapping to the same replayed one.
  EXPECT_EQ(diff.Json({{"system_id", "aaaaaa"}}, {{"system_id", "cccccc"}}).size(), 1u);
}

}  // namespace
}  // namespace vmsim::sim
