// RecordProxy (`vmsim record`): an HTTP proxy in front of a MAAS that passes every request through
// unchanged and writes what passed to a cassette (sim/cassette/cassette.h). Before and after
// each write (any method but GET) it reads the VM hosts with its own key, so the cassette holds
// the accounting each write changed. Requests are forwarded one at a time, so a snapshot brackets
// exactly one write. The cassette file is rewritten whole, atomically, after every exchange: an
// interrupted recording leaves the exchanges so far, never half a file. Thread-safe.
#ifndef VMSIM_SIM_CASSETTE_RECORD_PROXY_H_
#define VMSIM_SIM_CASSETTE_RECORD_PROXY_H_

#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/maas_http_client.h"
#include "core/status.h"
#include "fakes/http_transport.h"
#include "sim/cassette/cassette.h"

namespace httplib {
class Client;
}

namespace vmsim::sim {

struct RecordOptions {
  std::string upstream;  // the MAAS's root, e.g. "http://10.0.0.2:5240/MAAS"
  std::string api_key;   // "consumer:token:secret": reads the snapshots
  std::string out;       // the cassette's path
};

class RecordProxy {
 public:
  // Reads the first snapshot (VM hosts and machines) and writes the empty cassette, so a bad
  // upstream, key or --out fails here, before any client is served. `clock` (for OAuth
  // timestamps and the exchanges' times) must outlive the proxy.
  static core::Result<std::unique_ptr<RecordProxy>> Create(const RecordOptions& options,
                                                           const core::Clock& clock);
  ~RecordProxy();
  RecordProxy(const RecordProxy&) = delete;
  RecordProxy& operator=(const RecordProxy&) = delete;

  // As HttpTransport's: binds (returns the port or -1), serves until Stop().
  int Bind(const std::string& host, int port);
  void Serve();
  void Stop();

  // Forwards one request and records it: what the transport calls, and what tests call.
  fakes::HttpResponse Handle(const fakes::HttpRequest& req);

  size_t ExchangeCount();
  // The first error writing the cassette, if any (the proxy keeps forwarding).
  core::Status WriteStatus();

 private:
  RecordProxy(const RecordOptions& options, const core::Clock& clock,
              std::unique_ptr<core::MaasHttpClient> snapshots,
              std::unique_ptr<httplib::Client> http, std::string root_path);
  // GET `what` ("vm-hosts/", "machines/") with the proxy's key; null when it cannot.
  nlohmann::json Read(const std::string& what);
  core::Status WriteCassette();  // REQUIRES: mu_ held

  RecordOptions options_;
  const core::Clock& clock_;
  const core::Timestamp start_;
  std::unique_ptr<core::MaasHttpClient> snapshots_;
  std::unique_ptr<httplib::Client> http_;
  std::string root_path_;  // "/MAAS"
  std::mutex mu_;          // one exchange at a time; guards cassette_ and write_status_
  Cassette cassette_;
  core::Status write_status_;
  std::unique_ptr<fakes::HttpTransport> transport_;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_CASSETTE_RECORD_PROXY_H_
