// MaasHttpServer: MAAS API 2.0 over HTTP in front of the fake, wire-compatible with MAAS 3.4-3.8
// for what real clients (python-libmaas, maascli, gomaasclient, maas-client-go) do with VM hosts
// and machines: MAAS's paths (both vm-hosts/ and pods/), ops by ?op=, by form op= and by
// /op-<name>, bodies form-urlencoded or multipart, describe/ generated from the routing table
// (fakes/api_routes.h) with its hash in X-MAAS-API-Hash, MAAS's JSON shapes, status codes and
// texts, OAuth 1.0a PLAINTEXT and HMAC-SHA1. The seam's calls go through `api` (so a fault
// injector between them applies); the rest of MAAS (zones, pools, machine and VM-host
// lifecycles, tags) is the FakeMaas given in the options. Thread-safe: requests run on the
// transport's threads and every call into the fake is made under one lock. Bad requests get 4xx
// and change nothing.
#ifndef VMSIM_FAKES_MAAS_HTTP_SERVER_H_
#define VMSIM_FAKES_MAAS_HTTP_SERVER_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/maas_api.h"
#include "core/oauth.h"
#include "fakes/api_routes.h"
#include "fakes/http_transport.h"

namespace vmsim::fakes {

// An answer of one of vmsim's own endpoints: a status and a JSON body (or none).
struct ControlReply {
  int status = 200;
  std::string json;
};

class FakeMaas;

// The header in which vmsim's own client (sim/world/remote_world.h) sends its simulated time, in
// microseconds since the run began.
inline constexpr char kSimulatedTimeHeader[] = "X-Vmsim-Simulated-Time";

struct MaasHttpServerOptions {
  std::string api_key;  // "consumer:token:secret": the admin key (user "admin")
  std::string
      read_only_api_key;  // optional: a non-admin user ("user"): reads, gets 403 on admin methods
  size_t max_body_bytes = 64 * 1024;
  // The whole fake, for the endpoints beyond the seam (zones, pools, domains, machine and VM-host
  // lifecycles, tags). Borrowed. Unset: those endpoints answer 404.
  FakeMaas* maas = nullptr;
  // vmsim's simulated time: when set, an admin request carrying X-Vmsim-Simulated-Time moves
  // this clock forward to it (never back) before it is handled, once `clock_claimed` says a
  // run has claimed the world (POST /vmsim/v1/session). Other users' requests, and any before
  // the claim, never move it. Borrowed; guarded by the lock.
  core::ManualClock* simulated_clock = nullptr;
  std::function<bool()> clock_claimed;
  // vmsim's own endpoints: every request under /vmsim/ from the admin key goes here, under
  // the lock, with its method, path and body. Unset: they are 404.
  std::function<ControlReply(const std::string& method, const std::string& path,
                             const std::string& body)>
      control;
};

class MaasHttpServer {
 public:
  // `api` and `auth_clock` (for OAuth timestamps: a real clock) must outlive the server.
  MaasHttpServer(core::MaasApi& api, const core::Clock& auth_clock, MaasHttpServerOptions options);
  ~MaasHttpServer();
  MaasHttpServer(const MaasHttpServer&) = delete;
  MaasHttpServer& operator=(const MaasHttpServer&) = delete;

  // Binds `host` on `port` (0: any free port); returns the port, or -1 if it cannot bind.
  int Bind(const std::string& host, int port);
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  void Serve();
  // Stops Serve(); safe from another thread.
  void Stop();
  // Runs `f` under the lock every request takes (for tests that drive the fake's clock).
  void WithLock(const std::function<void()>& f);

  // Answers one request as MAAS would: what the transport calls for every request, and what
  // tests call to replay captured client flows without a socket.
  HttpResponse Handle(const HttpRequest& req);

  // The API description (GET describe/) for a server addressed as `base_url`
  // ("http://host:port"), and its hash, which every response carries as X-MAAS-API-Hash.
  nlohmann::json Describe(const std::string& base_url) const;
  const std::string& ApiHash() const { return api_hash_; }

 private:
  struct Auth;
  // Who signed the request, or the 401 answer.
  std::variant<Auth, HttpResponse> Authenticate(const HttpRequest& req, const core::FormData& query,
                                                const core::FormData& form,
                                                const std::string& base_url);
  HttpResponse Dispatch(const HttpRequest& req);
  // Moves the simulated clock to the request's simulated time. REQUIRES: mu_ held.
  // Moves the simulated clock to the request's X-Vmsim-Simulated-Time (see the options).
  void AdvanceSimulatedClock(const HttpRequest& req, bool admin);

  core::MaasApi& api_;
  const core::Clock& auth_clock_;
  MaasHttpServerOptions options_;
  std::vector<ApiHandler> handlers_;
  std::string api_hash_;
  std::mutex mu_;                          // guards api_, options_.maas and nonces_
  std::map<std::string, int64_t> nonces_;  // seen nonce -> its timestamp (s)
  std::unique_ptr<HttpTransport> transport_;
};

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_MAAS_HTTP_SERVER_H_
