#include "fakes/maas_http_server.h"

#include <charconv>
#include <cstdlib>

#include "core/maas_http_client.h"
#include "fakes/api_description.h"
#include "fakes/form_body.h"
#include "fakes/maas_api_handlers.h"

namespace vmsim::fakes {
namespace {

constexpr int64_t kTimestampWindowSeconds = 300;  // piston's OAuthServer.timestamp_threshold
constexpr const char* kAdminUser = "admin";
constexpr const char* kReadOnlyUser = "user";

HttpResponse Text(int status, std::string body) {
  return HttpResponse{status, "text/plain; charset=utf-8", std::move(body), {}};
}

// What an OAuth failure answers (piston's send_oauth_error): 401, "Authorization Error: ...",
// Django's default content type and an OAuth challenge.
HttpResponse Unauthorized(const std::string& why) {
  return HttpResponse{401,
                      "text/html; charset=utf-8",
                      "Authorization Error: " + why,
                      {{"WWW-Authenticate", "OAuth realm=\"OAuth\""}}};
}

// MAASAPIAuthentication.challenge: rc.FORBIDDEN, which piston sends as 401.
HttpResponse Challenge() { return Text(401, "Forbidden"); }

}  // namespace

struct MaasHttpServer::Auth {
  std::string username;  // empty: anonymous
  bool admin = false;
};

MaasHttpServer::MaasHttpServer(core::MaasApi& api, const core::Clock& auth_clock,
                               MaasHttpServerOptions options)
    : api_(api), auth_clock_(auth_clock), options_(std::move(options)) {
  handlers_ = MaasApiHandlers(MaasApiBackend{api_, options_.maas});
  api_hash_ = ApiDescriptionHash(handlers_);
  HttpTransportOptions transport;
  transport.max_body_bytes = options_.max_body_bytes;
  transport_ = std::make_unique<HttpTransport>(
      [this](const HttpRequest& req) { return Handle(req); }, transport);
}

MaasHttpServer::~MaasHttpServer() { Stop(); }

int MaasHttpServer::Bind(const std::string& host, int port) { return transport_->Bind(host, port); }

void MaasHttpServer::Serve() { transport_->Serve(); }

void MaasHttpServer::Stop() { transport_->Stop(); }

void MaasHttpServer::WithLock(const std::function<void()>& f) {
  std::lock_guard lock(mu_);
  f();
}

nlohmann::json MaasHttpServer::Describe(const std::string& base_url) const {
  return DescribeApi(handlers_, base_url);
}

HttpResponse MaasHttpServer::Handle(const HttpRequest& req) {
  HttpResponse res = Dispatch(req);
  if (res.content_type.empty()) res.content_type = "text/plain; charset=utf-8";
  if (!req.path.ends_with("/describe/")) res.headers.emplace_back("X-MAAS-API-Hash", api_hash_);
  return res;
}

std::variant<MaasHttpServer::Auth, HttpResponse> MaasHttpServer::Authenticate(
    const HttpRequest& req, const core::FormData& query, const core::FormData& form,
    const std::string& base_url) {
  const std::string_view header = req.Header("authorization");
  if (header.empty()) return Auth{};
  std::string malformed;
  const auto params = core::ParseOAuthHeader(header, &malformed);
  if (!malformed.empty()) return Text(400, "Bad Request: " + malformed);  // RFC 5849 3.2
  for (const char* p : {"oauth_consumer_key", "oauth_token", "oauth_signature",
                        "oauth_signature_method", "oauth_timestamp", "oauth_nonce"}) {
    if (!params.contains(p)) return Auth{};  // piston: not an OAuth request, so anonymous
  }
  const std::string& method = params.at("oauth_signature_method");
  if (method != "PLAINTEXT" && method != "HMAC-SHA1") {
    return Unauthorized("'Signature method " + method +
                        " not supported try one of the following: HMAC-SHA1, PLAINTEXT'");
  }
  const auto key_of = [&](const std::string& key) -> std::optional<core::MaasApiKey> {
    auto k = core::ParseMaasApiKey(key);
    if (!k.ok() || params.at("oauth_consumer_key") != k->consumer_key) return std::nullopt;
    return *k;
  };
  std::optional<core::MaasApiKey> key = key_of(options_.api_key);
  const bool admin = key.has_value();
  if (!key && !options_.read_only_api_key.empty()) key = key_of(options_.read_only_api_key);
  if (!key) return Unauthorized("Invalid API key.");
  if (params.at("oauth_token") != key->token_key) {
    return Unauthorized("'Invalid access token: " + params.at("oauth_token") + "'");
  }
  if (method == "PLAINTEXT") {
    if (params.at("oauth_signature") != "&" + core::UrlEscape(key->token_secret)) {
      return Unauthorized("'Invalid signature. Expected signature base string: &" +
                          core::UrlEscape(key->token_secret) + "'");
    }
  } else {
    core::OAuthParams signed_params(query.begin(), query.end());
    // piston signs over request.GET and request.POST, and Django fills request.POST only on a
    // form-urlencoded POST (a PUT's body is read later): so maas-client-go signs PUTs without it.
    if (req.method == "POST" &&
        req.Header("content-type").starts_with("application/x-www-form-urlencoded")) {
      signed_params.insert(signed_params.end(), form.begin(), form.end());
    }
    for (const auto& [k, v] : params) {
      if (k != "oauth_signature" && k != "realm") signed_params.emplace_back(k, v);
    }
    const std::string base =
        core::OAuthSignatureBaseString(req.method, base_url + req.path, signed_params);
    if (core::HmacSha1Base64("&" + core::UrlEscape(key->token_secret), base) !=
        params.at("oauth_signature")) {
      return Unauthorized("'Invalid signature. Expected signature base string: " + base + "'");
    }
  }
  int64_t ts = 0;
  const std::string& t = params.at("oauth_timestamp");
  const int64_t now = auth_clock_.Now().micros() / 1000000;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), ts);
  if (t.empty() || t[0] == '-' || ec != std::errc() || end != t.data() + t.size()) {
    return Unauthorized("'Invalid timestamp: " + t + "'");
  }
  if (params.at("oauth_nonce").empty())
    return Unauthorized("'Missing OAuth parameter: oauth_nonce'");
  if (std::abs(now - ts) > kTimestampWindowSeconds) {
    return Unauthorized("'Expired timestamp: given " + t + " and now " + std::to_string(now) +
                        " has a greater difference than threshold 300'");
  }
  std::lock_guard lock(mu_);
  std::erase_if(nonces_, [&](const auto& e) { return now - e.second > kTimestampWindowSeconds; });
  if (!nonces_.emplace(params.at("oauth_nonce") + "\n" + key->token_key, ts).second) {
    return Unauthorized("'Nonce already used: " + params.at("oauth_nonce") + "'");
  }
  return Auth{admin ? kAdminUser : kReadOnlyUser, admin};
}

HttpResponse MaasHttpServer::Dispatch(const HttpRequest& req) {
  const std::string host(req.Header("host"));
  const std::string base_url = "http://" + (host.empty() ? std::string("localhost") : host);
  const core::FormData query = ParseUrlEncoded(req.query);
  const auto form = ParseFormBody(req.Header("content-type"), req.body);
  if (!form) return Text(400, "Bad Request: the multipart body cannot be read");

  if (req.path.starts_with("/vmsim/")) {  // vmsim's own endpoints, for `vmsim run --backend`
    if (!options_.control) return Text(404, "Not Found");
    auto auth = Authenticate(req, query, *form, base_url);
    if (auto* denied = std::get_if<HttpResponse>(&auth)) return *denied;
    if (!std::get<Auth>(auth).admin) return Text(403, "This method is reserved for admin users.");
    std::lock_guard lock(mu_);
    AdvanceSimulatedClock(req, true);
    const ControlReply reply = options_.control(req.method, req.path, req.body);
    return HttpResponse{reply.status, "application/json", reply.json, {}};
  }

  if (req.path.starts_with("/MAAS/api/2.0/") && req.path.ends_with("/describe/")) {
    // A plain Django view in MAAS: anonymous, any method, exactly this content type.
    return HttpResponse{200, "application/json", Describe(base_url).dump(), {}};
  }
  for (const ApiHandler& handler : handlers_) {
    std::string suffix_op;
    auto path_params = MatchRoute(handler.path, req.path, &suffix_op);
    if (!path_params) continue;
    // OperationsHandlerMixin.dispatch: the op from the query, then the body, then the path.
    std::string op = FirstValue(query, "op").value_or(FirstValue(*form, "op").value_or(suffix_op));
    const ApiAction* action = nullptr;
    bool method_known = false;
    for (const ApiAction& a : handler.actions) {
      method_known = method_known || a.method == req.method;
      if (a.method == req.method && a.op == op) action = &a;
    }
    if (!method_known) {
      std::string allow;
      for (const ApiAction& a : handler.actions) {
        if (allow.find(a.method) == std::string::npos)
          allow += (allow.empty() ? "" : ", ") + a.method;
      }
      HttpResponse r{405, "text/html; charset=utf-8", "", {}};  // piston's HttpResponseNotAllowed
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    auto auth = Authenticate(req, query, *form, base_url);
    if (auto* denied = std::get_if<HttpResponse>(&auth)) return *denied;
    const Auth& who = std::get<Auth>(auth);
    if (action == nullptr) {
      if (who.username.empty()) return Challenge();
      return Text(400, "Unrecognised signature: method=" + req.method +
                           " op=" + (op.empty() ? "None" : op));
    }
    if (action->access != Access::kAnonymous && who.username.empty()) return Challenge();
    if (action->access == Access::kAdmin && !who.admin)
      return Text(403, "This method is reserved for admin users.");
    ApiCall call{req, std::move(*path_params), query, *form, who.username, who.admin, base_url};
    std::lock_guard lock(mu_);
    AdvanceSimulatedClock(req, who.admin);
    return action->run(call);
  }
  if (req.path.starts_with("/MAAS/api/2.0/"))
    return Text(404, "Unknown API endpoint: " + req.path + ".");
  return Text(404, "Not Found");
}

void MaasHttpServer::AdvanceSimulatedClock(const HttpRequest& req, bool admin) {
  if (options_.simulated_clock == nullptr || !admin) return;
  if (options_.clock_claimed && !options_.clock_claimed()) return;
  std::string header = kSimulatedTimeHeader;
  for (auto& c : header) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string_view v = req.Header(header);
  int64_t micros = 0;
  if (!v.empty() && std::from_chars(v.data(), v.data() + v.size(), micros).ec == std::errc() &&
      micros > options_.simulated_clock->Now().micros()) {
    options_.simulated_clock->AdvanceTo(core::Timestamp::FromMicros(micros));
  }
}

}  // namespace vmsim::fakes
