#include "fakes/http_transport.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <optional>
#include <thread>

namespace vmsim::fakes {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string_view HttpRequest::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

bool HttpRequest::HasHeader(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return h.first == name; });
}

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// One connection: read a request, answer it, again while the client keeps the connection.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpTransport::Handler& handler,
          const HttpTransportOptions& options, std::atomic<size_t>& open)
      : stream_(std::move(socket)), handler_(handler), options_(options), open_(open) {}
  ~Session() { --open_; }

  void Start() { Read(); }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(static_cast<uint32_t>(options_.max_header_bytes));
    stream_.expires_after(options_.request_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return Close();
    }
    if (ec) {  // the request cannot be read: answer as a server does, then hang up
      HttpResponse r;
      r.status = ec == http::error::body_limit ? 413 : ec == http::error::header_limit ? 431 : 400;
      r.body = r.status == 413   ? "Request Entity Too Large"
               : r.status == 431 ? "Request Header Fields Too Large"
                                 : "Bad Request";
      return Write(r, false);
    }
    auto& msg = parser_->get();
    if (msg.count(http::field::content_length) >
        1) {  // even equal ones: a smuggling vector (RFC 9112 6.3)
      return Write(HttpResponse{400, "", "Bad Request", {}}, false);
    }
    HttpRequest req;
    req.method = std::string(msg.method_string().data(), msg.method_string().size());
    const std::string_view target(msg.target().data(), msg.target().size());
    const size_t q = target.find('?');
    req.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
    for (const auto& field : msg) {
      const auto name = field.name_string();
      req.headers.emplace_back(Lower({name.data(), name.size()}), std::string(field.value()));
    }
    req.body = std::move(msg.body());
    HttpResponse res;
    try {
      res = handler_(req);
    } catch (const std::exception&) {
      res = HttpResponse{500, "", "Internal server error", {}};
    }
    Write(res, msg.keep_alive());
  }

  void Write(const HttpResponse& r, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), 11);
    res->set(http::field::server, "vmsim");
    res->set(http::field::content_type,
             r.content_type.empty() ? "text/plain; charset=utf-8" : r.content_type);
    for (const auto& [k, v] : r.headers) res->set(k, v);
    res->body() = r.body;
    res->keep_alive(keep_alive);
    res->prepare_payload();
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const HttpTransport::Handler& handler_;
  const HttpTransportOptions& options_;
  std::atomic<size_t>& open_;
};

}  // namespace

struct HttpTransport::Impl {
  Impl(Handler h, HttpTransportOptions o)
      : handler(std::move(h)), options(o), ioc(std::max(1, o.threads)), acceptor(ioc) {}

  void Accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        if (open.load() >= options.max_connections) {
          beast::error_code ignored;
          socket.close(ignored);
        } else {
          ++open;
          std::make_shared<Session>(std::move(socket), handler, options, open)->Start();
        }
      }
      Accept();
    });
  }

  // Sessions borrow the first three; they die with `ioc`, which is destroyed before them.
  Handler handler;
  HttpTransportOptions options;
  std::atomic<size_t> open{0};
  asio::io_context ioc;
  tcp::acceptor acceptor;
};

HttpTransport::HttpTransport(Handler handler, HttpTransportOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), options)) {}

HttpTransport::~HttpTransport() { Stop(); }

int HttpTransport::Bind(const std::string& host, int port) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec || port < 0 || port > 65535) return -1;
  const tcp::endpoint endpoint(address, static_cast<uint16_t>(port));
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    a.close(ignored);
    return -1;
  }
  return a.local_endpoint().port();
}

void HttpTransport::Serve() {
  impl_->Accept();
  std::vector<std::thread> extra;
  for (int i = 1; i < impl_->options.threads; ++i) extra.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : extra) t.join();
}

void HttpTransport::Stop() { impl_->ioc.stop(); }

}  // namespace vmsim::fakes
