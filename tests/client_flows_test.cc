// Real MAAS clients' standard flows, replayed at the wire: tests/fixtures/clients/*.json hold
// what python-libmaas, maascli, gomaasclient and maas-client-go sent (method, target, the headers
// that matter, exact body bytes: multipart with base64 parts, HMAC-SHA1 signatures) when their own
// code ran against `vmsim serve` and accepted every answer. Replayed in the order they were sent,
// at the times they were sent, against the same fleet and seed, MaasHttpServer must give each
// answer the status, content type and JSON keys that the client accepted, follow the rules each
// client's source applies, and leave every VM host's accounting exact after compose and delete.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/clock.h"
#include "core/oauth.h"
#include "fakes/fake_maas.h"
#include "fakes/form_body.h"
#include "fakes/maas_http_server.h"
#include "sim/scenario/scenario.h"
#include "sim/world/local_world.h"

namespace vmsim {
namespace {

using nlohmann::json;

std::filesystem::path FixtureDir() {
  const char* root = std::getenv("VMSIM_SOURCE_DIR");
  return std::filesystem::path(root ? root : VMSIM_SOURCE_DIR_DEFAULT) / "tests" / "fixtures" /
         "clients";
}

struct Exchange {
  std::string client;
  json fixture;
};

std::string Base64Decode(const std::string& in) {
  // The bodies are plain form bytes; a form part would need the same decoding MAAS does.
  const auto decoded = fakes::ParseFormBody("multipart/form-data; boundary=b",
                                            "--b\r\nContent-Transfer-Encoding: base64\r\n"
                                            "Content-Disposition: form-data; name=\"x\"\r\n\r\n" +
                                                in + "\r\n--b--");
  return decoded && !decoded->empty() ? decoded->front().second : "";
}

class ClientFlows : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = sim::LoadScenario((FixtureDir() / "serve-fleet.json").string());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    scenario_ = std::move(*s);
    auto w = sim::LocalWorld::Create(scenario_, scenario_.seed, clock_);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    world_ = std::move(*w);
    fakes::MaasHttpServerOptions o;
    o.api_key = "vmsim:vmsim:vmsim";
    o.maas = &world_->maas();
    server_ = std::make_unique<fakes::MaasHttpServer>(world_->api(), auth_clock_, o);
    for (const char* client : {"python-libmaas", "maascli", "gomaasclient", "maas-client-go"}) {
      std::ifstream in(FixtureDir() / (std::string(client) + ".json"));
      ASSERT_TRUE(in) << "missing fixture " << client;
      const json f = json::parse(in);
      EXPECT_FALSE(f.value("version", "").empty())
          << client << ": a fixture names the client's version";
      for (const auto& e : f["exchanges"]) exchanges_.push_back({client, e});
    }
    std::stable_sort(exchanges_.begin(), exchanges_.end(), [](const auto& a, const auto& b) {
      return a.fixture["at_micros"].template get<int64_t>() <
             b.fixture["at_micros"].template get<int64_t>();
    });
  }

  fakes::HttpRequest RequestOf(const json& r) {
    fakes::HttpRequest req;
    req.method = r["method"];
    const std::string target = r["target"];
    const size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    for (const auto& h : r["headers"]) req.headers.emplace_back(h[0], h[1]);
    req.body = Base64Decode(r["body_b64"]);
    return req;
  }

  // The OAuth timestamp the client signed with: the server's wall clock when it was sent.
  static std::optional<int64_t> SignedAt(const fakes::HttpRequest& req) {
    const auto p = core::ParseOAuthHeader(req.Header("authorization"));
    if (!p.contains("oauth_timestamp")) return std::nullopt;
    return std::stoll(p.at("oauth_timestamp"));
  }

  core::ManualClock clock_;       // the fake's: time since `vmsim serve` started
  core::ManualClock auth_clock_;  // the wall clock OAuth timestamps are checked against
  sim::Scenario scenario_;
  std::unique_ptr<sim::LocalWorld> world_;
  std::unique_ptr<fakes::MaasHttpServer> server_;
  std::vector<Exchange> exchanges_;
};

std::vector<std::string> KeysOf(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  const json& o = j.is_array() ? (j.empty() ? json::object() : j[0]) : j;
  std::vector<std::string> keys;
  if (o.is_object()) {
    for (const auto& [k, v] : o.items()) keys.push_back(k);
  }
  return keys;
}

TEST_F(ClientFlows, EveryClientsFlowGetsTheAnswersItsCodeAcceptedAndAccountingStaysExact) {
  ASSERT_GT(exchanges_.size(), 50u);
  std::map<int64_t, core::ResourceInfo> before;
  const auto hosts = world_->maas().ListVMHosts();
  for (const auto& h : hosts.value()) before[h.id] = h.used;
  const std::string hash = server_->ApiHash();
  for (size_t i = 0; i < exchanges_.size(); ++i) {
    const auto& [client, e] = exchanges_[i];
    const fakes::HttpRequest req = RequestOf(e["request"]);
    const std::string what =
        client + " #" + std::to_string(i) + " " + req.method + " " + req.path + "?" + req.query;
    const int64_t at = e["at_micros"];
    if (at > clock_.Now().micros()) clock_.AdvanceTo(core::Timestamp::FromMicros(at));
    if (auto signed_at = SignedAt(req))
      auth_clock_.AdvanceTo(
          core::Timestamp::FromMicros(std::max(*signed_at * 1000000, auth_clock_.Now().micros())));

    const bool compose =
        req.query.find("op=compose") != std::string::npos ||
        (req.method == "POST" && req.path.find("/vm-hosts/") != std::string::npos &&
         req.body.find("compose") != std::string::npos) ||
        (req.method == "POST" && req.path.find("/pods/") != std::string::npos &&
         req.query.find("op=compose") != std::string::npos);
    std::optional<core::VMHost> host_before;
    if (compose) host_before = world_->maas().GetVMHost(1).value();

    const fakes::HttpResponse res = server_->Handle(req);
    const json& want = e["answer"];
    EXPECT_EQ(res.status, want["status"].get<int>()) << what << "\n" << res.body;
    EXPECT_EQ(res.content_type, want["content_type"].get<std::string>()) << what;
    if (!want["json_keys"].is_null()) {
      auto keys = KeysOf(res.body);
      std::sort(keys.begin(), keys.end());
      EXPECT_EQ(keys, want["json_keys"].get<std::vector<std::string>>()) << what;
    }
    // maascli: describe/ is exactly application/json, and every other answer carries the hash of
    // the description it cached (or it warns "API on the server differs").
    const auto hash_header =
        std::find_if(res.headers.begin(), res.headers.end(),
                     [](const auto& h) { return h.first == "X-MAAS-API-Hash"; });
    if (req.path.ends_with("/describe/")) {
      EXPECT_EQ(res.content_type, "application/json") << what;
      // python-libmaas calls handler["uri"]: absolute, on the host the client addressed.
      const json description = json::parse(res.body);
      for (const auto& r : description["resources"]) {
        const json& h = r["auth"].is_null() ? r["anon"] : r["auth"];
        EXPECT_TRUE(h["uri"].get<std::string>().starts_with(
            "http://" + std::string(req.Header("host")) + "/MAAS/api/2.0/"))
            << what;
        for (const char* k : {"name", "doc", "actions", "uri", "params", "path"}) {
          EXPECT_TRUE(h.contains(k)) << k;
        }
      }
    } else {
      ASSERT_NE(hash_header, res.headers.end()) << what;
      EXPECT_EQ(hash_header->second, hash) << what;
    }
    EXPECT_NE(res.status, 401) << what << ": the client's OAuth signature must verify";
    // The values asked for are honoured: a compose adds exactly its cores and memory to `used`.
    if (compose && res.status == 200) {
      core::FormData form = fakes::ParseUrlEncoded(req.query);
      if (auto body = fakes::ParseFormBody(req.Header("content-type"), req.body))
        form.insert(form.end(), body->begin(), body->end());
      const auto after = world_->maas().GetVMHost(1).value();
      EXPECT_EQ(after.used.cores - host_before->used.cores,
                std::stoll(fakes::FirstValue(form, "cores").value_or("1")))
          << what;
      EXPECT_EQ(after.used.memory - host_before->used.memory,
                std::stoll(fakes::FirstValue(form, "memory").value_or("2048")))
          << what;
      EXPECT_EQ(after.used.local_storage - host_before->used.local_storage, 15'000'000'000)
          << what << ": storage=disk0:15";
      const std::string sid = json::parse(res.body)["system_id"];
      const auto m = world_->maas().GetMachine(sid).value();
      if (auto hostname = fakes::FirstValue(form, "hostname")) {
        EXPECT_EQ(m.hostname, *hostname) << what;
      }
    }
  }
  clock_.Advance(core::Duration::Minutes(5));  // every decompose has finished
  const auto hosts_after = world_->maas().ListVMHosts();
  for (const auto& h : hosts_after.value()) {
    EXPECT_EQ(h.used, before[h.id]) << h.name << ": what the flows composed is all freed";
  }
  EXPECT_EQ(world_->maas().MachineCount(), 3u) << "only the seed fleet's existing machines remain";
}

}  // namespace
}  // namespace vmsim
