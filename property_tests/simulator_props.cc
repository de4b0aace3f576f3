// Simulator properties over random small scenarios: the same seed gives identical outputs,
// requests are conserved, time never goes backwards, and a spread group's live members are
// always in distinct zones.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "sim/engine/simulator.h"
#include "sim/scenario/scenario.h"

namespace vmsim::sim {
namespace {

std::string RandomScenario() {
  const int hosts = *rc::gen::inRange(1, 8);
  const int rate = *rc::gen::inRange(1, 40);
  const int lifetime_min = *rc::gen::inRange(5, 300);
  const int cores = *rc::gen::inRange(1, 8);
  const double ratio = *rc::gen::element(1.0, 2.0);
  const int seed = *rc::gen::inRange(0, 1000000);
  std::ostringstream s;
  s << R"({"name": "random", "seed": )" << seed << R"(, "duration": "5h", "warmup": "1h",
    "sample_interval": "10m",
    "maas": {"compose_latency": {"dist": "exponential", "mean": "15s"},
             "decompose_delay": {"dist": "uniform", "min": "1s", "max": "20s"}},
    "fleet": {"templates": [{"count": )"
    << hosts << R"(, "zones": ["z1", "z2", "z3"],
              "cores": 16, "memory": "32GiB", "cpu_over_commit": )"
    << ratio << R"(,
              "storage_pools": [{"name": "default", "size": "500GB"}]}]},
    "workloads": [
      {"name": "cp", "arrival": {"process": "burst", "at": ["0s", "2h"], "size": 3},
       "shape": {"cores": 2, "memory": "4GiB"}, "lifetime": {"dist": "uniform", "min": "1h", "max": "5h"},
       "constraints": {"spread": "zone"}},
      {"name": "w", "arrival": {"process": "poisson", "rate": ")"
    << rate << R"(/h"},
       "shape": {"cores": )"
    << cores << R"(, "memory": "4GiB", "disks": [{"size": "20GB"}]},
       "lifetime": {"dist": "exponential", "mean": ")"
    << lifetime_min << R"(m"}}]})";
  return s.str();
}

RC_GTEST_PROP(Simulator, SameSeedSameOutputsConservedRequestsMonotoneTime, ()) {
  auto s = ParseScenario(RandomScenario(), "random.json", ".");
  RC_ASSERT(s.ok());
  RunOptions options;
  options.event_log = true;
  auto a = RunScenario(*s, options);
  auto b = RunScenario(*s, options);
  RC_ASSERT(a.ok() && b.ok());
  a->summary.erase("run");
  b->summary.erase("run");
  RC_ASSERT(a->summary.dump() == b->summary.dump());
  RC_ASSERT(a->timeseries_csv == b->timeseries_csv);
  RC_ASSERT(a->events_jsonl == b->events_jsonl);

  const auto& r = a->summary["requests"];
  RC_ASSERT(r["requested"].get<int64_t>() == r["composed"].get<int64_t>() +
                                                 r["rejected"]["total"].get<int64_t>() +
                                                 r["pending"].get<int64_t>());

  // Time never goes backwards, and spread members alive together sit in distinct zones.
  std::istringstream lines(a->events_jsonl);
  std::string line;
  int64_t last = 0;
  std::map<int64_t, std::string> cp_zone_by_vm;  // live control-plane VMs
  std::set<int64_t> cp_requests;
  while (std::getline(lines, line)) {
    const auto e = nlohmann::json::parse(line);
    RC_ASSERT(e["t_us"].get<int64_t>() >= last);
    last = e["t_us"].get<int64_t>();
    if (e["event"] == "request" && e["workload"] == "cp")
      cp_requests.insert(e["request"].get<int64_t>());
    if (e["event"] == "composed" && cp_requests.count(e["request"].get<int64_t>())) {
      const std::string zone = e["zone"];
      for (const auto& [vm, z] : cp_zone_by_vm) RC_ASSERT(z != zone);
      cp_zone_by_vm[e["vm"].get<int64_t>()] = zone;
    }
    if (e["event"] == "decompose") cp_zone_by_vm.erase(e["vm"].get<int64_t>());
  }
}

// A random fault plan over a random small scenario: whatever fires, every request is composed
// once or fails with a kind, and MAAS's machines are exactly the client's live VMs.
// 1 to 4 faults of random sites, probabilities, windows within 6h and hosts, as JSON items.
std::string RandomFaultPlan() {
  std::ostringstream faults;
  const char* sites[] = {
      "compose.transient_503",  "compose.no_rack", "compose.timeout_after_success",
      "decompose.fails_orphan", "query.stale",     "host.unreachable"};
  const int n = *rc::gen::inRange(1, 5);
  for (int i = 0; i < n; ++i) {
    const int from = *rc::gen::inRange(0, 4);
    faults << (i ? "," : "") << R"({"site": ")"
           << *rc::gen::elementOf(std::vector<std::string>(std::begin(sites), std::end(sites)))
           << R"(", "probability": )" << *rc::gen::element(0.1, 0.5, 1.0) << R"(, "from": ")"
           << from << R"(h", "until": ")" << from + *rc::gen::inRange(1, 3) << R"(h")"
           << (*rc::gen::arbitrary<bool>() ? R"(, "host": "zone:z2")" : "") << "}";
  }
  return faults.str();
}

// The start of a random scenario under faults: `name`, a random seed, `duration`, a random
// fault plan and MAAS's timings; the caller adds the fleet, events and workloads.
std::string FaultyScenarioHead(const std::string& name, const std::string& duration) {
  std::ostringstream head;
  head << R"({"name": ")" << name << R"(", "seed": )" << *rc::gen::inRange(0, 100000)
       << R"(, "duration": ")" << duration << R"(", "sample_interval": "15m", "faults": [)"
       << RandomFaultPlan() << R"(],
    "maas": {"compose_latency": {"dist": "exponential", "mean": "10s"},
             "decompose_delay": {"dist": "uniform", "min": "1s", "max": "30s"}},
)";
  return head.str();
}

// Runs `text`; MAAS and the client must agree on every VM at the end, and every request must
// be composed, rejected or still pending.
RunOutput RunReconciled(const std::string& text, const RunOptions& options = {}) {
  auto s = ParseScenario(text, "random.json", ".");
  RC_ASSERT(s.ok());
  auto out = RunScenario(*s, options);
  RC_ASSERT(out.ok());
  const auto& rec = out->summary["reconciliation"];
  RC_ASSERT(rec["orphaned_machines"].get<int64_t>() == 0);
  RC_ASSERT(rec["missing_machines"].get<int64_t>() == 0);
  RC_ASSERT(rec["duplicate_vms"].get<int64_t>() == 0);
  const auto& r = out->summary["requests"];
  RC_ASSERT(r["requested"].get<int64_t>() == r["composed"].get<int64_t>() +
                                                 r["rejected"]["total"].get<int64_t>() +
                                                 r["pending"].get<int64_t>());
  return std::move(out).value();
}

RC_GTEST_PROP(Simulator, ReconciliationHoldsUnderRandomFaultPlans, ()) {
  const bool lose = *rc::gen::arbitrary<bool>();
  std::ostringstream text;
  text << FaultyScenarioHead("faults", "6h") << R"(
    "fleet": {"templates": [{"count": 6, "name_prefix": "h", "zones": ["z1", "z2", "z3"],
              "cores": 16, "memory": "32GiB", "storage_pools": [{"name": "default", "size": "500GB"}]}]},
    "events": [{"at": "3h", "action": "fail_host", "host": "h2", "lose_vms": )"
       << (lose ? "true" : "false") << R"(}],
    "workloads": [{"name": "w", "arrival": {"process": "poisson", "rate": "40/h"}, "recreate_lost": true,
                   "shape": {"cores": 2, "memory": "4GiB", "disks": [{"size": "20GB"}]},
                   "lifetime": {"dist": "exponential", "mean": "40m"}}]})";
  const RunOutput out = RunReconciled(text.str());
  RC_TAG(out.summary["faults"].size());
}

// Rebalancing moves VMs as cold migrations (replacement first, original once it is Ready)
// while VMs depart, hosts fail with their VMs and faults fire: MAAS and the client still agree
// on every VM at the end, and every planned move is accounted for.
RC_GTEST_PROP(Simulator, RebalancingNeverLosesOrDuplicatesAVm, ()) {
  const bool lose = *rc::gen::arbitrary<bool>();
  std::ostringstream text;
  text << FaultyScenarioHead("rebalance", "8h") << R"(
    "fleet": {"templates": [{"count": )"
       << *rc::gen::inRange(2, 7) << R"(, "name_prefix": "h", "zones": ["z1", "z2", "z3"],
              "cores": 16, "memory": "64GiB", "storage_pools": [{"name": "default", "size": "2TB"}]}]},
    "events": [{"at": ")"
       << *rc::gen::inRange(1, 7) << R"(h", "action": "fail_host", "host": "h1", "lose_vms": )"
       << (lose ? "true" : "false") << R"(}],
    "workloads": [
      {"name": "mem", "arrival": {"process": "poisson", "rate": "6/h"}, "recreate_lost": true,
       "shape": {"cores": 1, "memory": "16GiB", "disks": [{"size": "20GB"}]},
       "lifetime": {"dist": "exponential", "mean": "2h"}},
      {"name": "cpu", "arrival": {"process": "poisson", "rate": "6/h"},
       "shape": {"cores": 6, "memory": "4GiB", "disks": [{"size": "20GB"}]},
       "lifetime": {"dist": "exponential", "mean": "2h"}, "constraints": )"
       << (*rc::gen::arbitrary<bool>() ? R"({"spread": "zone"})" : "{}") << R"(}],
    "rebalance": {"every": ")"
       << *rc::gen::element(5, 15, 60) << R"(m", "goal": ")"
       << *rc::gen::element<std::string>("stranded", "zones") << R"(", "max_moves": )"
       << *rc::gen::inRange(1, 6) << R"(, "unit": {"cores": 4, "memory": "16GiB"}}})";
  const RunOutput out = RunReconciled(text.str());
  const auto& moves = out.summary["rebalance"]["moves"];
  RC_TAG(moves["done"].get<int64_t>() > 0 ? "moved" : "no move done");
  RC_ASSERT(moves["planned"].get<int64_t>() == moves["started"].get<int64_t>() +
                                                   moves["refused"].get<int64_t>() +
                                                   moves["dropped"].get<int64_t>());
  RC_ASSERT(moves["done"].get<int64_t>() + moves["failed"].get<int64_t>() +
                moves["cancelled"].get<int64_t>() <=
            moves["started"].get<int64_t>());
}

// A batch group is all or nothing: an attempt composes all its members or none stays, the
// run ends with no group partly alive, and MAAS and the client agree, whatever the faults.
RC_GTEST_PROP(Simulator, ABatchIsNeverHalfComposed, ()) {
  const int64_t size = *rc::gen::inRange(2, 5);
  std::ostringstream text;
  text << FaultyScenarioHead("batches", "6h") << R"(
    "fleet": {"templates": [{"count": )"
       << *rc::gen::inRange(3, 9) << R"(, "name_prefix": "h", "zones": ["z1", "z2", "z3", "z4"],
              "cores": 16, "memory": "32GiB", "storage_pools": [{"name": "default", "size": "500GB"}]}]},
    "workloads": [{"name": "g", "arrival": {"process": "poisson", "rate": "10/h"},
                   "batch": {"size": )"
       << size << R"(, "distinct_zones": )" << (*rc::gen::arbitrary<bool>() ? "true" : "false")
       << R"(, "max_in_flight": )" << *rc::gen::inRange(0, 4) << R"(},
                   "shape": {"cores": 4, "memory": "8GiB", "disks": [{"size": "20GB"}]},
                   "lifetime": {"dist": "exponential", "mean": "1h"}}]})";
  RunOptions options;
  options.event_log = true;
  const RunOutput out = RunReconciled(text.str(), options);
  const auto& b = out.summary["batches"];
  RC_TAG(b["rolled_back"].get<int64_t>() > 0 ? "rolled back" : "no rollback");
  RC_ASSERT(b["partial_groups_at_end"].get<int64_t>() == 0);
  // Per request, the members composed at one instant: all of the group, every time.
  std::map<std::pair<int64_t, int64_t>, int64_t> composed;  // (request, t_us) -> members
  std::istringstream lines(out.events_jsonl);
  for (std::string line; std::getline(lines, line);) {
    const auto e = nlohmann::json::parse(line);
    if (e["event"] == "composed")
      ++composed[{e["request"].get<int64_t>(), e["t_us"].get<int64_t>()}];
  }
  for (const auto& [key, members] : composed) RC_ASSERT(members == size);
}

}  // namespace
}  // namespace vmsim::sim
