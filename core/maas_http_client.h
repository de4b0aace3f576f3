// MaasHttpClient: the wire-level seam (core::MaasApi) over HTTP to a MAAS 3.4-3.8 region (or
// `vmsim serve`), API 2.0, OAuth 1.0a signed PLAINTEXT or HMAC-SHA1. MAAS's answers come back as
// they are (status, body, Retry-After); a request that never reached MAAS is kNoConnection, one
// sent whose answer was lost is kNoAnswer, so ClassifyMaasError can tell "nothing happened" from
// "outcome unknown". Built on cpp-httplib. Borrows the clock; thread-compatible (one per thread).
#ifndef VMSIM_CORE_MAAS_HTTP_CLIENT_H_
#define VMSIM_CORE_MAAS_HTTP_CLIENT_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/maas_api.h"
#include "core/oauth.h"
#include "core/rng.h"
#include "core/status.h"

namespace httplib {
class Client;
}

namespace vmsim::core {

struct MaasHttpOptions {
  std::string url;      // the region's API root, e.g. "http://10.0.0.2:5240/MAAS"
  std::string api_key;  // "consumer:token:secret"
  Duration connect_timeout = Duration::Seconds(5);
  // MAAS waits up to 120 s for the LXD driver during a compose; wait a little longer.
  Duration request_timeout = Duration::Seconds(130);
  // Called before every request: headers to add to it (a caller's own protocol, such as the
  // simulated time sim/world/remote_world.cc sends to `vmsim serve`). Unset: none.
  std::function<std::vector<std::pair<std::string, std::string>>()> extra_headers = nullptr;
  // How requests are signed: PLAINTEXT (as python-libmaas, maascli and gomaasapi do) or
  // HMAC-SHA1 over RFC 5849's base string (as spectrocloud's maas-client-go does).
  OAuthSignatureMethod signature = OAuthSignatureMethod::kPlaintext;
};

class MaasHttpClient final : public MaasApi {
 public:
  // kInvalidRequest for a URL that is not http://host[:port][/path]; kPermissionDenied for a
  // malformed API key. `clock` (for OAuth timestamps) must outlive the client.
  static Result<std::unique_ptr<MaasHttpClient>> Create(const MaasHttpOptions& options,
                                                        const Clock& clock);
  ~MaasHttpClient() override;

  MaasResult<std::vector<VMHost>> ListVMHosts() override;
  MaasResult<VMHost> GetVMHost(int64_t id) override;
  MaasResult<VMHostParameters> GetVMHostParameters(int64_t id) override;
  MaasResult<ComposeResponse> ComposeMachine(int64_t vm_host_id, const FormData& form) override;
  MaasResult<Machine> GetMachine(std::string_view system_id) override;
  MaasResult<std::vector<Machine>> ListMachines(const MachineQuery& query) override;
  MaasResult<NoContent> DeleteMachine(std::string_view system_id) override;

  // A signed request to any path on the server (absolute, e.g. "/MAAS/api/2.0/vm-hosts/"); `body`
  // is sent as JSON unless null. Answers the JSON body (null when empty), or the MaasError.
  MaasResult<nlohmann::json> CallJson(const std::string& method, const std::string& path,
                                      const nlohmann::json& body = nullptr);

 private:
  struct Reply {
    int status = 0;
    std::string body;
    bool json = false;
    std::optional<int> retry_after;
  };
  MaasHttpClient(std::unique_ptr<httplib::Client> http, std::string host_port,
                 std::string root_path, MaasApiKey key, const Clock& clock,
                 const MaasHttpOptions& options);
  // `target`: the whole path. A POST's body is `body` of `content_type`.
  Reply Send(const std::string& method, const std::string& target, const std::string& body = {},
             const char* content_type = "application/x-www-form-urlencoded");
  Reply SendApi(const std::string& method, const std::string& path, const std::string& form = {}) {
    return Send(method, base_path_ + path, form);
  }
  template <typename T>
  MaasResult<T> Decode(const Reply& reply, std::string_view what);

  std::unique_ptr<httplib::Client> http_;
  std::string host_port_;  // "10.0.0.2:5240": the Host the server sees, in HMAC's base string
  std::string root_path_;  // "/MAAS"
  std::string base_path_;  // "/MAAS/api/2.0"
  MaasApiKey key_;
  const Clock& clock_;
  std::function<std::vector<std::pair<std::string, std::string>>()> extra_headers_;
  OAuthSignatureMethod signature_;
  Rng nonce_rng_;
};

// Form fields as application/x-www-form-urlencoded.
std::string EncodeForm(const FormData& form);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_MAAS_HTTP_CLIENT_H_
