#include "core/rebalance.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>

namespace vmsim::core {
namespace {

// Room left under the over-commit ratio (MAAS's check), rounded down.
int64_t Headroom(int64_t total, double ratio, int64_t used) {
  return static_cast<int64_t>(std::floor(static_cast<double>(total) * ratio)) - used;
}

// StrandedOn(host) with `cores` and `memory` more in use.
Stranded StrandedWith(const VMHost& h, int64_t cores, int64_t memory, const VMUnit& unit) {
  const int64_t core_room = Headroom(h.total.cores, h.cpu_over_commit_ratio, h.used.cores + cores);
  const int64_t memory_room = Headroom(h.total.memory, h.memory_over_commit_ratio, h.used.memory + memory);
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

constexpr std::pair<std::string_view, RebalanceGoal> kGoals[] = {
    {"stranded", RebalanceGoal::kStranded},
    {"zones", RebalanceGoal::kZones},
};

}  // namespace

Stranded StrandedOn(const VMHost& host, const VMUnit& unit) { return StrandedWith(host, 0, 0, unit); }

Stranded StrandedIn(const std::vector<VMHost>& hosts, const VMUnit& unit) {
  Stranded total;
  for (const VMHost& h : hosts) {
    const Stranded s = StrandedOn(h, unit);
    total.cores += s.cores;
    total.memory += s.memory;
  }
  return total;
}

double ZoneImbalance(const std::vector<VMHost>& hosts) { return Imbalance(ZonesOf(hosts, nullptr)); }

Result<RebalanceGoal> ParseRebalanceGoal(std::string_view name) {
  for (const auto& [n, goal] : kGoals) {
    if (n == name) return goal;
  }
  return Status(ErrorKind::kInvalidRequest,
                "unknown rebalance goal \"" + std::string(name) + "\" (expected stranded or zones)");
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

RebalancePlan PlanRebalance(std::vector<VMHost> hosts, const std::vector<MovableVM>& vms, RebalanceGoal goal,
                            const VMUnit& unit, int max_moves) {
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

  // While the moves are made, each original is still on its host until its replacement is
  // Ready (cold migration): a target must fit with every planned replacement counted and no
  // original yet freed. The measure is of the fleet after the moves.
  std::vector<VMHost> held = hosts;
  std::vector<PlannedMove> moves;
  std::vector<bool> moved(vms.size(), false);
  constexpr double kLeastGain = 1e-12;  // below this, a "gain" is rounding
  while (static_cast<int>(moves.size()) < max_moves) {
    const double imbalance = goal == RebalanceGoal::kZones ? Imbalance(zones) : 0.0;
    std::optional<PlannedMove> best;
    double best_gain = kLeastGain;
    for (size_t v = 0; v < vms.size(); ++v) {
      if (moved[v] || !at[v]) continue;
      const size_t a = *at[v];
      PlacementRequest r = vms[v].request;
      r.exclude_hosts.insert(hosts[a].id);
      const double source_before = stranded(hosts[a], 0, 0);
      // Off a host that strands nothing, a move cannot lower the stranded measure.
      if (goal == RebalanceGoal::kStranded && source_before == 0.0) continue;
      const double source_after = stranded(hosts[a], -r.cores, -r.memory);
      for (size_t b = 0; b < hosts.size(); ++b) {
        if (b == a || !Fits(held[b], r)) continue;
        double gain = 0;
        if (goal == RebalanceGoal::kStranded) {
          gain = source_before + stranded(hosts[b], 0, 0) - source_after - stranded(hosts[b], r.cores, r.memory);
        } else if (zone_of[a] != zone_of[b]) {
          Shift(zones[zone_of[a]], zones[zone_of[b]], r, +1);
          gain = imbalance - Imbalance(zones);
          Shift(zones[zone_of[a]], zones[zone_of[b]], r, -1);
        }
        if (gain > best_gain) {
          best_gain = gain;
          best = PlannedMove{v, b};
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
