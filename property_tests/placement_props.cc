// Placement properties on random fleets: an accepted placement never breaks its constraints,
// a rejection happens only when no host satisfies them, each policy picks exactly the host a
// brute-force search over an independent reference predicate picks, and a rebalancing plan
// only makes moves that fit and help.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "core/host_index.h"
#include "core/placement.h"
#include "core/rebalance.h"
#include "core/units.h"

namespace vmsim::core {
namespace {

VMHost GenHost(int64_t id) {
  VMHost h;
  h.id = id;
  h.name = "h" + std::to_string(id);
  h.type = "lxd";
  h.capabilities = {"composable", "over_commit", "storage_pools"};
  if (*rc::gen::inRange(0, 10) == 0) h.capabilities = {"over_commit"};  // not composable
  h.architectures = {*rc::gen::element<std::string>("amd64/generic", "arm64/generic")};
  h.zone.name = *rc::gen::element<std::string>("z1", "z2", "z3");
  h.pool.name = *rc::gen::element<std::string>("default", "gpu");
  for (const char* t : {"a", "b", "maintenance"}) {
    if (*rc::gen::inRange(0, 5) == 0) h.tags.push_back(t);
  }
  h.total.cores = *rc::gen::element<int64_t>(4, 8, 16, 32);
  h.total.memory = *rc::gen::element<int64_t>(8192, 16384, 65536);
  h.used.cores = *rc::gen::inRange<int64_t>(0, h.total.cores + 2);
  h.used.memory = *rc::gen::inRange<int64_t>(0, h.total.memory + 2048);
  h.cpu_over_commit_ratio = *rc::gen::element(1.0, 1.5, 2.0);
  h.memory_over_commit_ratio = *rc::gen::element(1.0, 1.25);
  h.available = {h.total.cores - h.used.cores, h.total.memory - h.used.memory, 0};
  const int pools = *rc::gen::inRange(1, 3);
  for (int i = 0; i < pools; ++i) {
    StoragePool p;
    p.name = p.id = i == 0 ? "default" : "fast";
    p.total = *rc::gen::inRange<int64_t>(10, 500) * kBytesPerGB;
    p.used = *rc::gen::inRange<int64_t>(0, p.total / kBytesPerGB) * kBytesPerGB;
    p.available = p.total - p.used;
    p.is_default = i == 0;
    h.storage_pools.push_back(p);
  }
  return h;
}

PlacementRequest GenRequest() {
  PlacementRequest r;
  r.cores = *rc::gen::inRange<int64_t>(1, 10);
  r.memory = *rc::gen::element<int64_t>(1024, 2048, 4096, 16384, 40000);
  const int disks = *rc::gen::inRange(0, 3);
  for (int i = 0; i < disks; ++i) {
    r.disks.emplace_back(*rc::gen::element<std::string>("", "default", "fast", "nosuch"),
                         *rc::gen::inRange<int64_t>(1, 60) * kBytesPerGB);
  }
  if (*rc::gen::inRange(0, 3) == 0) r.zone = *rc::gen::element<std::string>("z1", "z2", "z9");
  if (*rc::gen::inRange(0, 3) == 0)
    r.resource_pool = *rc::gen::element<std::string>("default", "gpu");
  if (*rc::gen::inRange(0, 3) == 0) r.tags = {"a"};
  if (*rc::gen::inRange(0, 4) == 0) r.architecture = "arm64/generic";
  if (*rc::gen::inRange(0, 3) == 0) r.avoid_zones = {"z1"};
  if (*rc::gen::inRange(0, 6) == 0) r.host = *rc::gen::inRange<int64_t>(1, 41);
  return r;
}

// Any placement policy.
PlacementPolicy GenPolicy() {
  return *rc::gen::element(PlacementPolicy::kFirstFit, PlacementPolicy::kBestFit,
                           PlacementPolicy::kWorstFit, PlacementPolicy::kSeedOptimal,
                           PlacementPolicy::kClusterApi);
}

std::vector<VMHost> GenFleet(int most = 40) {
  const int n = *rc::gen::inRange(0, most);
  std::vector<VMHost> hosts;
  for (int i = 0; i < n; ++i) hosts.push_back(GenHost(i + 1));
  return hosts;
}

// An independent statement of "this host may take this request", written from MAAS's rules.
bool ReferenceFits(const VMHost& h, const PlacementRequest& r) {
  const auto has = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  if (!has(h.capabilities, "composable") || has(h.tags, "maintenance")) return false;
  if (r.zone && h.zone.name != *r.zone) return false;
  if (r.avoid_zones.count(h.zone.name)) return false;
  if (r.host && h.id != *r.host) return false;
  if (r.resource_pool && h.pool.name != *r.resource_pool) return false;
  for (const auto& t : r.tags) {
    if (!has(h.tags, t)) return false;
  }
  if (!r.architecture.empty() && !has(h.architectures, r.architecture)) return false;
  if (r.cores > h.total.cores || r.memory > h.total.memory) return false;
  if (static_cast<double>(h.used.cores + r.cores) >
      static_cast<double>(h.total.cores) * h.cpu_over_commit_ratio)
    return false;
  if (static_cast<double>(h.used.memory + r.memory) >
      static_cast<double>(h.total.memory) * h.memory_over_commit_ratio)
    return false;
  std::map<std::string, int64_t> need;  // per resolved pool
  for (const auto& [pool, bytes] : r.disks) {
    bool known = false;
    for (const auto& p : h.storage_pools) known = known || p.name == pool;
    need[known ? pool : "default"] += bytes;
  }
  for (const auto& [pool, bytes] : need) {
    for (const auto& p : h.storage_pools) {
      if (p.name == pool && bytes > p.available) return false;
    }
  }
  return true;
}

std::optional<size_t> ReferenceChoice(const std::vector<VMHost>& hosts, const PlacementRequest& r,
                                      PlacementPolicy policy) {
  std::optional<size_t> best;
  std::tuple<double, double, size_t> best_key;
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (!ReferenceFits(hosts[i], r)) continue;
    const auto& h = hosts[i];
    const double mem = static_cast<double>(h.available.memory - r.memory);
    const double cores = static_cast<double>(h.available.cores - r.cores);
    std::tuple<double, double, size_t> key;
    switch (policy) {
      case PlacementPolicy::kFirstFit:
        key = {0, 0, i};
        break;
      case PlacementPolicy::kBestFit:
        key = {mem, cores, i};
        break;
      case PlacementPolicy::kWorstFit:
        key = {-mem, -cores, i};
        break;
      case PlacementPolicy::kSeedOptimal:
        key = {static_cast<double>(h.used.cores + h.used.memory) /
                   static_cast<double>(h.available.cores + h.available.memory + 1),
               0, i};
        break;
      case PlacementPolicy::kClusterApi: {
        // CAPMAAS: fewest of the group's VMs on the host, then the highest capacity score.
        const auto it =
            r.group_vms ? r.group_vms->find(h.id) : std::map<int64_t, int64_t>::const_iterator();
        const double group =
            r.group_vms && it != r.group_vms->end() ? static_cast<double>(it->second) : 0;
        const double score =
            static_cast<double>(h.available.cores) / static_cast<double>(r.cores) +
            static_cast<double>(h.available.memory) / static_cast<double>(r.memory);
        key = {group, -score, i};
        break;
      }
    }
    if (!best || key < best_key) {
      best = i;
      best_key = key;
    }
  }
  return best;
}

RC_GTEST_PROP(Placement, ChoosesWhatABruteForceSearchChooses, ()) {
  const auto hosts = GenFleet();
  auto request = GenRequest();
  std::map<int64_t, int64_t> group;  // a group's VMs already placed, for the Cluster API ranking
  for (const auto& h : hosts) {
    if (*rc::gen::inRange(0, 3) == 0) group[h.id] = *rc::gen::inRange<int64_t>(1, 3);
  }
  request.group_vms = &group;
  const auto policy = GenPolicy();
  const auto chosen = ChooseHost(hosts, request, policy);
  RC_CLASSIFY(chosen.has_value(), "placed");
  RC_ASSERT(chosen == ReferenceChoice(hosts, request, policy));
}

RC_GTEST_PROP(Placement, AcceptedPlacementsKeepEveryConstraint, ()) {
  const auto hosts = GenFleet();
  const auto r = GenRequest();
  const auto chosen = ChooseHost(hosts, r, PlacementPolicy::kBestFit);
  RC_CLASSIFY(chosen.has_value(), "placed");
  if (!chosen) return;
  const VMHost& h = hosts[*chosen];
  if (r.zone) RC_ASSERT(h.zone.name == *r.zone);
  RC_ASSERT(!r.avoid_zones.count(h.zone.name));
  if (r.host) RC_ASSERT(h.id == *r.host);
  if (r.resource_pool) RC_ASSERT(h.pool.name == *r.resource_pool);
  for (const auto& t : r.tags) RC_ASSERT(h.HasTag(t));
  RC_ASSERT(!h.HasTag(kMaintenanceTag));
  RC_ASSERT(h.HasCapability("composable"));
  RC_ASSERT(static_cast<double>(h.used.cores + r.cores) <=
            static_cast<double>(h.total.cores) * h.cpu_over_commit_ratio);
}

RC_GTEST_PROP(Placement, RejectsOnlyWhenNoHostSatisfiesTheConstraints, ()) {
  const auto hosts = GenFleet();
  const auto r = GenRequest();
  if (!ChooseHost(hosts, r, PlacementPolicy::kWorstFit)) {
    for (const auto& h : hosts) RC_ASSERT(!ReferenceFits(h, r));
  }
}

// Some hosts of `hosts` unhealthy, for a random reason.
UnhealthyHosts GenUnhealthy(const std::vector<VMHost>& hosts) {
  UnhealthyHosts out;
  for (const auto& h : hosts) {
    if (*rc::gen::inRange(0, 3) == 0) {
      out[h.id] = *rc::gen::element(HostHealth::kMaintenance, HostHealth::kMachineMissing,
                                    HostHealth::kPoweredOff, HostHealth::kNotDeployed);
    }
  }
  return out;
}

RC_GTEST_PROP(Placement, NeverPicksAnUnhealthyHost, ()) {
  const auto hosts = GenFleet();
  auto r = GenRequest();
  const UnhealthyHosts unhealthy = GenUnhealthy(hosts);
  r.unhealthy = &unhealthy;
  const auto policy = GenPolicy();
  const auto chosen = ChooseHost(hosts, r, policy);
  RC_CLASSIFY(chosen.has_value(), "placed");
  RC_CLASSIFY(!unhealthy.empty(), "some unhealthy");
  if (chosen) RC_ASSERT(!unhealthy.contains(hosts[*chosen].id));
  // Exactly the choice among the healthy hosts: as if the unhealthy ones could not compose.
  auto healthy_only = hosts;
  for (auto& h : healthy_only) {
    if (unhealthy.contains(h.id)) h.capabilities.clear();
  }
  auto without = r;
  without.unhealthy = nullptr;
  RC_ASSERT(chosen == ChooseHost(healthy_only, without, policy));
  HostIndex index;
  index.Rebuild(hosts);
  RC_ASSERT(index.Choose(r, policy) == chosen);
}

// A rebalancing plan moves each VM at most once, never onto its own host, only where the VM
// fits while the moves are under way (earlier replacements counted, no original freed yet,
// as cold migration does), reports the fleet after its moves, lowers the goal's measure, and
// starts with the best single move there is.
RC_GTEST_PROP(Rebalance, PlansOnlyMovesThatFitWhileOriginalsAreHeldAndLowerTheMeasure, ()) {
  // Small, crowded fleets of plain hosts and mostly unconstrained VMs, so that moves contend
  // for hosts (a target freed by an earlier move in the plan, for one).
  auto hosts = GenFleet(10);
  RC_PRE(!hosts.empty());
  for (auto& h : hosts) {
    h.capabilities = {"composable", "over_commit", "storage_pools"};
    h.tags.clear();
    h.used.cores = *rc::gen::inRange<int64_t>(0, h.total.cores + 1);
    h.used.memory = *rc::gen::inRange<int64_t>(0, h.total.memory + 1);
    h.available = {h.total.cores - h.used.cores, h.total.memory - h.used.memory, 0};
  }
  std::vector<MovableVM> vms(static_cast<size_t>(*rc::gen::inRange(0, 40)));
  for (auto& vm : vms) {
    vm.host_id =
        *rc::gen::inRange<int64_t>(1, static_cast<int64_t>(hosts.size()) + 1);  // ids are 1..n
    if (*rc::gen::inRange(0, 4) == 0) {
      vm.request = GenRequest();
      vm.request.host.reset();
    } else {
      vm.request.cores = *rc::gen::inRange<int64_t>(1, 9);
      vm.request.memory = *rc::gen::element<int64_t>(1024, 4096, 8192, 16384);
    }
  }
  const auto goal = *rc::gen::element(RebalanceGoal::kStranded, RebalanceGoal::kZones);
  const VMUnit unit{*rc::gen::inRange<int64_t>(1, 9),
                    *rc::gen::element<int64_t>(1024, 4096, 16384)};
  const int max_moves = *rc::gen::inRange(0, 9);
  const RebalancePlan plan = PlanRebalance(hosts, vms, goal, unit, max_moves);
  RC_CLASSIFY(!plan.moves.empty(), "moved");
  RC_ASSERT(plan.moves.size() <= static_cast<size_t>(max_moves));
  std::vector<VMHost> held = hosts, after = hosts;
  std::set<size_t> moved;
  for (const PlannedMove& m : plan.moves) {
    const PlacementRequest& r = vms[m.vm].request;
    const auto from = static_cast<size_t>(vms[m.vm].host_id - 1);
    RC_ASSERT(moved.insert(m.vm).second);
    RC_ASSERT(m.to != from);
    RC_ASSERT(ReferenceFits(held[m.to], r));
    AccountVM(held[m.to], r, +1);
    AccountVM(after[from], r, -1);
    AccountVM(after[m.to], r, +1);
  }
  for (size_t i = 0; i < hosts.size(); ++i) RC_ASSERT(plan.hosts[i].used == after[i].used);
  const double before = RebalanceMeasure(hosts, goal, unit);
  if (!plan.moves.empty()) RC_ASSERT(RebalanceMeasure(after, goal, unit) < before);
  if (max_moves == 0) return;
  // Greedy, checked by brute force: the first move lowers the measure as much as any single
  // move could (and with no move planned, none lowers it).
  const auto gain_of = [&](size_t v, size_t to) {
    std::vector<VMHost> moved_once = hosts;
    AccountVM(moved_once[static_cast<size_t>(vms[v].host_id - 1)], vms[v].request, -1);
    AccountVM(moved_once[to], vms[v].request, +1);
    return before - RebalanceMeasure(moved_once, goal, unit);
  };
  double best = 0;
  for (size_t v = 0; v < vms.size(); ++v) {
    for (size_t b = 0; b < hosts.size(); ++b) {
      if (b != static_cast<size_t>(vms[v].host_id - 1) && ReferenceFits(hosts[b], vms[v].request)) {
        best = std::max(best, gain_of(v, b));
      }
    }
  }
  if (plan.moves.empty()) {
    RC_ASSERT(best <= 1e-9);
  } else {
    RC_ASSERT(gain_of(plan.moves[0].vm, plan.moves[0].to) >= best - 1e-9);
  }
}

RC_GTEST_PROP(HostIndex, ChoosesExactlyWhatTheLinearSearchChoosesAsHostsChange, ()) {
  auto hosts = GenFleet();
  HostIndex index;
  index.Rebuild(hosts);
  UnhealthyHosts unhealthy = GenUnhealthy(hosts);  // changes as the run goes, as health does
  const int steps = *rc::gen::inRange(1, 40);
  for (int step = 0; step < steps; ++step) {
    auto r = GenRequest();
    r.unhealthy = &unhealthy;
    if (!hosts.empty() && *rc::gen::inRange(0, 4) == 0) {
      const int64_t id = hosts[*rc::gen::inRange<size_t>(0, hosts.size())].id;
      if (!unhealthy.erase(id)) unhealthy[id] = HostHealth::kPoweredOff;
    }
    const auto policy = GenPolicy();
    const auto chosen = index.Choose(r, policy);
    RC_ASSERT(chosen == ChooseHost(hosts, r, policy));
    // Place it, or free something somewhere, and tell the index.
    if (chosen) {
      VMHost& h = hosts[*chosen];
      h.used.cores += r.cores;
      h.used.memory += r.memory;
      h.available.cores -= r.cores;
      h.available.memory -= r.memory;
      index.Update(*chosen);
    } else if (!hosts.empty()) {
      const size_t i = *rc::gen::inRange<size_t>(0, hosts.size());
      const int64_t cores = std::min<int64_t>(hosts[i].used.cores, 4);
      hosts[i].used.cores -= cores;
      hosts[i].available.cores += cores;
      hosts[i].used.memory -= std::min<int64_t>(hosts[i].used.memory, 4096);
      hosts[i].available.memory = hosts[i].total.memory - hosts[i].used.memory;
      index.Update(i);
    }
  }
}

}  // namespace
}  // namespace vmsim::core
