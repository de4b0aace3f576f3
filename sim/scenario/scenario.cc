#include "sim/scenario/scenario.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "core/rng.h"
#include "core/units.h"
#include "sim/scenario/scenario_json.h"
#include "sim/scenario/scenario_limits.h"
#include "sim/scenario/scenario_parts.h"

namespace vmsim::sim {

using internal::ReadFleet;
using internal::ReadHealthEvent;
using internal::ReadHostList;
using internal::ReadShape;
using internal::ReadTrace;

namespace internal {

VMShape ReadShape(JsonReader& r, const JsonReader::Node& n) {
  VMShape shape;
  if (!r.Object(n, {"cores", "memory", "disks", "profile", "project", "tags", "weight", "network"}))
    return shape;
  shape.weight = r.Number(n, "weight", 1.0, 0, 1e12);
  shape.spec.cores = r.Int(n, "cores", std::nullopt, 1, kMaxCores);
  shape.spec.memory = r.MemoryMiB(n, "memory");
  if (r.ok() && shape.spec.memory < 1024) {
    r.Fail(n.At("memory").pointer, "MAAS composes VMs of at least 1024 MiB");
  }
  if (r.ok() && shape.spec.memory > kMaxMemoryMiB) {
    r.Fail(n.At("memory").pointer,
           "must be at most " + std::to_string(kMaxMemoryMiB) + " MiB (1 EiB)");
  }
  shape.spec.profile = r.String(n, "profile", "");
  shape.spec.project = r.String(n, "project", "");
  shape.spec.tags = r.Strings(n, "tags");
  ReadNetworkConfig(r, n, shape.spec);
  if (n.Has("disks")) {
    const auto disks = n.At("disks");
    for (size_t i = 0, size = r.Array(disks); i < size && r.ok(); ++i) {
      const auto d = disks.At(i);
      if (!r.Object(d, {"size", "pool"})) break;
      // Validated here; the adapters convert it again for MAAS.
      const int64_t bytes = r.Bytes(d, "size");
      if (bytes <= 0 && r.ok()) r.Fail(d.At("size").pointer, "must be positive");
      if (bytes > kMaxStorageBytes && r.ok()) r.Fail(d.At("size").pointer, "must be at most 1 EiB");
      shape.spec.disks.push_back({r.String(d, "size"), r.String(d, "pool", "")});
    }
  }
  return shape;
}

}  // namespace internal

namespace {

core::Timestamp At(core::Duration d) { return core::Timestamp::FromMicros(d.micros()); }

std::vector<core::Timestamp> ReadTimes(JsonReader& r, const JsonReader::Node& parent,
                                       std::string_view key) {
  std::vector<core::Timestamp> out;
  if (!parent.Has(key)) {
    r.Fail(parent.pointer + "/" + std::string(key), "required field is missing");
    return out;
  }
  const auto list = parent.At(key);
  for (size_t i = 0, n = r.Array(list); i < n && r.ok(); ++i) {
    const auto e = list.At(i);
    if (!e.j->is_string()) {
      r.Fail(e.pointer, "expected a time such as \"90m\"");
      break;
    }
    auto d = core::ParseDuration(e.j->get<std::string>());
    if (!d.ok()) r.Fail(e.pointer, d.status().message());
    if (d.ok()) out.push_back(At(*d));
  }
  std::sort(out.begin(), out.end());
  return out;
}

ArrivalProcess ReadArrival(JsonReader& r, const JsonReader::Node& n, const std::string& base_dir) {
  ArrivalProcess a;
  if (!r.Object(n, {"process", "rate", "every", "at", "size", "file", "start", "max_arrivals"}))
    return a;
  const std::string process = r.String(n, "process");
  a.start = At(r.Duration(n, "start", core::Duration()));
  if (n.Has("max_arrivals")) a.max_arrivals = r.Int(n, "max_arrivals", std::nullopt, 0);
  if (process == "poisson") {
    a.kind = ArrivalProcess::Kind::kPoisson;
    const std::string rate = r.String(n, "rate");
    const auto gap = ParseRate(rate);
    if (!gap && r.ok()) {
      r.Fail(n.At("rate").pointer,
             "expected a rate such as \"30/h\" or \"0.5/s\", got \"" + rate + "\"");
    }
    a.mean_gap = gap.value_or(core::Duration::Seconds(1));
  } else if (process == "interval") {
    a.kind = ArrivalProcess::Kind::kInterval;
    a.mean_gap = r.Duration(n, "every", std::nullopt);
    if (r.ok() && a.mean_gap <= core::Duration()) r.Fail(n.At("every").pointer, "must be positive");
  } else if (process == "burst") {
    a.kind = ArrivalProcess::Kind::kBurst;
    a.at = ReadTimes(r, n, "at");
    a.burst_size = r.Int(n, "size", std::nullopt, 1, kMaxBurstSize);
  } else if (process == "list") {
    a.kind = ArrivalProcess::Kind::kList;
    a.at = ReadTimes(r, n, "at");
  } else if (process == "trace") {
    a.kind = ArrivalProcess::Kind::kTrace;
    const std::string file = r.String(n, "file");
    const std::string path = !file.empty() && file[0] == '/' ? file : base_dir + "/" + file;
    if (r.ok()) a.trace = ReadTrace(r, n.At("file").pointer, path);
  } else if (r.ok()) {
    r.Fail(n.At("process").pointer, "unknown arrival process \"" + process +
                                        "\" (expected poisson, interval, burst, list or trace)");
  }
  return a;
}

// "constraints": where the workload's VMs may go, and whether they spread over zones.
void ReadConstraints(JsonReader& r, const JsonReader::Node& c, Workload& w) {
  if (r.Object(c, {"zone", "resource_pool", "tags", "architecture", "spread"})) {
    if (c.Has("zone")) w.constraints.zone = r.String(c, "zone");
    if (c.Has("resource_pool")) w.constraints.resource_pool = r.String(c, "resource_pool");
    w.constraints.tags = r.Strings(c, "tags");
    w.constraints.architecture = r.String(c, "architecture", "");
    const std::string spread = r.String(c, "spread", "");
    if (!spread.empty() && spread != "zone") {
      r.Fail(c.At("spread").pointer,
             "expected \"zone\" (each VM in a zone the workload's live VMs are not in)");
    }
    w.spread_zones = spread == "zone";
  }
}

// "batch": the workload's VMs come in groups, composed all or nothing. None when malformed.
std::optional<BatchSpec> ReadBatch(JsonReader& r, const JsonReader::Node& b, const Workload& w) {
  if (!r.Object(b, {"size", "distinct_zones", "max_in_flight"})) return std::nullopt;
  BatchSpec batch;
  batch.size = r.Int(b, "size", std::nullopt, 1, kMaxBatchSize);
  batch.distinct_zones = r.Bool(b, "distinct_zones", false);
  batch.max_in_flight = r.Int(b, "max_in_flight", 0, 0);
  if (w.recreate_lost && r.ok()) {
    r.Fail(b.pointer, "a batch workload cannot also recreate_lost (a lost member is not a group)");
  }
  if (w.arrival.kind == ArrivalProcess::Kind::kTrace && r.ok()) {
    r.Fail(b.pointer, "a trace names single VMs: it cannot arrive in batches");
  }
  return batch;
}

Workload ReadWorkload(JsonReader& r, const JsonReader::Node& n, const std::string& base_dir) {
  Workload w;
  if (!r.Object(n, {"name", "arrival", "shape", "shapes", "lifetime", "constraints", "placement",
                    "growth", "recreate_lost", "batch"})) {
    return w;
  }
  w.name = r.String(n, "name");
  if (!n.Has("arrival")) r.Fail(n.pointer + "/arrival", "required field is missing");
  if (r.ok()) w.arrival = ReadArrival(r, n.At("arrival"), base_dir);
  if (n.Has("shape") == n.Has("shapes") && w.arrival.kind != ArrivalProcess::Kind::kTrace &&
      r.ok()) {
    r.Fail(n.pointer, "give exactly one of \"shape\" (fixed) or \"shapes\" (a weighted mix)");
  }
  if (n.Has("shape") && r.ok()) w.shapes.push_back(ReadShape(r, n.At("shape")));
  if (n.Has("shapes") && r.ok()) {
    const auto shapes = n.At("shapes");
    for (size_t i = 0, size = r.Array(shapes); i < size && r.ok(); ++i) {
      w.shapes.push_back(ReadShape(r, shapes.At(i)));
    }
    if (r.ok() && w.shapes.empty()) r.Fail(shapes.pointer, "needs at least one shape");
  }
  if (n.Has("lifetime") && !(n.At("lifetime").j->is_string() && *n.At("lifetime").j == "forever")) {
    w.lifetime = r.DurationDistribution(n, "lifetime", std::nullopt);
  }
  if (n.Has("constraints")) ReadConstraints(r, n.At("constraints"), w);
  w.recreate_lost = r.Bool(n, "recreate_lost", false);
  if (n.Has("batch")) w.batch = ReadBatch(r, n.At("batch"), w);
  const std::string policy = r.String(n, "placement", "best-fit");
  auto parsed = core::ParsePlacementPolicy(policy);
  if (!parsed.ok() && r.ok()) r.Fail(n.At("placement").pointer, parsed.status().message());
  if (parsed.ok()) w.policy = *parsed;
  if (n.Has("growth")) {
    const auto g = n.At("growth");
    for (size_t i = 0, size = r.Array(g); i < size && r.ok(); ++i) {
      const auto step = g.At(i);
      if (!r.Object(step, {"at", "multiplier"})) break;
      w.growth.push_back({At(r.Duration(step, "at", std::nullopt)),
                          r.Number(step, "multiplier", std::nullopt, 1e-9, 1e9)});
    }
    std::stable_sort(w.growth.begin(), w.growth.end(),
                     [](const auto& a, const auto& b) { return a.at < b.at; });
  }
  return w;
}

TimedEvent ReadEvent(JsonReader& r, const JsonReader::Node& n) {
  TimedEvent e;
  if (!r.Object(n, {"at", "action", "host", "hosts", "templates", "cpu_over_commit",
                    "memory_over_commit", "lose_vms", "power_state", "status"})) {
    return e;
  }
  e.at = At(r.Duration(n, "at", std::nullopt));
  const std::string action = r.String(n, "action");
  using A = TimedEvent::Action;
  const std::pair<std::string_view, A> kActions[] = {{"add_hosts", A::kAddHosts},
                                                     {"remove_host", A::kRemoveHost},
                                                     {"fail_host", A::kFailHost},
                                                     {"recover_host", A::kRecoverHost},
                                                     {"drain_host", A::kDrainHost},
                                                     {"undrain_host", A::kUndrainHost},
                                                     {"set_over_commit", A::kSetOverCommit},
                                                     {"set_host_power", A::kSetHostPower},
                                                     {"set_host_status", A::kSetHostStatus}};
  const auto it = std::find_if(std::begin(kActions), std::end(kActions),
                               [&](const auto& p) { return p.first == action; });
  if (it == std::end(kActions)) {
    if (r.ok()) {
      r.Fail(n.At("action").pointer, "unknown action \"" + action +
                                         "\" (expected add_hosts, remove_host, fail_host, "
                                         "recover_host, drain_host, undrain_host, set_over_commit, "
                                         "set_host_power or set_host_status)");
    }
    return e;
  }
  e.action = it->second;
  if (e.action == A::kAddHosts) {
    ReadHostList(r, n, e.hosts);
    if (r.ok() && e.hosts.empty()) r.Fail(n.pointer, "add_hosts needs \"hosts\" or \"templates\"");
  } else {
    e.host = r.String(n, "host");
  }
  if (n.Has("lose_vms")) {
    if (e.action != A::kFailHost || !n.At("lose_vms").j->is_boolean()) {
      r.Fail(n.At("lose_vms").pointer, "lose_vms is true or false, on fail_host only");
    } else {
      e.lose_vms = n.At("lose_vms").j->get<bool>();
    }
  }
  ReadHealthEvent(r, n, e);
  if (e.action == A::kSetOverCommit) {
    e.cpu_ratio = r.Number(n, "cpu_over_commit", std::nullopt, 0, 10);
    e.memory_ratio = r.Number(n, "memory_over_commit", std::nullopt, 0, 10);
  }
  return e;
}

fakes::FaultSpec ReadFault(JsonReader& r, const JsonReader::Node& n) {
  fakes::FaultSpec f;
  if (!r.Object(n, {"site", "probability", "from", "until", "host", "activation_probability"}))
    return f;
  f.site = r.String(n, "site");
  if (r.ok() && !fakes::IsFaultSite(f.site)) {
    std::string sites;
    for (auto site : fakes::kFaultSites) sites += (sites.empty() ? "" : ", ") + std::string(site);
    r.Fail(n.At("site").pointer,
           "unknown fault site \"" + f.site + "\" (expected one of: " + sites + ")");
  }
  f.probability = r.Number(n, "probability", 1.0, 0, 1);
  f.from = At(r.Duration(n, "from", core::Duration()));
  if (n.Has("until")) f.until = At(r.Duration(n, "until", std::nullopt));
  if (r.ok() && f.until <= f.from) r.Fail(n.At("until").pointer, "must be after \"from\"");
  f.host = r.String(n, "host", "");
  if (n.Has("activation_probability"))
    f.activation_probability = r.Number(n, "activation_probability", std::nullopt, 0, 1);
  return f;
}

RebalanceSpec ReadRebalance(JsonReader& r, const JsonReader::Node& n) {
  RebalanceSpec b;
  if (!r.Object(n, {"enabled", "every", "goal", "threshold", "max_moves", "unit"})) return b;
  b.enabled = r.Bool(n, "enabled", true);
  b.every = r.Duration(n, "every", b.every);
  if (r.ok() && b.every <= core::Duration()) r.Fail(n.At("every").pointer, "must be positive");
  if (n.Has("goal")) {
    const auto goal = core::ParseRebalanceGoal(r.String(n, "goal"));
    if (!goal.ok())
      r.Fail(n.At("goal").pointer, goal.status().message());
    else
      b.goal = *goal;
  }
  b.threshold = r.Number(n, "threshold", 0.0, 0, 2);
  b.max_moves = r.Int(n, "max_moves", b.max_moves, 0);
  if (r.ok() && b.max_moves > 10000) r.Fail(n.At("max_moves").pointer, "must be at most 10000");
  if (r.ok() && n.Has("unit")) {
    const auto u = n.At("unit");
    if (r.Object(u, {"cores", "memory"})) {
      b.unit.cores = r.Int(u, "cores", b.unit.cores, 1);
      if (u.Has("memory")) b.unit.memory = r.MemoryMiB(u, "memory");
    }
  }
  return b;
}

// Names that must agree across sections: workloads are unique (they name random streams),
// and every timed event names a host that exists by then.
void CheckNames(JsonReader& r, const Scenario& s) {
  std::set<std::string> workloads;
  for (size_t i = 0; i < s.workloads.size(); ++i) {
    if (!workloads.insert(s.workloads[i].name).second) {
      r.Fail("/workloads/" + std::to_string(i) + "/name",
             "two workloads are named \"" + s.workloads[i].name + "\"");
    }
  }
  std::set<std::string> hosts;
  for (const auto& h : s.hosts) hosts.insert(h.name);
  for (const auto& e : s.events) {  // in time order
    const std::string where = "/events (at " + core::FormatDuration(e.at - core::Timestamp()) + ")";
    if (e.action == TimedEvent::Action::kAddHosts) {
      for (const auto& h : e.hosts) {
        if (!hosts.insert(h.name).second)
          r.Fail(where, "add_hosts: a VM host \"" + h.name + "\" exists already");
      }
    } else if (!(e.host == "*" && e.action == TimedEvent::Action::kSetOverCommit) &&
               !hosts.contains(e.host)) {
      r.Fail(where, "no VM host \"" + e.host + "\" exists at that time");
    } else if (e.action == TimedEvent::Action::kRemoveHost) {
      hosts.erase(e.host);
    }
  }
}

// The timed events, sorted by time (stably: events at one time keep their order). `hosts`:
// the fleet's, so that add_hosts stays within kMaxHosts in all.
std::vector<TimedEvent> ReadEvents(JsonReader& r, const JsonReader::Node& e, size_t hosts) {
  std::vector<TimedEvent> events;
  for (size_t i = 0, n = r.Array(e); i < n && r.ok(); ++i) {
    events.push_back(ReadEvent(r, e.At(i)));
    hosts += events.back().hosts.size();
    if (r.ok() && hosts > static_cast<size_t>(kMaxHosts)) {
      r.Fail(e.At(i).pointer,
             "add_hosts makes more than " + std::to_string(kMaxHosts) + " VM hosts in all");
    }
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return a.at < b.at; });
  return events;
}

// "maas": how long MAAS takes, with MAAS-like defaults for what is not given.
MaasTimings ReadMaasTimings(JsonReader& r, const JsonReader::Node& root) {
  const auto zero = Distribution::Constant(0).value();
  MaasTimings t{zero, Distribution::Constant(180e6).value(), Distribution::Constant(60e6).value(),
                Distribution::Constant(5e6).value()};
  if (!r.ok() || !root.Has("maas")) return t;
  const auto m = root.At("maas");
  if (r.Object(m, {"compose_latency", "commissioning", "testing", "decompose_delay"})) {
    t.compose_latency = r.DurationDistribution(m, "compose_latency", zero);
    t.commissioning =
        r.DurationDistribution(m, "commissioning", Distribution::Constant(180e6).value());
    t.testing = r.DurationDistribution(m, "testing", Distribution::Constant(60e6).value());
    t.decompose_delay =
        r.DurationDistribution(m, "decompose_delay", Distribution::Constant(5e6).value());
  }
  return t;
}

core::RetryPolicy ReadRetry(JsonReader& r, const JsonReader::Node& rt) {
  core::RetryPolicy retry;
  if (!r.Object(rt, {"max_attempts", "initial_backoff", "max_backoff", "max_total"})) return retry;
  const int64_t attempts = r.Int(rt, "max_attempts", 5, 1);
  if (r.ok() && attempts > 1000) r.Fail("/retry/max_attempts", "must be at most 1000");
  retry.max_attempts = static_cast<int>(std::min<int64_t>(attempts, 1000));
  retry.initial_backoff = r.Duration(rt, "initial_backoff", retry.initial_backoff);
  retry.max_backoff = r.Duration(rt, "max_backoff", retry.max_backoff);
  retry.max_total = r.Duration(rt, "max_total", retry.max_total);
  return retry;
}

std::vector<Expectation> ReadExpectations(JsonReader& r, const JsonReader::Node& list) {
  std::vector<Expectation> expect;
  for (size_t i = 0, n = r.Array(list); i < n && r.ok(); ++i) {
    const auto e = list.At(i);
    if (!r.Object(e, {"name", "metric", "op", "value"})) break;
    Expectation x{r.String(e, "name"), r.String(e, "metric"), r.String(e, "op"), nullptr};
    if (r.ok() && !IsExpectationOp(x.op)) {
      r.Fail(e.At("op").pointer, "expected one of ==, !=, <, <=, >, >=, got \"" + x.op + "\"");
    }
    if (r.ok() && (x.metric.empty() || x.metric[0] != '/')) {
      r.Fail(e.At("metric").pointer,
             "expected a JSON pointer into summary.json, e.g. \"/requests/rejection_rate\"");
    }
    if (r.ok() && !e.Has("value")) r.Fail(e.pointer + "/value", "required field is missing");
    if (r.ok()) {
      x.value = *e.At("value").j;
      if (!x.value.is_number() && !x.value.is_boolean())
        r.Fail(e.At("value").pointer, "expected a number or true/false");
    }
    expect.push_back(std::move(x));
  }
  return expect;
}

core::Result<Scenario> Parse(std::string_view text, const std::string& file,
                             const std::string& base_dir) {
  JsonReader r(file);
  auto json = ReadScenarioJson(text, file, base_dir);
  if (!json.ok()) return json.status();
  const nlohmann::json& doc = json->doc;
  const auto root = r.Root(doc);
  Scenario s;
  s.file = file;
  char hash[17];
  // An extending file is hashed as the scenario it resolves to (its base may change).
  const uint64_t content = json->extended ? core::Fnv1a64(doc.dump()) : core::Fnv1a64(text);
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(content));
  s.content_hash = hash;
  if (r.Object(root, {"$schema", "name", "description", "seed", "duration", "warmup",
                      "sample_interval", "fleet", "workloads", "events", "maas", "retry", "client",
                      "faults", "rebalance", "expect"})) {
    s.name = r.String(root, "name");
    s.description = r.String(root, "description", "");
    s.seed = r.Uint64(root, "seed", 1);
    s.duration = r.Duration(root, "duration", std::nullopt);
    s.warmup = r.Duration(root, "warmup", core::Duration());
    s.sample_interval = r.Duration(root, "sample_interval", core::Duration::Minutes(5));
    if (r.ok() && s.duration <= core::Duration()) r.Fail("/duration", "must be positive");
    if (r.ok() && s.warmup >= s.duration) r.Fail("/warmup", "must be shorter than the duration");
    if (r.ok() && s.sample_interval <= core::Duration())
      r.Fail("/sample_interval", "must be positive");
  }
  if (r.ok() && !root.Has("fleet")) r.Fail("/fleet", "required field is missing");
  if (r.ok()) s.hosts = ReadFleet(r, root.At("fleet"));
  if (r.ok() && !root.Has("workloads")) r.Fail("/workloads", "required field is missing");
  if (r.ok()) {
    const auto w = root.At("workloads");
    for (size_t i = 0, n = r.Array(w); i < n && r.ok(); ++i) {
      s.workloads.push_back(ReadWorkload(r, w.At(i), base_dir));
    }
  }
  if (r.ok() && root.Has("events")) s.events = ReadEvents(r, root.At("events"), s.hosts.size());
  s.maas = ReadMaasTimings(r, root);
  if (r.ok() && root.Has("retry")) s.retry = ReadRetry(r, root.At("retry"));
  s.inventory_refresh = core::Duration::Minutes(1);
  if (r.ok() && root.Has("client")) {
    const auto c = root.At("client");
    if (r.Object(c, {"inventory_refresh"})) {
      s.inventory_refresh = r.Duration(c, "inventory_refresh", s.inventory_refresh);
    }
  }
  if (r.ok() && root.Has("faults")) {
    const auto f = root.At("faults");
    for (size_t i = 0, n = r.Array(f); i < n && r.ok(); ++i)
      s.faults.push_back(ReadFault(r, f.At(i)));
  }
  if (r.ok() && root.Has("rebalance")) s.rebalance = ReadRebalance(r, root.At("rebalance"));
  if (r.ok() && root.Has("expect")) s.expect = ReadExpectations(r, root.At("expect"));
  if (r.ok()) CheckNames(r, s);
  if (!r.ok()) return core::Status(core::ErrorKind::kInvalidRequest, r.error());
  if (core::Status bounds =
          CheckRunBounds(s, s.duration, "the duration " + core::FormatDuration(s.duration));
      !bounds.ok()) {
    return bounds;
  }
  return s;
}

}  // namespace

core::Result<Scenario> ParseScenario(std::string_view text, const std::string& file,
                                     const std::string& base_dir) {
  return Parse(text, file, base_dir);
}

core::Result<Scenario> LoadScenario(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path, DirectoryOf(path));
}

}  // namespace vmsim::sim
