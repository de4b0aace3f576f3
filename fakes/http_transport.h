// HttpTransport: a small HTTP/1.1 server (Boost.Beast over Asio) that hands each whole request
// to one handler function and writes back what it returns. It owns sockets, parsing, limits and
// timeouts, and nothing of MAAS: the handler sees raw bodies (so multipart and form parsing are
// the caller's, done the way MAAS's Django does them) and decides every status and header.
// Connections are served asynchronously on a few threads, so slow or idle clients hold a socket,
// never a worker. Thread-safe: the handler may run on several threads at once.
#ifndef VMSIM_FAKES_HTTP_TRANSPORT_H_
#define VMSIM_FAKES_HTTP_TRANSPORT_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vmsim::fakes {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // the target before '?', still percent-encoded
  std::string query;   // after '?', raw; empty when none
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;

  // The first header named `name` (lower case), or "".
  std::string_view Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // every response has one; "" means "text/plain; charset=utf-8"
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

struct HttpTransportOptions {
  size_t max_body_bytes = 64 * 1024;  // larger bodies get 413
  size_t max_header_bytes = 16 * 1024;
  // A request must arrive whole within this time of the previous answer (or of the connect);
  // otherwise the connection is closed. Bounds slow and idle clients.
  std::chrono::milliseconds request_timeout{20000};
  size_t max_connections = 1024;  // further connects are closed at once
  int threads = 4;
};

class HttpTransport {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  HttpTransport(Handler handler, HttpTransportOptions options);
  ~HttpTransport();  // stops and waits for Serve() to return
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Binds `host` (an IPv4 or IPv6 address) on `port` (0: any free port); returns the port,
  // or -1 when it cannot bind.
  int Bind(const std::string& host, int port);
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  void Serve();
  // Makes Serve() return; safe from any thread, before or during Serve().
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_HTTP_TRANSPORT_H_
