#include "sim/cassette/replay.h"

#include <map>

#include "core/clock.h"
#include "core/json_text.h"
#include "core/maas_http_client.h"
#include "core/oauth.h"
#include "core/real_clock.h"
#include "fakes/fake_maas.h"
#include "fakes/form_body.h"
#include "fakes/maas_http_server.h"
#include "sim/cassette/answer_diff.h"
#include "sim/cassette/snapshot_fleet.h"

namespace vmsim::sim {
namespace {

constexpr char kReplaySecret[] = "replay";
constexpr char kApiRoot[] = "/MAAS/api/2.0/";

// A vm-hosts list's accounting, flattened: host name -> field -> value.
using Accounts = std::map<std::string, std::map<std::string, std::string>>;

Accounts AccountsOf(const nlohmann::json& hosts) {
  Accounts out;
  if (!hosts.is_array()) return out;
  for (const auto& h : hosts) {
    if (!h.is_object() || !h.contains("name")) continue;
    auto& fields = out[h["name"].is_string() ? h["name"].get<std::string>() : h["name"].dump()];
    for (const char* section : {"total", "used", "available"}) {
      if (!h.contains(section) || !h[section].is_object()) continue;
      for (const auto& [k, v] : h[section].items())
        fields[std::string(section) + "/" + k] = v.dump();
    }
    for (const char* ratio : {"cpu_over_commit_ratio", "memory_over_commit_ratio"}) {
      if (h.contains(ratio) && h[ratio].is_number())
        fields[ratio] = std::to_string(h[ratio].get<double>());
    }
    if (!h.contains("storage_pools") || !h["storage_pools"].is_array()) continue;
    for (const auto& p : h["storage_pools"]) {
      if (!p.is_object() || !p.contains("name")) continue;
      for (const char* f : {"total", "used", "available"}) {
        if (p.contains(f)) fields["storage_pools/" + p["name"].dump() + "/" + f] = p[f].dump();
      }
    }
  }
  return out;
}

std::vector<FieldDifference> CompareAccounts(const Accounts& recorded, const Accounts& replayed) {
  std::vector<FieldDifference> out;
  for (const auto& [host, fields] : recorded) {
    const auto other = replayed.find(host);
    if (other == replayed.end()) {
      out.push_back({host, "present", "(absent)"});
      continue;
    }
    for (const auto& [field, value] : fields) {
      const auto v = other->second.find(field);
      const std::string got = v == other->second.end() ? "(absent)" : v->second;
      if (got != value) out.push_back({host + "/" + field, value, got});
    }
  }
  for (const auto& [host, fields] : replayed) {
    if (!recorded.contains(host)) out.push_back({host, "(absent)", "present"});
  }
  return out;
}

// The fake behind a replay, the server in front of it, and a way to sign as either user.
class ReplayTarget {
 public:
  ReplayTarget(uint64_t seed, std::string admin, std::string other)
      : maas_(clock_, Options(seed)),
        admin_(std::move(admin)),
        other_(std::move(other)),
        server_(maas_, auth_clock_, ServerOptions(&maas_, admin_, other_)) {}

  fakes::FakeMaas& maas() { return maas_; }
  void AdvanceTo(int64_t at_us) {
    const auto t = core::Timestamp::FromMicros(at_us);
    if (t > clock_.Now()) clock_.AdvanceTo(t);
  }

  // `auth`: the recorded "consumer:token"; empty sends the request unsigned.
  fakes::HttpResponse Send(fakes::HttpRequest req, const std::string& auth) {
    if (!auth.empty()) {
      const std::string& user = auth == admin_ ? admin_ : other_;
      const auto key = core::ParseMaasApiKey(user + ":" + kReplaySecret);
      if (key.ok()) {
        req.headers.emplace_back("authorization",
                                 core::OAuthPlaintextHeader(*key, auth_clock_.Now(),
                                                            "replay" + std::to_string(++nonces_)));
      }
    }
    return server_.Handle(req);
  }

  nlohmann::json VMHosts() {
    const auto res =
        Send({"GET", std::string(kApiRoot) + "vm-hosts/", "", {{"host", "replay"}}, ""}, admin_);
    return core::ParseJsonOrDiscarded(res.body);
  }

 private:
  static fakes::FakeMaasOptions Options(uint64_t seed) {
    fakes::FakeMaasOptions o;
    o.seed = seed;
    return o;
  }
  static fakes::MaasHttpServerOptions ServerOptions(fakes::FakeMaas* maas, const std::string& admin,
                                                    const std::string& other) {
    fakes::MaasHttpServerOptions o;
    o.api_key = admin + ":" + kReplaySecret;
    if (!other.empty()) o.read_only_api_key = other + ":" + kReplaySecret;
    o.maas = maas;
    o.max_body_bytes = 16u << 20;
    return o;
  }

  core::ManualClock clock_;
  core::RealClock auth_clock_;
  fakes::FakeMaas maas_;
  std::string admin_;
  std::string other_;
  fakes::MaasHttpServer server_;
  uint64_t nonces_ = 0;
};

// The first key other than the snapshot key that signed a request (replayed as a non-admin).
std::string OtherUser(const Cassette& c) {
  for (const auto& e : c.exchanges) {
    if (!e.request.auth.empty() && e.request.auth != c.snapshot_user) return e.request.auth;
  }
  return "";
}

std::string Label(const RecordedRequest& r) {
  return r.method + " " + r.path + (r.query.empty() ? "" : "?" + r.query);
}

}  // namespace

core::Result<ReplayReport> Replay(const Cassette& c, const ReplayOptions& options,
                                  const std::string& file) {
  auto fleet = FleetFromSnapshot(c.initial_vm_hosts, c.initial_machines, file + ": /initial");
  if (!fleet.ok()) return fleet.status();
  if (!core::ParseMaasApiKey(c.snapshot_user + ":x").ok()) {
    return core::Status(
        core::ErrorKind::kInvalidRequest,
        file + ": /snapshot_user: expected \"consumer:token\", got \"" + c.snapshot_user + "\"");
  }
  ReplayTarget target(options.seed, c.snapshot_user, OtherUser(c));
  AnswerDiff diff(options.ignored_keys);
  for (const auto& host : *fleet) {
    auto id = target.maas().AddVMHost(host.spec);
    if (!id.ok()) {
      return core::Status(core::ErrorKind::kInvalidRequest,
                          file + ": /initial/vm_hosts: " + id.status().message());
    }
    diff.Learn("vm-host", std::to_string(host.recorded_id), std::to_string(*id));
    diff.Learn("pod/id", std::to_string(host.recorded_id), std::to_string(*id));
  }
  // The snapshot's machines, by hostname: the fake drew their system_ids afresh.
  auto machines = target.maas().ListMachines({});
  for (const auto& m : c.initial_machines) {
    if (!m.is_object() || !m.contains("hostname") || !m.contains("system_id")) continue;
    for (const auto& mine : machines.value()) {
      if (m["hostname"] == mine.hostname && m["system_id"].is_string()) {
        diff.Learn("system_id", m["system_id"].get<std::string>(), mine.system_id);
      }
    }
  }

  ReplayReport report;
  report.exchanges = c.exchanges.size();
  for (size_t i = 0; i < c.exchanges.size(); ++i) {
    const Exchange& e = c.exchanges[i];
    const RecordedRequest& q = e.request;
    const size_t differences_before = report.differences.size();
    const auto note = [&](const std::string& kind, const std::vector<FieldDifference>& found) {
      for (const auto& f : found)
        report.differences.push_back({i, Label(q), kind, f.where, f.recorded, f.replayed});
    };
    target.AdvanceTo(e.at_us);
    if (!e.before.is_null())
      note("accounting before",
           CompareAccounts(AccountsOf(e.before), AccountsOf(target.VMHosts())));

    core::FormData query = fakes::ParseUrlEncoded(q.query);
    for (const auto& [k, v] : query) diff.NoteRequested(v);
    if (q.form) {
      for (const auto& [k, v] : *q.form) diff.NoteRequested(v);
    }
    fakes::HttpRequest req{q.method,
                           diff.RewritePath(q.path),
                           core::EncodeForm(diff.RewriteForm(query)),
                           {{"host", q.host.empty() ? "replay" : q.host}},
                           q.body};
    if (q.form) {
      req.body = core::EncodeForm(diff.RewriteForm(*q.form));
      req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    } else if (!q.content_type.empty()) {
      req.headers.emplace_back("content-type", q.content_type);
    }
    const fakes::HttpResponse res = target.Send(req, q.auth);

    if (res.status != e.response.status) {
      note("status", {{"", std::to_string(e.response.status), std::to_string(res.status)}});
    }
    const std::string replayed_type =
        res.content_type.empty() ? "text/plain; charset=utf-8" : res.content_type;
    if (e.response.json) {
      const nlohmann::json mine = replayed_type.starts_with("application/json")
                                      ? core::ParseJsonOrDiscarded(res.body)
                                      : nlohmann::json();
      if (mine.is_discarded() || mine.is_null()) {
        note("body", {{"", e.response.json->dump().substr(0, 200), res.body.substr(0, 200)}});
      } else {
        note("body", diff.Json(*e.response.json, mine));
      }
    } else {
      note("body", diff.Text(e.response.text, res.body));
    }
    if (!e.after.is_null())
      note("accounting after", CompareAccounts(AccountsOf(e.after), AccountsOf(target.VMHosts())));
    if (report.differences.size() == differences_before) ++report.agreeing;
  }
  return report;
}

nlohmann::json ReplayReport::ToJson() const {
  nlohmann::json diffs = nlohmann::json::array();
  for (const auto& d : differences) {
    diffs.push_back({{"exchange", d.exchange},
                     {"request", d.request},
                     {"kind", d.kind},
                     {"where", d.where},
                     {"recorded", d.recorded},
                     {"replayed", d.replayed}});
  }
  return {{"exchanges", exchanges}, {"agreeing", agreeing}, {"differences", std::move(diffs)}};
}

std::string ReplayReport::ToText() const {
  std::string out;
  for (const auto& d : differences) {
    out += "exchange " + std::to_string(d.exchange) + " (" + d.request + "): " + d.kind +
           (d.where.empty() ? "" : " " + d.where) + ": recorded " + d.recorded + ", replayed " +
           d.replayed + "\n";
  }
  out += std::to_string(exchanges) + " exchanges: " + std::to_string(agreeing) + " agree, " +
         std::to_string(exchanges - agreeing) + " differ\n";
  return out;
}

}  // namespace vmsim::sim
