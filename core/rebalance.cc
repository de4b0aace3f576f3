#include "core/rebalance.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

namespace vmsim::core {
namespace {

// Room left under the over-commit ratio (MAAS's check), rounded down.
int64_t Headroom(int64_t total, double ratio, int64_t used) {
  return static_cast<int64_t>(std::floor(static_cast<double>(total) * ratio)) - used;
}

// StrandedOn(host) with `cores` and `memory` more in use.
Stranded StrandedWith(const VMHost& h, int64_t cores, int64_t memory, const VMUnit& unit) {
  const int64_t core_room = Headroom(h.total.cores, h.cpu_over_commit_ratio, h.used.cores + cores);
  const int64_t memory_room =
      Headroom(h.total.memory, h.memory_over_commit_ratio, h.used.memory + memory);
  Stranded s;
  if (memory_room < unit.memory) s.cores = std::max<int64_t>(core_room, 0);
  if (core_room < unit.cores) s.memory = std::max<int64_t>(memory_room, 0);
  return s;
}

struct ZoneUse {
  int64_t cores_used = 0, cores_total = 0, memory_used = 0, memory_total = 0;
};

// Moves a VM of `r`'s shape from zone `from` to zone `to` (sign +1), or back (-1).
void Shift(ZoneUse& from, ZoneUse& to, const PlacementRequest& r, int64_t sign) {
  from.cores_used -= sign * r.cores;
  from.memory_used -= sign * r.memory;
  to.cores_used += sign * r.cores;
  to.memory_used += sign * r.memory;
}

double Ratio(int64_t used, int64_t total) {
  return total > 0 ? static_cast<double>(used) / static_cast<double>(total) : 0.0;
}

double Imbalance(const std::vector<ZoneUse>& zones) {
  if (zones.size() < 2) return 0.0;
  double cores_min = 1e300, cores_max = -1e300, memory_min = 1e300, memory_max = -1e300;
  for (const ZoneUse& z : zones) {
    const double c = Ratio(z.cores_used, z.cores_total), m = Ratio(z.memory_used, z.memory_total);
    cores_min = std::min(cores_min, c);
    cores_max = std::max(cores_max, c);
    memory_min = std::min(memory_min, m);
    memory_max = std::max(memory_max, m);
  }
  return std::max(cores_max - cores_min, memory_max - memory_min);
}

// The zones of `hosts`, in name order, and each host's zone index.
std::vector<ZoneUse> ZonesOf(const std::vector<VMHost>& hosts, std::vector<size_t>* zone_of) {
  std::map<std::string, size_t> names;
  for (const VMHost& h : hosts) names.emplace(h.zone.name, 0);
  size_t next = 0;
  for (auto& [name, index] : names) index = next++;
  std::vector<ZoneUse> zones(names.size());
  for (const VMHost& h : hosts) {
    const size_t z = names[h.zone.name];
    if (zone_of != nullptr) zone_of->push_back(z);
    zones[z].cores_used += h.used.cores;
    zones[z].cores_total += h.total.cores;
    zones[z].memory_used += h.used.memory;
    zones[z].memory_total += h.total.memory;
  }
  return zones;
}

constexpr double kLeastGain = 1e-12;  // below this, a "gain" is rounding

// The fields Fits reads of a request, to group VMs whose requests are the same. The borrowed
// lists are told apart by address.
auto RequestKey(const PlacementRequest& r) {
  return std::make_tuple(r.cores, r.memory, r.disks, r.zone, r.resource_pool, r.tags,
                         r.architecture, r.avoid_zones, r.exclude_hosts, r.host,
                         reinterpret_cast<std::uintptr_t>(r.group_vms),
                         reinterpret_cast<std::uintptr_t>(r.unhealthy));
}

// The two hosts with the lowest cost (ties: the lower index) among those offered.
class TwoBest {
 public:
  void Offer(size_t host, double cost) {
    const Entry e{host, cost};
    if (!first_ || Less(e, *first_)) {
      second_ = first_;
      first_ = e;
    } else if (!second_ || Less(e, *second_)) {
      second_ = e;
    }
  }
  // The best host other than `host`, and its cost.
  std::optional<std::pair<size_t, double>> Other(size_t host) const {
    const auto& e = first_ && first_->host != host ? first_ : second_;
    if (!e) return std::nullopt;
    return std::make_pair(e->host, e->cost);
  }

 private:
  struct Entry {
    size_t host;
    double cost;
  };
  static bool Less(const Entry& a, const Entry& b) {
    return a.cost < b.cost || (a.cost == b.cost && a.host < b.host);
  }
  std::optional<Entry> first_, second_;
};

constexpr std::pair<std::string_view, RebalanceGoal> kGoals[] = {
    {"stranded", RebalanceGoal::kStranded},
    {"zones", RebalanceGoal::kZones},
};

}  // namespace

Stranded StrandedOn(const VMHost& host, const VMUnit& unit) {
  return StrandedWith(host, 0, 0, unit);
}

Stranded StrandedIn(const std::vector<VMHost>& hosts, const VMUnit& unit) {
  Stranded total;
  for (const VMHost& h : hosts) {
    const Stranded s = StrandedOn(h, unit);
    total.cores += s.cores;
    total.memory += s.memory;
  }
  return total;
}

double ZoneImbalance(const std::vector<VMHost>& hosts) {
  return Imbalance(ZonesOf(hosts, nullptr));
}

Result<RebalanceGoal> ParseRebalanceGoal(std::string_view name) {
  for (const auto& [n, goal] : kGoals) {
    if (n == name) return goal;
  }
  return Status(ErrorKind::kInvalidRequest, "unknown rebalance goal \"" + std::string(name) +
                                                "\" (expected stranded or zones)");
}

std::string_view RebalanceGoalName(RebalanceGoal goal) {
  for (const auto& [n, g] : kGoals) {
    if (g == goal) return n;
  }
  return "unknown";
}

double RebalanceMeasure(const std::vector<VMHost>& hosts, RebalanceGoal goal, const VMUnit& unit) {
  if (goal == RebalanceGoal::kZones) return ZoneImbalance(hosts);
  int64_t cores = 0, memory = 0;
  for (const VMHost& h : hosts) {
    cores += h.total.cores;
    memory += h.total.memory;
  }
  const Stranded s = StrandedIn(hosts, unit);
  return Ratio(s.cores, cores) + Ratio(s.memory, memory);
}

RebalancePlan PlanRebalance(std::vector<VMHost> hosts, const std::vector<MovableVM>& vms,
                            RebalanceGoal goal, const VMUnit& unit, int max_moves) {
  std::vector<size_t> zone_of;
  std::vector<ZoneUse> zones = ZonesOf(hosts, &zone_of);
  int64_t all_cores = 0, all_memory = 0;
  for (const ZoneUse& z : zones) {
    all_cores += z.cores_total;
    all_memory += z.memory_total;
  }
  // A host's share of the kStranded measure, with `cores` and `memory` more in use.
  auto stranded = [&](const VMHost& h, int64_t cores, int64_t memory) {
    const Stranded s = StrandedWith(h, cores, memory, unit);
    return Ratio(s.cores, all_cores) + Ratio(s.memory, all_memory);
  };
  std::map<int64_t, size_t> index_of;  // host id -> index
  for (size_t i = 0; i < hosts.size(); ++i) index_of[hosts[i].id] = i;
  std::vector<std::optional<size_t>> at(vms.size());  // none: its host is not in the view
  for (size_t v = 0; v < vms.size(); ++v) {
    if (const auto it = index_of.find(vms[v].host_id); it != index_of.end()) at[v] = it->second;
  }
  // VMs whose requests are the same share their targets: a look costs (distinct requests x
  // hosts) Fits checks, not (VMs x hosts).
  std::vector<const PlacementRequest*> requests;
  std::vector<size_t> request_of(vms.size());
  {
    std::map<decltype(RequestKey(vms[0].request)), size_t> seen;
    for (size_t v = 0; v < vms.size(); ++v) {
      const auto [it, added] = seen.emplace(RequestKey(vms[v].request), requests.size());
      if (added) requests.push_back(&vms[v].request);
      request_of[v] = it->second;
    }
  }

  // While the moves are made, each original is still on its host until its replacement is
  // Ready (cold migration): a target must fit with every planned replacement counted and no
  // original yet freed. The measure is of the fleet after the moves.
  std::vector<VMHost> held = hosts;
  std::vector<PlannedMove> moves;
  std::vector<bool> moved(vms.size(), false);
  while (static_cast<int>(moves.size()) < max_moves) {
    std::optional<PlannedMove> best;
    double best_gain = kLeastGain;
    // A candidate move of VM v; ties go to the lower VM index, then the lower host index.
    const auto consider = [&](size_t v, size_t b, double gain) {
      if (gain > best_gain || (best && gain == best_gain && best->vm == v && b < best->to)) {
        best_gain = gain;
        best = PlannedMove{v, b};
      }
    };
    if (goal == RebalanceGoal::kStranded) {
      // Per request, the two hosts a VM would strand least on (the second for a VM already
      // on the first).
      std::vector<TwoBest> targets(requests.size());
      for (size_t q = 0; q < requests.size(); ++q) {
        const PlacementRequest& r = *requests[q];
        for (size_t b = 0; b < hosts.size(); ++b) {
          if (Fits(held[b], r))
            targets[q].Offer(b, stranded(hosts[b], r.cores, r.memory) - stranded(hosts[b], 0, 0));
        }
      }
      for (size_t v = 0; v < vms.size(); ++v) {
        if (moved[v] || !at[v]) continue;
        const size_t a = *at[v];
        // A move helps by freeing stranded capacity at the source, or by using it at the target.
        const PlacementRequest& r = vms[v].request;
        const auto target = targets[request_of[v]].Other(a);
        if (!target) continue;
        consider(
            v, target->first,
            stranded(hosts[a], 0, 0) - stranded(hosts[a], -r.cores, -r.memory) - target->second);
      }
    } else {
      // Per request and zone, the two lowest-index hosts that fit.
      std::vector<std::vector<TwoBest>> targets(requests.size(),
                                                std::vector<TwoBest>(zones.size()));
      for (size_t q = 0; q < requests.size(); ++q) {
        for (size_t b = 0; b < hosts.size(); ++b) {
          if (Fits(held[b], *requests[q])) targets[q][zone_of[b]].Offer(b, 0.0);
        }
      }
      const double imbalance = Imbalance(zones);
      for (size_t v = 0; v < vms.size(); ++v) {
        if (moved[v] || !at[v]) continue;
        const size_t a = *at[v];
        const PlacementRequest& r = vms[v].request;
        for (size_t z = 0; z < zones.size(); ++z) {
          const auto target = targets[request_of[v]][z].Other(a);
          if (z == zone_of[a] || !target) continue;
          Shift(zones[zone_of[a]], zones[z], r, +1);
          consider(v, target->first, imbalance - Imbalance(zones));
          Shift(zones[zone_of[a]], zones[z], r, -1);
        }
      }
    }
    if (!best) break;
    const size_t a = *at[best->vm], b = best->to;
    const PlacementRequest& r = vms[best->vm].request;
    AccountVM(hosts[a], r, -1);
    AccountVM(hosts[b], r, +1);
    AccountVM(held[b], r, +1);
    Shift(zones[zone_of[a]], zones[zone_of[b]], r, +1);
    at[best->vm] = b;
    moved[best->vm] = true;
    moves.push_back(*best);
  }
  return {std::move(moves), std::move(hosts)};
}

}  // namespace vmsim::core
