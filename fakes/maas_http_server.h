// MaasHttpServer: a MAAS API 2.0 front for any core::MaasApi (FakeMaas, FaultInjector), wire-
// compatible with MAAS 3.4-3.8 for VM hosts and machines: both URL spellings (vm-hosts/, pods/),
// ops by ?op= (query or form) and by /op-<name>, MAAS's JSON shapes, status codes and texts,
// X-MAAS-API-Hash, OAuth 1.0a PLAINTEXT. Thread-safe: requests run on cpp-httplib's thread
// pool and every call to the API is made under one lock. Bad requests get 4xx and change
// nothing.
#ifndef VMSIM_FAKES_MAAS_HTTP_SERVER_H_
#define VMSIM_FAKES_MAAS_HTTP_SERVER_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/maas_api.h"
#include "core/oauth.h"

namespace httplib {
class Server;
}

namespace vmsim::fakes {

struct MaasHttpServerOptions {
  std::string api_key;            // "consumer:token:secret": the admin key
  std::string read_only_api_key;  // optional: may read, gets 403 on compose and delete
  size_t max_body_bytes = 64 * 1024;
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

 private:
  struct Handlers;
  core::MaasApi& api_;
  const core::Clock& auth_clock_;
  MaasHttpServerOptions options_;
  std::unique_ptr<httplib::Server> http_;
  std::mutex mu_;  // guards api_ and nonces_
  std::map<std::string, int64_t> nonces_;  // seen nonce -> its timestamp (s)
};

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_MAAS_HTTP_SERVER_H_
