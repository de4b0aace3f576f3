#include "core/maas_http_client.h"

#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>

#include "core/json_codec.h"
#include "core/json_text.h"

namespace vmsim::core {
namespace {

MaasError ErrorOf(int status, std::string body, bool json, std::optional<int> retry_after) {
  return MaasError{status, std::move(body), json, retry_after};
}

// Nonces must differ between clients made in the same microsecond, in one process or many.
uint64_t NonceSeed(const Clock& clock) {
  static std::atomic<uint64_t> instances{0};
  return static_cast<uint64_t>(clock.Now().micros()) ^ (static_cast<uint64_t>(::getpid()) << 40) ^
         (instances.fetch_add(1) * 0x9e3779b97f4a7c15ULL);
}

}  // namespace

std::string EncodeForm(const FormData& form) {
  std::string out;
  for (const auto& [name, value] : form) {
    if (!out.empty()) out += '&';
    out += UrlEscape(name) + "=" + UrlEscape(value);
  }
  return out;
}

Result<std::unique_ptr<MaasHttpClient>> MaasHttpClient::Create(const MaasHttpOptions& options,
                                                               const Clock& clock) {
  auto key = ParseMaasApiKey(options.api_key);
  if (!key.ok()) return key.status();
  std::string_view url = options.url;
  if (!url.starts_with("http://")) {
    return Status(ErrorKind::kInvalidRequest, "MAAS URL \"" + options.url +
                                                  "\": expected http://host[:port][/path], e.g. "
                                                  "http://127.0.0.1:5240/MAAS");
  }
  url.remove_prefix(7);
  const size_t slash = url.find('/');
  const std::string host_port(url.substr(0, slash));
  std::string path = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (host_port.empty()) {
    return Status(ErrorKind::kInvalidRequest, "MAAS URL \"" + options.url + "\" has no host");
  }
  auto http = std::make_unique<httplib::Client>("http://" + host_port);
  http->set_connection_timeout(std::chrono::microseconds(options.connect_timeout.micros()));
  http->set_read_timeout(std::chrono::microseconds(options.request_timeout.micros()));
  http->set_write_timeout(std::chrono::microseconds(options.request_timeout.micros()));
  return std::unique_ptr<MaasHttpClient>(
      new MaasHttpClient(std::move(http), host_port, path, *key, clock, options));
}

MaasHttpClient::MaasHttpClient(std::unique_ptr<httplib::Client> http, std::string host_port,
                               std::string root_path, MaasApiKey key, const Clock& clock,
                               const MaasHttpOptions& options)
    : http_(std::move(http)),
      host_port_(std::move(host_port)),
      root_path_(std::move(root_path)),
      base_path_(root_path_ + "/api/2.0"),
      key_(std::move(key)),
      clock_(clock),
      extra_headers_(options.extra_headers),
      signature_(options.signature),
      nonce_rng_(NonceSeed(clock)) {}

MaasHttpClient::~MaasHttpClient() = default;

MaasHttpClient::Reply MaasHttpClient::Send(const std::string& method, const std::string& target,
                                           const std::string& body, const char* content_type) {
  char nonce[17];
  std::snprintf(nonce, sizeof nonce, "%016llx",
                static_cast<unsigned long long>(nonce_rng_.NextU64()));
  std::string auth;
  if (signature_ == OAuthSignatureMethod::kPlaintext) {
    auth = OAuthPlaintextHeader(key_, clock_.Now(), nonce);
  } else {  // signs the query and, for a form POST, the body (what piston verifies)
    const size_t q = target.find('?');
    OAuthParams params;
    const auto add = [&params](std::string_view s) {
      for (auto& p : ParseUrlEncodedPairs(s)) params.push_back(std::move(p));
    };
    if (q != std::string::npos) add(std::string_view(target).substr(q + 1));
    if (method == "POST" &&
        std::string_view(content_type).starts_with("application/x-www-form-urlencoded"))
      add(body);
    auth = OAuthHmacSha1Header(key_, clock_.Now(), nonce, method,
                               "http://" + host_port_ + target.substr(0, q), params);
  }
  httplib::Headers headers = {{"Authorization", auth}, {"Accept", "application/json"}};
  if (extra_headers_) {
    for (auto& [name, value] : extra_headers_()) headers.emplace(std::move(name), std::move(value));
  }
  httplib::Result res = method == "GET" ? http_->Get(target.c_str(), headers)
                        : method == "POST"
                            ? http_->Post(target.c_str(), headers, body, content_type)
                            : http_->Delete(target.c_str(), headers);
  Reply reply;
  if (!res) {
    const httplib::Error e = res.error();
    // Refused or unreachable: MAAS never saw it. Anything later: it may have acted.
    reply.status = e == httplib::Error::Connection || e == httplib::Error::BindIPAddress
                       ? MaasError::kNoConnection
                       : MaasError::kNoAnswer;
    reply.body = "HTTP " + method + " " + target + ": " + httplib::to_string(e);
    return reply;
  }
  reply.status = res->status;
  reply.body = res->body;
  reply.json = res->get_header_value("Content-Type").find("application/json") != std::string::npos;
  if (res->has_header("Retry-After")) {
    int seconds = 0;
    const std::string v = res->get_header_value("Retry-After");
    if (std::from_chars(v.data(), v.data() + v.size(), seconds).ec == std::errc())
      reply.retry_after = seconds;
  }
  return reply;
}

template <typename T>
MaasResult<T> MaasHttpClient::Decode(const Reply& r, std::string_view what) {
  if (r.status < 200 || r.status >= 300) return ErrorOf(r.status, r.body, r.json, r.retry_after);
  const nlohmann::json j = ParseJsonOrDiscarded(r.body);
  auto value = DecodeJson<T>(j, what);
  if (!value.ok())
    return ErrorOf(MaasError::kNoAnswer, value.status().message(), false, std::nullopt);
  return std::move(value).value();
}

MaasResult<std::vector<VMHost>> MaasHttpClient::ListVMHosts() {
  return Decode<std::vector<VMHost>>(SendApi("GET", "/vm-hosts/"), "vm-hosts list");
}

MaasResult<VMHost> MaasHttpClient::GetVMHost(int64_t id) {
  return Decode<VMHost>(SendApi("GET", "/vm-hosts/" + std::to_string(id) + "/"), "vm-host");
}

MaasResult<VMHostParameters> MaasHttpClient::GetVMHostParameters(int64_t id) {
  return Decode<VMHostParameters>(
      SendApi("GET", "/vm-hosts/" + std::to_string(id) + "/op-parameters"), "vm-host parameters");
}

MaasResult<ComposeResponse> MaasHttpClient::ComposeMachine(int64_t vm_host_id,
                                                           const FormData& form) {
  return Decode<ComposeResponse>(
      SendApi("POST", "/vm-hosts/" + std::to_string(vm_host_id) + "/op-compose", EncodeForm(form)),
      "compose answer");
}

MaasResult<Machine> MaasHttpClient::GetMachine(std::string_view system_id) {
  return Decode<Machine>(SendApi("GET", "/machines/" + UrlEscape(system_id) + "/"), "machine");
}

MaasResult<std::vector<Machine>> MaasHttpClient::ListMachines(const MachineQuery& q) {
  std::string query;
  if (q.pod) query += "pod=" + UrlEscape(*q.pod);
  if (q.hostname)
    query += std::string(query.empty() ? "" : "&") + "hostname=" + UrlEscape(*q.hostname);
  for (const auto& id : q.ids)
    query += std::string(query.empty() ? "" : "&") + "id=" + UrlEscape(id);
  return Decode<std::vector<Machine>>(
      SendApi("GET", "/machines/" + (query.empty() ? "" : "?" + query)), "machines list");
}

MaasResult<NoContent> MaasHttpClient::DeleteMachine(std::string_view system_id) {
  const Reply r = SendApi("DELETE", "/machines/" + UrlEscape(system_id) + "/");
  if (r.status < 200 || r.status >= 300) return ErrorOf(r.status, r.body, r.json, r.retry_after);
  return NoContent{};
}

MaasResult<nlohmann::json> MaasHttpClient::CallJson(const std::string& method,
                                                    const std::string& path,
                                                    const nlohmann::json& body) {
  const Reply r = Send(method, path, body.is_null() ? "" : body.dump(), "application/json");
  if (r.status < 200 || r.status >= 300) return ErrorOf(r.status, r.body, r.json, r.retry_after);
  if (r.body.empty()) return nlohmann::json();
  nlohmann::json j = ParseJsonOrDiscarded(r.body);
  if (j.is_discarded())
    return ErrorOf(MaasError::kNoAnswer, path + ": the answer is not JSON", false, std::nullopt);
  return j;
}

}  // namespace vmsim::core
