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
struct Request;
}

namespace vmsim::fakes {

// An answer of one of vmsim's own endpoints: a status and a JSON body (or none).
struct ControlReply {
  int status = 200;
  std::string json;
};

struct MaasHttpServerOptions {
  std::string api_key;            // "consumer:token:secret": the admin key
  std::string read_only_api_key;  // optional: may read, gets 403 on compose and delete
  size_t max_body_bytes = 64 * 1024;
  // vmsim's simulated time: when set, a request carrying X-Vmsim-Simulated-Time moves this
  // clock forward to it (never back) before it is handled. Borrowed; guarded by the lock.
  core::ManualClock* simulated_clock = nullptr;
  // vmsim's own endpoints: every request under /vmsim/ from the admin key goes here, under
  // the lock, with its method, path and body. Unset: they are 404.
  std::function<ControlReply(const std::string& method, const std::string& path, const std::string& body)>
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

 private:
  struct Handlers;
  // Takes the lock every call to the API is made under, and moves the simulated clock to
  // the request's simulated time, if both are given.
  std::unique_lock<std::mutex> Enter(const httplib::Request& req);

  core::MaasApi& api_;
  const core::Clock& auth_clock_;
  MaasHttpServerOptions options_;
  std::unique_ptr<httplib::Server> http_;
  std::mutex mu_;  // guards api_ and nonces_
  std::map<std::string, int64_t> nonces_;  // seen nonce -> its timestamp (s)
};

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_MAAS_HTTP_SERVER_H_
