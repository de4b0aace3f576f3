// The harness of the MAAS parity tests (tests/maas_parity_*_test.cc): each test mirrors one test
// of MAAS's own suite (canonical/maas 3.7.3, named in a `// MAAS: file::Class::test` comment),
// builds the same VM-host state in a FakeMaas, sends the same REST request through the HTTP
// server's Handle (no socket), and expects MAAS's outcome: status, text, fields, and `used`.
#ifndef VMSIM_TESTS_MAAS_PARITY_H_
#define VMSIM_TESTS_MAAS_PARITY_H_

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "core/maas_http_client.h"
#include "core/oauth.h"
#include "core/real_clock.h"
#include "fakes/fake_maas.h"
#include "fakes/maas_http_server.h"

namespace vmsim::parity {

inline constexpr char kAdminKey[] = "admin-consumer:admin-token:admin-secret";
inline constexpr char kUserKey[] = "user-consumer:user-token:user-secret";

// An LXD host as MAAS's make_pod_with_hints makes one, with fixed numbers where MAAS draws
// them: 12 cores, 8192 MiB, hints equal to the totals, composable, one 100 GB default pool.
inline fakes::FakeHostSpec PodWithHints(std::string name = "pod-1") {
  fakes::FakeHostSpec s;
  s.name = std::move(name);
  s.cores = 12;
  s.memory = 8192;
  s.architectures = {"amd64/generic", "i386/generic", "arm64/generic", "armhf/generic"};
  s.storage_pools = {{"pool-a", "dir", "", 100'000'000'000, 0}};
  s.machine = fakes::FakeBackingMachine{};
  return s;
}

class ParityTest : public ::testing::Test {
 protected:
  // Adds a VM host; returns its id.
  int64_t AddPod(const fakes::FakeHostSpec& spec) {
    auto id = maas_.AddVMHost(spec);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : -1;
  }

  // One request, signed with `key` (nullptr: anonymous). `form` is urlencoded.
  fakes::HttpResponse Send(const char* key, const std::string& method, const std::string& path,
                           const std::string& query = "", const core::FormData& form = {}) {
    fakes::HttpRequest req{
        method, "/MAAS/api/2.0/" + path, query, {{"host", "maas.test:5240"}}, ""};
    if (key != nullptr) {
      const auto k = core::ParseMaasApiKey(key).value();
      req.headers.emplace_back(
          "authorization",
          core::OAuthPlaintextHeader(k, real_clock_.Now(), "n" + std::to_string(++nonce_)));
    }
    if (!form.empty()) {
      req.body = core::EncodeForm(form);
      req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    }
    return server_.Handle(req);
  }
  fakes::HttpResponse Admin(const std::string& method, const std::string& path,
                            const std::string& query = "", const core::FormData& form = {}) {
    return Send(kAdminKey, method, path, query, form);
  }
  fakes::HttpResponse User(const std::string& method, const std::string& path,
                           const std::string& query = "", const core::FormData& form = {}) {
    return Send(kUserKey, method, path, query, form);
  }

  // POST vm-hosts/{id}/?op=compose as the admin.
  fakes::HttpResponse Compose(int64_t pod, const core::FormData& form = {}) {
    return Admin("POST", "vm-hosts/" + std::to_string(pod) + "/", "op=compose", form);
  }
  // GET vm-hosts/{id}/ as the admin, parsed.
  nlohmann::json Pod(int64_t pod) {
    return Body(Admin("GET", "vm-hosts/" + std::to_string(pod) + "/"));
  }
  // GET machines/{id}/ as the admin, parsed.
  nlohmann::json Machine(const std::string& system_id) {
    return Body(Admin("GET", "machines/" + system_id + "/"));
  }
  // The system_id a successful compose answered.
  static std::string SystemId(const fakes::HttpResponse& composed) {
    return Body(composed).value("system_id", std::string());
  }

  static nlohmann::json Body(const fakes::HttpResponse& res) {
    return nlohmann::json::parse(res.body, nullptr, false);
  }

  core::ManualClock clock_;
  core::RealClock real_clock_;
  fakes::FakeMaas maas_{clock_};
  fakes::MaasHttpServerOptions Options() {
    fakes::MaasHttpServerOptions o;
    o.api_key = kAdminKey;
    o.read_only_api_key = kUserKey;
    o.maas = &maas_;
    return o;
  }
  fakes::MaasHttpServer server_{maas_, real_clock_, Options()};
  int nonce_ = 0;
};

}  // namespace vmsim::parity

#endif  // VMSIM_TESTS_MAAS_PARITY_H_
