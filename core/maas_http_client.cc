#include "core/maas_http_client.h"

#include <httplib.h>

#include <unistd.h>

#include <atomic>
#include <charconv>

#include "core/json_codec.h"

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
    return Status(ErrorKind::kInvalidRequest,
                  "MAAS URL \"" + options.url + "\": expected http://host[:port][/path], e.g. "
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
      new MaasHttpClient(std::move(http), path + "/api/2.0", *key, clock));
}

MaasHttpClient::MaasHttpClient(std::unique_ptr<httplib::Client> http, std::string base_path,
                               MaasApiKey key, const Clock& clock)
    : http_(std::move(http)),
      base_path_(std::move(base_path)),
      key_(std::move(key)),
      clock_(clock),
      nonce_rng_(NonceSeed(clock)) {}

MaasHttpClient::~MaasHttpClient() = default;

MaasHttpClient::Reply MaasHttpClient::Send(const std::string& method, const std::string& path,
                                           const std::string& form) {
  char nonce[17];
  std::snprintf(nonce, sizeof nonce, "%016llx", static_cast<unsigned long long>(nonce_rng_.NextU64()));
  const httplib::Headers headers = {{"Authorization", OAuthPlaintextHeader(key_, clock_.Now(), nonce)},
                                    {"Accept", "application/json"}};
  const std::string target = base_path_ + path;
  httplib::Result res = method == "GET"    ? http_->Get(target.c_str(), headers)
                        : method == "POST" ? http_->Post(target.c_str(), headers, form,
                                                         "application/x-www-form-urlencoded")
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
    if (std::from_chars(v.data(), v.data() + v.size(), seconds).ec == std::errc()) reply.retry_after = seconds;
  }
  return reply;
}

template <typename T>
MaasResult<T> MaasHttpClient::Decode(const Reply& r, std::string_view what) {
  if (r.status < 200 || r.status >= 300) return ErrorOf(r.status, r.body, r.json, r.retry_after);
  const nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  auto value = DecodeJson<T>(j, what);
  if (!value.ok()) return ErrorOf(MaasError::kNoAnswer, value.status().message(), false, std::nullopt);
  return std::move(value).value();
}

MaasResult<std::vector<VMHost>> MaasHttpClient::ListVMHosts() {
  return Decode<std::vector<VMHost>>(Send("GET", "/vm-hosts/"), "vm-hosts list");
}

MaasResult<VMHost> MaasHttpClient::GetVMHost(int64_t id) {
  return Decode<VMHost>(Send("GET", "/vm-hosts/" + std::to_string(id) + "/"), "vm-host");
}

MaasResult<VMHostParameters> MaasHttpClient::GetVMHostParameters(int64_t id) {
  return Decode<VMHostParameters>(Send("GET", "/vm-hosts/" + std::to_string(id) + "/op-parameters"),
                                  "vm-host parameters");
}

MaasResult<ComposeResponse> MaasHttpClient::ComposeMachine(int64_t vm_host_id, const FormData& form) {
  return Decode<ComposeResponse>(
      Send("POST", "/vm-hosts/" + std::to_string(vm_host_id) + "/op-compose", EncodeForm(form)),
      "compose answer");
}

MaasResult<Machine> MaasHttpClient::GetMachine(std::string_view system_id) {
  return Decode<Machine>(Send("GET", "/machines/" + UrlEscape(system_id) + "/"), "machine");
}

MaasResult<std::vector<Machine>> MaasHttpClient::ListMachines(const MachineQuery& q) {
  std::string query;
  if (q.pod) query += "pod=" + UrlEscape(*q.pod);
  if (q.hostname) query += std::string(query.empty() ? "" : "&") + "hostname=" + UrlEscape(*q.hostname);
  return Decode<std::vector<Machine>>(Send("GET", "/machines/" + (query.empty() ? "" : "?" + query)),
                                      "machines list");
}

MaasResult<NoContent> MaasHttpClient::DeleteMachine(std::string_view system_id) {
  const Reply r = Send("DELETE", "/machines/" + UrlEscape(system_id) + "/");
  if (r.status < 200 || r.status >= 300) return ErrorOf(r.status, r.body, r.json, r.retry_after);
  return NoContent{};
}

}  // namespace vmsim::core
