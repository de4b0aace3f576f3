#include "sim/cassette/record_proxy.h"

#include <httplib.h>

#include <algorithm>
#include <fstream>

#include "core/json_text.h"
#include "core/oauth.h"
#include "fakes/form_body.h"
#include "sim/engine/simulator.h"
#include "sim/output/output.h"

namespace vmsim::sim {
namespace {

// Headers that belong to one connection, or that the client library sets itself.
bool IsHopByHop(std::string_view name) {
  static constexpr std::string_view kNames[] = {"connection",
                                                "keep-alive",
                                                "proxy-authenticate",
                                                "proxy-authorization",
                                                "te",
                                                "trailer",
                                                "transfer-encoding",
                                                "upgrade",
                                                "content-length",
                                                "content-type",
                                                "content-encoding"};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(std::begin(kNames), std::end(kNames), lower) != std::end(kNames);
}

bool IsValidUtf8(std::string_view s) {
  try {
    (void)nlohmann::json(std::string(s)).dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

// "consumer:token" of an OAuth Authorization header; empty when there is none.
std::string OAuthUser(std::string_view header) {
  const auto params = core::ParseOAuthHeader(header);
  const auto consumer = params.find("oauth_consumer_key");
  const auto token = params.find("oauth_token");
  if (consumer == params.end() || token == params.end()) return "";
  return consumer->second + ":" + token->second;
}

RecordedRequest RecordRequest(const fakes::HttpRequest& req) {
  RecordedRequest r{req.method,
                    req.path,
                    req.query,
                    std::string(req.Header("host")),
                    OAuthUser(req.Header("authorization")),
                    std::nullopt,
                    "",
                    std::string(req.Header("content-type"))};
  if (auto form = fakes::ParseFormBody(r.content_type, req.body); form && !req.body.empty()) {
    r.form = RedactedForm(std::move(*form));
  } else if (IsValidUtf8(req.body)) {
    r.body = req.body;
  }
  r.query = core::EncodeForm(RedactedForm(fakes::ParseUrlEncoded(req.query)));
  if (req.query.empty()) r.query.clear();
  return r;
}

RecordedResponse RecordResponse(int status, const std::string& content_type,
                                const std::string& body) {
  RecordedResponse r{status, content_type, std::nullopt, ""};
  if (content_type.starts_with("application/json")) {
    nlohmann::json j = core::ParseJsonOrDiscarded(body);
    if (!j.is_discarded()) r.json = RedactedJson(std::move(j));
  }
  if (!r.json) r.text = IsValidUtf8(body) ? body : "";
  return r;
}

}  // namespace

core::Result<std::unique_ptr<RecordProxy>> RecordProxy::Create(const RecordOptions& options,
                                                               const core::Clock& clock) {
  auto snapshots = core::MaasHttpClient::Create({options.upstream, options.api_key}, clock);
  if (!snapshots.ok()) return snapshots.status();
  std::string_view url = options.upstream;
  url.remove_prefix(std::string_view("http://").size());  // Create checked the scheme
  const size_t slash = url.find('/');
  std::string root = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
  while (!root.empty() && root.back() == '/') root.pop_back();
  auto http = std::make_unique<httplib::Client>("http://" + std::string(url.substr(0, slash)));
  http->set_url_encode(false);  // forward targets byte for byte
  http->set_decompress(false);
  http->set_read_timeout(std::chrono::seconds(130));  // MAAS may wait 120 s for a driver
  std::unique_ptr<RecordProxy> proxy(new RecordProxy(options, clock, std::move(snapshots).value(),
                                                     std::move(http), std::move(root)));
  Cassette& c = proxy->cassette_;
  c.vmsim_version = std::string(VmsimVersion());
  c.upstream = options.upstream;
  const auto key = core::ParseMaasApiKey(options.api_key).value();
  c.snapshot_user = key.consumer_key + ":" + key.token_key;
  for (const auto& [what, into] :
       {std::pair{"vm-hosts/", &c.initial_vm_hosts}, std::pair{"machines/", &c.initial_machines}}) {
    auto read = proxy->snapshots_->CallJson("GET", proxy->root_path_ + "/api/2.0/" + what);
    if (!read.ok()) {
      const core::MaasError& e = read.error();
      const std::string why = e.http_status > 0 ? "answered " + std::to_string(e.http_status) +
                                                      ": " + e.body.substr(0, 200)
                                                : "cannot be reached (" + e.body + ")";
      return core::Status(core::ErrorKind::kHostUnavailable,
                          "--upstream " + options.upstream + ": GET " + what + " " + why);
    }
    if (!read.value().is_array()) {
      return core::Status(
          core::ErrorKind::kHostUnavailable,
          "--upstream " + options.upstream + ": GET " + what + " is not a JSON list");
    }
    *into = RedactedJson(std::move(read).value());
  }
  std::lock_guard lock(proxy->mu_);
  if (core::Status s = proxy->WriteCassette(); !s.ok()) return s;
  return proxy;
}

RecordProxy::RecordProxy(const RecordOptions& options, const core::Clock& clock,
                         std::unique_ptr<core::MaasHttpClient> snapshots,
                         std::unique_ptr<httplib::Client> http, std::string root_path)
    : options_(options),
      clock_(clock),
      start_(clock.Now()),
      snapshots_(std::move(snapshots)),
      http_(std::move(http)),
      root_path_(std::move(root_path)) {}

RecordProxy::~RecordProxy() = default;

int RecordProxy::Bind(const std::string& host, int port) {
  fakes::HttpTransportOptions options;
  options.max_body_bytes = 16u << 20;
  transport_ = std::make_unique<fakes::HttpTransport>(
      [this](const fakes::HttpRequest& req) { return Handle(req); }, options);
  return transport_->Bind(host, port);
}

void RecordProxy::Serve() { transport_->Serve(); }
void RecordProxy::Stop() {
  if (transport_) transport_->Stop();
}

nlohmann::json RecordProxy::Read(const std::string& what) {
  auto read = snapshots_->CallJson("GET", root_path_ + "/api/2.0/" + what);
  return read.ok() ? RedactedJson(std::move(read).value()) : nlohmann::json();
}

fakes::HttpResponse RecordProxy::Handle(const fakes::HttpRequest& req) {
  std::lock_guard lock(mu_);
  Exchange e;
  e.at_us = (clock_.Now() - start_).micros();
  e.request = RecordRequest(req);
  const bool write = req.method != "GET";
  if (write) e.before = Read("vm-hosts/");

  httplib::Request out;
  out.method = req.method;
  out.path = req.path + (req.query.empty() ? "" : "?" + req.query);
  for (const auto& [name, value] : req.headers) {
    if (!IsHopByHop(name)) out.headers.emplace(name, value);
  }
  if (!req.body.empty() || req.method == "POST" || req.method == "PUT") {
    out.body = req.body;
    out.headers.emplace("Content-Type", std::string(req.Header("content-type")));
  }
  httplib::Response in;
  httplib::Error error = httplib::Error::Success;
  fakes::HttpResponse res;
  if (!http_->send(out, in, error)) {
    res.status = 502;
    res.body = "vmsim record: upstream " + options_.upstream + ": " + httplib::to_string(error);
    return res;  // MAAS never answered: nothing to record
  }
  res.status = in.status;
  res.body = in.body;
  for (const auto& [name, value] : in.headers) {
    if (!IsHopByHop(name)) res.headers.emplace_back(name, value);
  }
  res.content_type = in.get_header_value("Content-Type");
  e.response = RecordResponse(res.status, res.content_type, res.body);
  if (write) e.after = Read("vm-hosts/");
  cassette_.exchanges.push_back(std::move(e));
  if (core::Status s = WriteCassette(); !s.ok() && write_status_.ok()) write_status_ = s;
  return res;
}

core::Status RecordProxy::WriteCassette() {
  return WriteFileAtomically(options_.out, ToJson(cassette_).dump(1) + "\n", "--out");
}

size_t RecordProxy::ExchangeCount() {
  std::lock_guard lock(mu_);
  return cassette_.exchanges.size();
}

core::Status RecordProxy::WriteStatus() {
  std::lock_guard lock(mu_);
  return write_status_;
}

}  // namespace vmsim::sim
