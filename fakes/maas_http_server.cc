#include "fakes/maas_http_server.h"

#include <httplib.h>

#include <charconv>

#include "core/json_codec.h"
#include "core/maas_http_client.h"

namespace vmsim::fakes {
namespace {

using core::MaasError;

constexpr std::string_view kApiHash = "vmsim-fake-maas-3.7";
constexpr int64_t kTimestampWindowSeconds = 300;  // piston's OAuthServer.timestamp_threshold

void Text(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "text/plain; charset=utf-8");
}

void Json(httplib::Response& res, int status, const nlohmann::json& j) {
  res.status = status;
  res.set_content(j.dump(), "application/json");
}

void Error(httplib::Response& res, const MaasError& e) {
  res.status = e.http_status;
  res.set_content(e.body, e.body_is_json ? "application/json" : "text/plain; charset=utf-8");
  if (e.retry_after_seconds) res.set_header("Retry-After", std::to_string(*e.retry_after_seconds));
}

template <typename T>
void Reply(httplib::Response& res, const core::MaasResult<T>& r) {
  if (!r.ok()) return Error(res, r.error());
  Json(res, 200, nlohmann::json(r.value()));
}

// The op: ?op= in the query, then op= in the form body, then an /op-<name> path suffix.
std::string OpOf(const httplib::Request& req, const std::string& suffix_op) {
  if (req.has_param("op")) return req.get_param_value("op");
  return suffix_op;
}

}  // namespace

struct MaasHttpServer::Handlers {
  MaasHttpServer& s;

  // 401 / 403 as MAAS answers them; OK when the request may go on.
  bool Authorized(const httplib::Request& req, httplib::Response& res, bool mutation) {
    const auto params = core::ParseOAuthHeader(req.get_header_value("Authorization"));
    for (const char* p : {"oauth_consumer_key", "oauth_token", "oauth_signature",
                          "oauth_signature_method", "oauth_timestamp", "oauth_nonce"}) {
      if (!params.contains(p)) {
        Text(res, 401, "Authorization Error: a valid OAuth header is required");
        return false;
      }
    }
    const auto matches = [&](const std::string& key) {
      auto k = core::ParseMaasApiKey(key);
      return k.ok() && params.at("oauth_consumer_key") == k->consumer_key &&
             params.at("oauth_token") == k->token_key &&
             params.at("oauth_signature_method") == "PLAINTEXT" &&
             params.at("oauth_signature") == "&" + k->token_secret;
    };
    const bool admin = matches(s.options_.api_key);
    const bool reader = !admin && !s.options_.read_only_api_key.empty() && matches(s.options_.read_only_api_key);
    if (!admin && !reader) {
      Text(res, 401, "Authorization Error: Invalid API key.");
      return false;
    }
    int64_t ts = 0;
    const std::string& t = params.at("oauth_timestamp");
    const int64_t now = s.auth_clock_.Now().micros() / 1000000;
    if (std::from_chars(t.data(), t.data() + t.size(), ts).ec != std::errc() ||
        std::abs(now - ts) > kTimestampWindowSeconds) {
      Text(res, 401, "Authorization Error: 'Expired timestamp: given " + t + " and now " +
                         std::to_string(now) + " has a greater difference than threshold 300'");
      return false;
    }
    {
      std::lock_guard lock(s.mu_);
      std::erase_if(s.nonces_, [&](const auto& e) { return now - e.second > kTimestampWindowSeconds; });
      if (!s.nonces_.emplace(params.at("oauth_nonce"), ts).second) {
        Text(res, 401, "Authorization Error: 'Nonce already used: " + params.at("oauth_nonce") + "'");
        return false;
      }
    }
    if (mutation && !admin) {
      Text(res, 403, "This method is reserved for admin users.");
      return false;
    }
    return true;
  }

  void VMHosts(const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(req, res, false)) return;
    auto lock = s.Enter(req);
    Reply(res, s.api_.ListVMHosts());  // MAAS ignores filter parameters here
  }

  void VMHost(const httplib::Request& req, httplib::Response& res, bool post) {
    const int64_t id = std::stoll(req.matches[2]);
    const std::string suffix = req.matches.size() > 3 ? std::string(req.matches[3]) : "";
    const std::string op = OpOf(req, suffix);
    const std::string method = post ? "POST" : "GET";
    if ((post && op != "compose") || (!post && !op.empty() && op != "parameters")) {
      if (!Authorized(req, res, false)) return;
      return Text(res, 400, "Unrecognised signature: method=" + method + " op=" + op);
    }
    if (!Authorized(req, res, post)) return;
    auto lock = s.Enter(req);
    if (op == "parameters") return Reply(res, s.api_.GetVMHostParameters(id));
    if (!post) return Reply(res, s.api_.GetVMHost(id));
    core::FormData form;
    for (const auto& [k, v] : req.params) {
      if (k != "op") form.emplace_back(k, v);
    }
    Reply(res, s.api_.ComposeMachine(id, form));
  }

  void Machines(const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(req, res, false)) return;
    core::MachineQuery q;
    if (req.has_param("pod")) q.pod = req.get_param_value("pod");
    if (req.has_param("hostname")) q.hostname = req.get_param_value("hostname");
    for (size_t i = 0, n = req.get_param_value_count("id"); i < n; ++i) q.ids.push_back(req.get_param_value("id", i));
    auto lock = s.Enter(req);
    Reply(res, s.api_.ListMachines(q));
  }

  void Machine(const httplib::Request& req, httplib::Response& res, bool del) {
    if (!Authorized(req, res, del)) return;
    const std::string system_id = req.matches[1];
    auto lock = s.Enter(req);
    if (!del) return Reply(res, s.api_.GetMachine(system_id));
    auto r = s.api_.DeleteMachine(system_id);
    if (!r.ok()) return Error(res, r.error());
    res.status = 204;
  }

  void Control(const httplib::Request& req, httplib::Response& res) {
    if (!s.options_.control) return Text(res, 404, "Not Found");
    if (!Authorized(req, res, true)) return;
    auto lock = s.Enter(req);
    const ControlReply reply = s.options_.control(req.method, req.path, req.body);
    res.status = reply.status;
    if (!reply.json.empty()) res.set_content(reply.json, "application/json");
  }
};

MaasHttpServer::MaasHttpServer(core::MaasApi& api, const core::Clock& auth_clock,
                               MaasHttpServerOptions options)
    : api_(api), auth_clock_(auth_clock), options_(std::move(options)),
      http_(std::make_unique<httplib::Server>()) {
  auto h = std::make_shared<Handlers>(Handlers{*this});
  const std::string hosts = R"(/MAAS/api/2\.0/(vm-hosts|pods)/)";
  http_->set_payload_max_length(options_.max_body_bytes);
  http_->Get(hosts + "$", [h](const auto& req, auto& res) { h->VMHosts(req, res); });
  http_->Get(hosts + R"((\d{1,15})/(?:op-([a-z_]+))?$)",
             [h](const auto& req, auto& res) { h->VMHost(req, res, false); });
  http_->Post(hosts + R"((\d{1,15})/(?:op-([a-z_]+))?$)",
              [h](const auto& req, auto& res) { h->VMHost(req, res, true); });
  http_->Get(R"(/MAAS/api/2\.0/machines/$)", [h](const auto& req, auto& res) { h->Machines(req, res); });
  http_->Get(R"(/MAAS/api/2\.0/machines/([0-9a-z]{1,32})/$)",
             [h](const auto& req, auto& res) { h->Machine(req, res, false); });
  http_->Delete(R"(/MAAS/api/2\.0/machines/([0-9a-z]{1,32})/$)",
                [h](const auto& req, auto& res) { h->Machine(req, res, true); });
  const std::string control = R"(/vmsim/[a-z0-9/_-]{1,100})";
  http_->Get(control, [h](const auto& req, auto& res) { h->Control(req, res); });
  http_->Post(control, [h](const auto& req, auto& res) { h->Control(req, res); });
  http_->set_post_routing_handler([](const auto&, auto& res) {
    res.set_header("X-MAAS-API-Hash", std::string(kApiHash));
  });
  http_->set_error_handler([](const auto&, auto& res) {
    if (res.body.empty()) {
      res.set_content(res.status == 404 ? "Not Found" : res.status == 413 ? "Request Entity Too Large"
                                                                      : "Bad Request",
                      "text/plain; charset=utf-8");
    }
  });
  http_->set_exception_handler([](const auto&, auto& res, std::exception_ptr) {
    Text(res, 500, "Internal server error");
  });
}

MaasHttpServer::~MaasHttpServer() { Stop(); }

int MaasHttpServer::Bind(const std::string& host, int port) {
  if (port == 0) return http_->bind_to_any_port(host);
  return http_->bind_to_port(host, port) ? port : -1;
}

void MaasHttpServer::Serve() { http_->listen_after_bind(); }

void MaasHttpServer::Stop() { http_->stop(); }

std::unique_lock<std::mutex> MaasHttpServer::Enter(const httplib::Request& req) {
  std::unique_lock lock(mu_);
  if (options_.simulated_clock != nullptr && req.has_header(core::kSimulatedTimeHeader)) {
    const std::string v = req.get_header_value(core::kSimulatedTimeHeader);
    int64_t micros = 0;
    if (std::from_chars(v.data(), v.data() + v.size(), micros).ec == std::errc() &&
        micros > options_.simulated_clock->Now().micros()) {
      options_.simulated_clock->AdvanceTo(core::Timestamp::FromMicros(micros));
    }
  }
  return lock;
}

void MaasHttpServer::WithLock(const std::function<void()>& f) {
  std::lock_guard lock(mu_);
  f();
}

}  // namespace vmsim::fakes
