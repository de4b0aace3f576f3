// The fake MAAS over HTTP, at the wire: MAAS's paths (vm-hosts/ and pods/), op dispatch (?op=,
// form op=, /op-<name>), JSON shapes against MAAS's own example payloads, status codes and
// texts, X-MAAS-API-Hash, OAuth (missing, wrong key, stale, replayed, read-only), malformed and
// oversized requests (4xx, nothing changes), and concurrent clients leaving accounting exact.
#include "fakes/maas_http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

#include "core/client_extensions.h"
#include "core/json_codec.h"
#include "core/maas_http_client.h"
#include "core/oauth.h"
#include "core/real_clock.h"
#include "fakes/fake_maas.h"
#include "fakes/seed_fleet.h"

namespace vmsim::fakes {
namespace {

constexpr const char* kKey = "ck:tk:secret";
constexpr const char* kReadOnlyKey = "ck2:tk2:reader";

// Decomposes finish at once, so concurrent clients can reuse what they free.
FakeMaasOptions ImmediateDecompose() {
  FakeMaasOptions o;
  o.decompose_delay = [] { return core::Duration(); };
  return o;
}

class MaasHttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& spec : SeedFleet()) ASSERT_TRUE(maas_.AddVMHost(spec).ok());
    port_ = server_.Bind("127.0.0.1", 0);
    ASSERT_GT(port_, 0);
    serving_ = std::thread([this] { server_.Serve(); });
    http_ = std::make_unique<httplib::Client>("http://127.0.0.1:" + std::to_string(port_));
  }
  void TearDown() override {
    server_.Stop();
    serving_.join();
  }
  httplib::Headers Auth(const char* key = kKey, int64_t skew_seconds = 0) {
    static int nonce = 0;
    const auto k = core::ParseMaasApiKey(key).value();
    const auto now = real_clock_.Now() + core::Duration::Seconds(skew_seconds);
    return {{"Authorization", core::OAuthPlaintextHeader(k, now, "n" + std::to_string(++nonce))}};
  }
  size_t Machines() {
    size_t n = 0;
    server_.WithLock([&] { n = maas_.MachineCount(); });
    return n;
  }

  core::ManualClock clock_;
  core::RealClock real_clock_;
  FakeMaas maas_{clock_, ImmediateDecompose()};
  MaasHttpServerOptions ServerOptions() {
    MaasHttpServerOptions o;
    o.api_key = kKey;
    o.simulated_clock = &clock_;
    o.read_only_api_key = kReadOnlyKey;
    o.max_body_bytes = 4096;
    o.maas = &maas_;
    return o;
  }
  MaasHttpServer server_{maas_, real_clock_, ServerOptions()};
  int port_ = 0;
  std::thread serving_;
  std::unique_ptr<httplib::Client> http_;
};

TEST_F(MaasHttpServerTest, ListsVMHostsUnderBothSpellingsIgnoringFilters) {
  auto a = http_->Get("/MAAS/api/2.0/vm-hosts/?zone=zone-a&type=virsh", Auth());
  auto b = http_->Get("/MAAS/api/2.0/pods/", Auth());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->status, 200);
  EXPECT_EQ(a->get_header_value("X-MAAS-API-Hash").empty(), false);
  auto pods = nlohmann::json::parse(b->body);
  for (auto& h : pods) {  // the same hosts, each named in the spelling it was reached by
    EXPECT_EQ(h["resource_uri"], "/MAAS/api/2.0/pods/" + std::to_string(h["id"].get<int>()) + "/");
    h["resource_uri"] = "/MAAS/api/2.0/vm-hosts/" + std::to_string(h["id"].get<int>()) + "/";
  }
  EXPECT_EQ(nlohmann::json::parse(a->body), pods);
  EXPECT_EQ(nlohmann::json::parse(a->body).size(), 3u) << "MAAS ignores filter parameters";
}

TEST_F(MaasHttpServerTest, VMHostJsonHasTheFieldsOfMaasExamplePayload) {
  const char* root = std::getenv("VMSIM_SOURCE_DIR");
  std::ifstream in(std::string(root ? root : ".") + "/tests/fixtures/maas/vm-hosts.json");
  ASSERT_TRUE(in) << "MAAS's example payloads belong in tests/fixtures/maas (VMSIM_SOURCE_DIR is "
                     "the project root)";
  const auto examples = nlohmann::json::parse(in);
  auto res = http_->Get("/MAAS/api/2.0/vm-hosts/1/", Auth());
  ASSERT_TRUE(res && res->status == 200);
  const auto ours = nlohmann::json::parse(res->body);
  std::set<std::string> ours_keys, maas_keys;
  for (const auto& [k, v] : ours.items()) ours_keys.insert(k);
  for (const auto& [k, v] : examples["update-vmhost"].items()) maas_keys.insert(k);
  ours_keys.erase("version");  // MAAS 3.x adds it; the example predates it
  EXPECT_EQ(ours_keys, maas_keys);
  for (const char* nested : {"total", "used", "available", "zone", "pool", "host"}) {
    std::set<std::string> a, b;
    for (const auto& [k, v] : ours[nested].items()) a.insert(k);
    for (const auto& [k, v] : examples["update-vmhost"][nested].items()) b.insert(k);
    EXPECT_EQ(a, b) << nested;
  }
}

TEST_F(MaasHttpServerTest, ComposeWorksByQueryOpFormOpAndOpSuffix) {
  for (const std::string path : {"/MAAS/api/2.0/vm-hosts/1/?op=compose", "/MAAS/api/2.0/pods/1/",
                                 "/MAAS/api/2.0/vm-hosts/1/op-compose"}) {
    const std::string body =
        path.ends_with("pods/1/") ? "op=compose&cores=1&memory=1024" : "cores=1&memory=1024";
    auto res = http_->Post(path.c_str(), Auth(), body, "application/x-www-form-urlencoded");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << path << ": " << res->body;
    const auto j = nlohmann::json::parse(res->body);
    EXPECT_EQ(j.size(), 2u);
    EXPECT_EQ(j["resource_uri"],
              "/MAAS/api/2.0/machines/" + j["system_id"].get<std::string>() + "/");
  }
}

TEST_F(MaasHttpServerTest, UnknownOpsPathsAndMalformedRequestsAre4xxAndChangeNothing) {
  const size_t before = Machines();
  auto res = http_->Post("/MAAS/api/2.0/vm-hosts/1/op-explode", Auth(), "",
                         "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->body, "Unrecognised signature: method=POST op=explode");
  res = http_->Get("/MAAS/api/2.0/nothing-here/", Auth());
  EXPECT_EQ(res->status, 404);
  res = http_->Post("/MAAS/api/2.0/vm-hosts/1/op-compose", Auth(), "storage=root:20 (x)&cores=two",
                    "application/x-www-form-urlencoded");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  res = http_->Post("/MAAS/api/2.0/vm-hosts/99/op-compose", Auth(), "",
                    "application/x-www-form-urlencoded");
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->body, "No Pod matches the given query.");
  res = http_->Post("/MAAS/api/2.0/vm-hosts/1/op-compose", Auth(), std::string(10000, 'x'),
                    "application/x-www-form-urlencoded");
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(Machines(), before);
}

TEST_F(MaasHttpServerTest, SimulatedTimeHeaderMovesTheClockForwardNeverBack) {
  const auto at = [&](const std::string& micros) {
    auto headers = Auth();
    headers.emplace(kSimulatedTimeHeader, micros);
    EXPECT_EQ(http_->Get("/MAAS/api/2.0/vm-hosts/", headers)->status, 200);
    core::Timestamp now;
    server_.WithLock([&] { now = clock_.Now(); });
    return now.micros();
  };
  EXPECT_EQ(at("5000000"), 5000000);
  EXPECT_EQ(at("1000000"), 5000000);
  EXPECT_EQ(at("soon"), 5000000);
  EXPECT_EQ(at("7000000"), 7000000);
}

std::string RawExchange(int port, const std::string& request);

TEST_F(MaasHttpServerTest, OnlyTheAdminKeyMovesTheSimulatedClockAndOnlyOnceAWorldIsClaimed) {
  bool claimed = false;
  MaasHttpServerOptions o = ServerOptions();
  o.clock_claimed = [&claimed] { return claimed; };
  MaasHttpServer server(maas_, real_clock_, o);
  const auto get = [&](const char* key, const std::string& micros) {
    fakes::HttpRequest req{"GET", "/MAAS/api/2.0/vm-hosts/", "", {}, ""};
    req.headers = {{"authorization", Auth(key).begin()->second},
                   {"x-vmsim-simulated-time", micros}};
    EXPECT_EQ(server.Handle(req).status, 200);
    core::Timestamp now;
    server.WithLock([&] { now = clock_.Now(); });
    return now.micros();
  };
  EXPECT_EQ(get(kKey, "5000000"), 0) << "before a run claims the world";
  claimed = true;
  EXPECT_EQ(get(kReadOnlyKey, "5000000"), 0) << "a read-only key's request";
  EXPECT_EQ(get(kKey, "5000000"), 5000000);
}

TEST_F(MaasHttpServerTest, OAuthHeadersAreReadAsRfc5849SaysDecodedOnceWithoutDuplicates) {
  const auto status = [&](const std::string& header) {
    fakes::HttpRequest req{"GET", "/MAAS/api/2.0/vm-hosts/", "", {{"authorization", header}}, ""};
    const auto res = server_.Handle(req);
    return std::to_string(res.status) + " " + res.body;
  };
  const std::string now = std::to_string(real_clock_.Now().micros() / 1000000);
  const auto header = [&](const std::string& signature, const std::string& timestamp,
                          const std::string& nonce, const std::string& extra = "") {
    return "OAuth oauth_consumer_key=\"ck\", oauth_token=\"tk\", "
           "oauth_signature_method=\"PLAINTEXT\", "
           "oauth_signature=\"" +
           signature + "\", oauth_timestamp=\"" + timestamp + "\", oauth_nonce=\"" + nonce + "\"" +
           extra;
  };
  EXPECT_EQ(status(header("%26secret", now, "a1")).substr(0, 3), "200");
  EXPECT_EQ(status(header("%26secret", now, "a2", ", oauth_nonce=\"a3\"")),
            "400 Bad Request: the OAuth parameter oauth_nonce is given twice");
  EXPECT_EQ(status(header("%26secret", now + "abc", "a4")),
            "401 Authorization Error: 'Invalid timestamp: " + now + "abc'");
  EXPECT_EQ(status(header("%26secret", now, "")),
            "401 Authorization Error: 'Missing OAuth parameter: oauth_nonce'");
  EXPECT_EQ(status(header("%2526secret", now, "a5")).substr(0, 3), "401")
      << "decoded once, not twice";
}

TEST(MaasHttpServerSecrets, ASecretWithPlusPercentOrQuoteAuthenticatesFromVmsimsOwnClient) {
  for (const std::string secret : {"a+b", "50%off", "say\"hi\""}) {
    const std::string key = "ck:tk:" + secret;
    core::ManualClock clock;
    core::RealClock real_clock;
    FakeMaas maas(clock, FakeMaasOptions{});
    MaasHttpServerOptions o;
    o.api_key = key;
    o.maas = &maas;
    MaasHttpServer server(maas, real_clock, o);
    const auto k = core::ParseMaasApiKey(key).value();
    fakes::HttpRequest req{"GET", "/MAAS/api/2.0/vm-hosts/", "", {}, ""};
    req.headers = {{"authorization", core::OAuthPlaintextHeader(k, real_clock.Now(), "n1")}};
    EXPECT_EQ(server.Handle(req).status, 200) << secret << ": " << server.Handle(req).body;
  }
}

TEST_F(MaasHttpServerTest, MalformedFramingIsRefusedWith400NeverReadAsSomethingElse) {
  const std::string auth = Auth().begin()->second;
  const std::string head =
      "POST /MAAS/api/2.0/vm-hosts/1/op-compose HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " +
      auth + "\r\nConnection: close\r\n";
  const size_t before = Machines();
  EXPECT_TRUE(RawExchange(port_, head + "Content-Length: abc\r\n\r\n").starts_with("HTTP/1.1 400"));
  EXPECT_TRUE(RawExchange(port_, head + "Content-Length: 0\r\nContent-Length: 0\r\n\r\n")
                  .starts_with("HTTP/1.1 400"));
  EXPECT_TRUE(
      RawExchange(port_, head + "this line has no colon\r\n\r\n").starts_with("HTTP/1.1 400"));
  EXPECT_EQ(Machines(), before) << "no default VM composed from a body that could not be read";
}

TEST_F(MaasHttpServerTest, VmsimEndpointsAre404WithoutAWorldToControl) {
  const auto res = http_->Get("/vmsim/v1/session", Auth());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(MaasHttpServerTest, OAuthFailuresAre401AndReadOnlyKeysGet403OnCompose) {
  const size_t before = Machines();
  auto res = http_->Get("/MAAS/api/2.0/vm-hosts/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = http_->Get("/MAAS/api/2.0/vm-hosts/", Auth("nobody:tk:secret"));
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->body, "Authorization Error: Invalid API key.");
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "OAuth realm=\"OAuth\"");
  res = http_->Get("/MAAS/api/2.0/vm-hosts/", Auth("ck:other:secret"));
  EXPECT_EQ(res->body, "Authorization Error: 'Invalid access token: other'");
  res = http_->Get("/MAAS/api/2.0/vm-hosts/", Auth("ck:tk:wrong"));
  EXPECT_EQ(res->status, 401);
  EXPECT_TRUE(res->body.starts_with("Authorization Error: 'Invalid signature.")) << res->body;
  res = http_->Get("/MAAS/api/2.0/vm-hosts/", Auth(kKey, -600));
  EXPECT_EQ(res->status, 401);
  EXPECT_NE(res->body.find("Expired timestamp"), std::string::npos);
  const auto replayed = Auth();
  EXPECT_EQ(http_->Get("/MAAS/api/2.0/vm-hosts/", replayed)->status, 200);
  res = http_->Get("/MAAS/api/2.0/vm-hosts/", replayed);
  EXPECT_EQ(res->status, 401);
  EXPECT_NE(res->body.find("Nonce already used"), std::string::npos);
  EXPECT_EQ(http_->Get("/MAAS/api/2.0/vm-hosts/", Auth(kReadOnlyKey))->status, 200);
  res = http_->Post("/MAAS/api/2.0/vm-hosts/1/op-compose", Auth(kReadOnlyKey), "",
                    "application/x-www-form-urlencoded");
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(res->body, "This method is reserved for admin users.");
  EXPECT_EQ(Machines(), before);
}

TEST_F(MaasHttpServerTest, ClientSigningHmacSha1IsAcceptedForReadsFormPostsAndDeletes) {
  core::MaasHttpOptions o{"http://127.0.0.1:" + std::to_string(port_) + "/MAAS", kKey};
  o.signature = core::OAuthSignatureMethod::kHmacSha1;
  auto client = core::MaasHttpClient::Create(o, real_clock_);
  ASSERT_TRUE(client.ok());
  auto hosts = (*client)->ListVMHosts();
  ASSERT_TRUE(hosts.ok()) << hosts.error().body;
  auto composed =
      (*client)->ComposeMachine(1, {{"cores", "2"}, {"storage", "root:8 (x)"}, {"memory", "2048"}});
  ASSERT_FALSE(composed.ok())
      << "a malformed storage is refused by MAAS's form, after the signature verified";
  EXPECT_EQ(composed.error().http_status, 400) << composed.error().body;
  composed =
      (*client)->ComposeMachine(1, {{"cores", "2"}, {"hostname", "signed-vm"}, {"memory", "2048"}});
  ASSERT_TRUE(composed.ok()) << composed.error().body;
  auto listed = (*client)->ListMachines({.pod = "lxd-host-1", .hostname = "signed-vm", .ids = {}});
  ASSERT_TRUE(listed.ok()) << listed.error().body;
  EXPECT_EQ(listed.value().size(), 1u);
  EXPECT_TRUE((*client)->DeleteMachine(composed.value().system_id).ok());
}

TEST_F(MaasHttpServerTest, AnHmacSignatureOverOtherParametersIsRefusedWithTheBaseString) {
  const auto k = core::ParseMaasApiKey(kKey).value();
  const std::string url = "http://127.0.0.1:" + std::to_string(port_) + "/MAAS/api/2.0/machines/";
  const std::string header =
      core::OAuthHmacSha1Header(k, real_clock_.Now(), "h1", "GET", url, {{"hostname", "a"}});
  auto res = http_->Get("/MAAS/api/2.0/machines/?hostname=b", {{"Authorization", header}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_NE(res->body.find("Invalid signature. Expected signature base string: GET&http"),
            std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("hostname%3Db"), std::string::npos) << res->body;
}

TEST_F(MaasHttpServerTest, MachinesCarryMaas37sDisplayedFieldsAndTheHostsOwnMachineHasNoParent) {
  auto composed =
      http_->Post("/MAAS/api/2.0/vm-hosts/1/op-compose", Auth(),
                  "storage=root:8&skip_commissioning=true", "application/x-www-form-urlencoded");
  ASSERT_EQ(composed->status, 200) << composed->body;
  const std::string sid = nlohmann::json::parse(composed->body)["system_id"];
  const auto vm = nlohmann::json::parse(
      http_->Get(("/MAAS/api/2.0/machines/" + sid + "/").c_str(), Auth())->body);
  EXPECT_EQ(vm.size(), 81u)
      << "DISPLAYED_MACHINE_FIELDS but constraints_by_type (allocate only), and resource_uri";
  EXPECT_EQ(vm["storage"], 8000.0) << "decimal MB";
  EXPECT_EQ(vm["blockdevice_set"][0]["size"], 8000000000);
  EXPECT_EQ(vm["boot_disk"]["name"], "sda");
  EXPECT_EQ(vm["pod"]["resource_uri"], "/MAAS/api/2.0/pods/1/");
  EXPECT_TRUE(vm["owner"].is_null());
  EXPECT_EQ(vm["domain"]["name"], "maas");
  const std::string host_sid = maas_.GetVMHost(1).value().host_system_id.value();
  const auto host = nlohmann::json::parse(
      http_->Get(("/MAAS/api/2.0/machines/" + host_sid + "/").c_str(), Auth())->body);
  EXPECT_EQ(host.size(), 81u);
  EXPECT_TRUE(host["parent"].is_null());
  EXPECT_TRUE(host["virtualmachine_id"].is_null());
  EXPECT_EQ(vm["parent"]["system_id"], host_sid);
}

TEST_F(MaasHttpServerTest, InvalidUtf8InAFormNeverStoresWhatALaterReadCannotRender) {
  auto res = http_->Post("/MAAS/api/2.0/vm-hosts/1/op-compose", Auth(),
                         "hostname=x%FFy&storage=%FF", "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_TRUE(nlohmann::json::accept(res->body)) << res->body;
  res = http_->Get("/MAAS/api/2.0/machines/", Auth());
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(nlohmann::json::accept(res->body));
}

// Django decodes invalid UTF-8 to U+FFFD, and MAAS's own checks refuse what results. (A lone
// U+FFFD as interfaces is one character, which parse_labeled_constraint_map reads as no
// constraint at all, so MAAS composes: two are needed for its "Malformed constraint".)
TEST_F(MaasHttpServerTest, InvalidUtf8InAnyOneComposeFieldIs400AndComposesNothing) {
  for (const char* form : {"hostname=x%FFy", "storage=%FF", "storage=root:%FF", "architecture=%FF",
                           "interfaces=%FF%FF", "interfaces=eth0:space=%C3"}) {
    SCOPED_TRACE(form);
    const size_t before = Machines();
    const auto res = http_->Post("/MAAS/api/2.0/vm-hosts/1/op-compose", Auth(), form,
                                 "application/x-www-form-urlencoded");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_EQ(Machines(), before);
    const auto machines = http_->Get("/MAAS/api/2.0/machines/", Auth());
    ASSERT_TRUE(machines);
    EXPECT_EQ(machines->status, 200);
    EXPECT_TRUE(nlohmann::json::accept(machines->body));
  }
}

// A raw HTTP/1.1 exchange on a fresh connection: what the server answers to exactly `request`.
std::string RawExchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "";
  (void)::send(fd, request.data(), request.size(), 0);
  std::string answer;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    answer.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return answer;
}

TEST_F(MaasHttpServerTest, APostWithNoBodyAndNoContentLengthIsAnsweredLikeAnEmptyForm) {
  const std::string auth = Auth().begin()->second;
  const std::string answer =
      RawExchange(port_,
                  "POST /MAAS/api/2.0/vm-hosts/1/op-compose HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  "Authorization: " +
                      auth + "\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
  EXPECT_NE(answer.find("\"system_id\""), std::string::npos) << "MAAS's defaults: 1 core, 2048 MiB";
}

TEST_F(MaasHttpServerTest, UnknownGetOpsAre400AndEveryAnswerHasAContentType) {
  for (const char* path : {"/MAAS/api/2.0/machines/?op=allocate", "/MAAS/api/2.0/vm-hosts/?op=x",
                           "/MAAS/api/2.0/vm-hosts/1/?op=x"}) {
    auto res = http_->Get(path, Auth());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << path;
    EXPECT_TRUE(res->body.starts_with("Unrecognised signature: method=GET op=")) << res->body;
  }
  auto composed = http_->Post("/MAAS/api/2.0/vm-hosts/1/op-compose", Auth(), "",
                              "application/x-www-form-urlencoded");
  ASSERT_EQ(composed->status, 200);
  const std::string sid = nlohmann::json::parse(composed->body)["system_id"];
  auto deleted = http_->Delete(("/MAAS/api/2.0/machines/" + sid + "/").c_str(), Auth());
  EXPECT_EQ(deleted->status, 204);
  EXPECT_EQ(deleted->get_header_value("Content-Type"), "text/plain") << "piston's rc.DELETED";
  auto none = http_->Delete("/MAAS/api/2.0/machines/", Auth());
  EXPECT_EQ(none->status, 405);
  EXPECT_FALSE(none->get_header_value("Allow").empty());
  EXPECT_EQ(http_->Get("/MAAS/api/2.0/nope/", Auth())->body,
            "Unknown API endpoint: /MAAS/api/2.0/nope/.");
}

TEST_F(MaasHttpServerTest, DescribeIsAnonymousAndEveryOtherAnswerCarriesItsHash) {
  auto d = http_->Get("/MAAS/api/2.0/describe/");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, 200);
  EXPECT_EQ(d->get_header_value("Content-Type"), "application/json") << "maascli's exact check";
  const auto j = nlohmann::json::parse(d->body);
  EXPECT_EQ(j["hash"], server_.ApiHash());
  std::set<std::string> names;
  for (const auto& r : j["resources"]) names.insert(r["name"]);
  for (const char* h :
       {"VmHostHandler", "VmHostsHandler", "MachineHandler", "MachinesHandler", "VersionHandler",
        "UsersHandler", "ZonesHandler", "ResourcePoolsHandler", "TagsHandler", "TagHandler"}) {
    EXPECT_TRUE(names.contains(h)) << h;
  }
  auto v = http_->Get("/MAAS/api/2.0/version/");
  EXPECT_EQ(v->status, 200) << "version/ is anonymous";
  EXPECT_EQ(v->get_header_value("X-MAAS-API-Hash"), server_.ApiHash());
  EXPECT_EQ(http_->Get("/MAAS/api/2.0/machines/")->status, 401) << "machines/ is not";
}

TEST_F(MaasHttpServerTest, NonAdminsGet403OnAdminMethodsAndDoNotSeeOthersMachines) {
  const size_t before = Machines();
  auto res = http_->Post("/MAAS/api/2.0/vm-hosts/", Auth(kReadOnlyKey),
                         "type=lxd&power_address=10.1.1.1", "application/x-www-form-urlencoded");
  EXPECT_EQ(res->status, 403);
  auto composed = http_->Post("/MAAS/api/2.0/vm-hosts/1/op-compose", Auth(),
                              "skip_commissioning=true", "application/x-www-form-urlencoded");
  const std::string sid = nlohmann::json::parse(composed->body)["system_id"];
  res = http_->Put(("/MAAS/api/2.0/machines/" + sid + "/").c_str(), Auth(kReadOnlyKey),
                   "hostname=x", "application/x-www-form-urlencoded");
  EXPECT_EQ(res->status, 403);
  res = http_->Post("/MAAS/api/2.0/machines/?op=allocate", Auth(), "system_id=" + sid,
                    "application/x-www-form-urlencoded");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(nlohmann::json::parse(res->body)["owner"], "admin");
  EXPECT_TRUE(nlohmann::json::parse(res->body).contains("constraints_by_type"));
  res = http_->Get(("/MAAS/api/2.0/machines/" + sid + "/").c_str(), Auth(kReadOnlyKey));
  EXPECT_EQ(res->status, 403) << "another user's machine";
  res = http_->Post(("/MAAS/api/2.0/machines/" + sid + "/?op=release").c_str(), Auth(kReadOnlyKey),
                    "", "application/x-www-form-urlencoded");
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(Machines(), before + 1);
}

// 16 clients compose and decompose as fast as they can: at least 5 times each, and for 1 s
// (20 s with VMSIM_LONG_TESTS=1). Nothing is lost or counted twice.
TEST_F(MaasHttpServerTest, ConcurrentClientsLeaveAccountingExact) {
  constexpr int kMinCycles = 5;
  const auto before = maas_.GetVMHost(1).value().used;
  std::vector<std::thread> clients;
  std::atomic<int> failures{0}, cycles{0};
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::seconds(std::getenv("VMSIM_LONG_TESTS") != nullptr ? 20 : 1);
  for (int c = 0; c < 16; ++c) {
    clients.emplace_back([&, c] {
      core::RealClock clock;
      auto client = core::MaasHttpClient::Create(
          {"http://127.0.0.1:" + std::to_string(port_) + "/MAAS", kKey}, clock);
      core::ClientExtensions ext(**client);
      for (int i = 0; i < kMinCycles || std::chrono::steady_clock::now() < until; ++i, ++cycles) {
        core::ComposeVMParams p;
        p.vm_host_id = std::to_string(1 + (c + i) % 3);
        p.cores = 1;
        p.memory = 1024;
        p.hostname = "c" + std::to_string(c) + "-" + std::to_string(i);
        auto vm = ext.VMHosts().ComposeVM(p);
        if (!vm.ok()) {
          ADD_FAILURE() << vm.status().ToString();
          ++failures;
          continue;
        }
        if (auto s = ext.VMHosts().DecomposeVM(p.vm_host_id, vm->system_id); !s.ok()) {
          ADD_FAILURE() << s.ToString();
          ++failures;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GE(cycles, 16 * kMinCycles);
  server_.WithLock([&] { clock_.Advance(core::Duration::Minutes(1)); });
  EXPECT_EQ(Machines(), 3u) << "only the seed fleet's pre-existing machines remain";
  server_.WithLock([&] { EXPECT_EQ(maas_.GetVMHost(1).value().used, before); });
}

TEST(MaasHttpClient, BadUrlsAndKeysAreRejectedUpFront) {
  core::RealClock clock;
  EXPECT_EQ(core::MaasHttpClient::Create({"https://maas/MAAS", kKey}, clock).status().kind(),
            core::ErrorKind::kInvalidRequest);
  EXPECT_EQ(
      core::MaasHttpClient::Create({"http://maas:5240/MAAS", "only:two"}, clock).status().kind(),
      core::ErrorKind::kPermissionDenied);
}

TEST(MaasHttpClient, NoServerIsHostUnavailableNotOutcomeUnknown) {
  core::RealClock clock;
  auto client = core::MaasHttpClient::Create({"http://127.0.0.1:1/MAAS", kKey}, clock);
  ASSERT_TRUE(client.ok());
  core::ClientExtensions ext(**client);
  core::ComposeVMParams p;
  p.vm_host_id = "1";
  p.cores = 1;
  p.memory = 1024;
  p.zone_id = 1;
  auto vm = ext.VMHosts().ComposeVM(p);
  ASSERT_FALSE(vm.ok());
  EXPECT_EQ(vm.status().kind(), core::ErrorKind::kHostUnavailable) << vm.status().ToString();
}

}  // namespace
}  // namespace vmsim::fakes
