// Rebalancing: which composed VMs to move, and to which host, so that the fleet strands less
// capacity or uses its zones more evenly. Plans on a snapshot of the client's view
// (HostInventory::hosts()); the moves themselves are cold migrations (migration.h), since
// MAAS has no live migration for VM hosts. Pure functions; thread-safe.
#ifndef VMSIM_CORE_REBALANCE_H_
#define VMSIM_CORE_REBALANCE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/placement.h"
#include "core/status.h"
#include "core/types.h"

namespace vmsim::core {

// The VM shape capacity is measured against. By default MAAS's smallest VM: 1 core, 1024 MiB.
struct VMUnit {
  int64_t cores = 1;
  int64_t memory = 1024;  // MiB
};

// Capacity a host cannot sell because the other resource ran out: its core headroom (under
// the over-commit ratio, MAAS's check) when less than `unit.memory` MiB of memory headroom is
// left, and its memory headroom when fewer than `unit.cores` cores are.
struct Stranded {
  int64_t cores = 0;
  int64_t memory = 0;  // MiB
};
Stranded StrandedOn(const VMHost& host, const VMUnit& unit = {});
Stranded StrandedIn(const std::vector<VMHost>& hosts, const VMUnit& unit = {});

// How unevenly the zones are used: over cores and memory, the largest gap between the most
// and the least used zone (used / total). 0 with fewer than two zones.
double ZoneImbalance(const std::vector<VMHost>& hosts);

enum class RebalanceGoal {
  kStranded,  // lower StrandedIn(unit), cores and memory each as a fraction of the fleet's
  kZones,     // lower ZoneImbalance
};
// "stranded", "zones".
Result<RebalanceGoal> ParseRebalanceGoal(std::string_view name);
std::string_view RebalanceGoalName(RebalanceGoal goal);

// The goal's measure of `hosts`, lower is better: for kStranded, stranded cores as a fraction
// of all cores plus stranded memory as a fraction of all memory; for kZones, ZoneImbalance.
double RebalanceMeasure(const std::vector<VMHost>& hosts, RebalanceGoal goal, const VMUnit& unit);

// A VM that may be moved: where it is, and what any host it moves to must offer (its shape
// and constraints; the planner adds "not its own host").
struct MovableVM {
  int64_t host_id = 0;
  PlacementRequest request;
};

struct PlannedMove {
  size_t vm = 0;  // index in the planner's `vms`
  size_t to = 0;  // index in the planner's `hosts`
};

struct RebalancePlan {
  std::vector<PlannedMove> moves;  // in the order planned
  std::vector<VMHost> hosts;       // the view as it would be after the moves
};

// Up to `max_moves` moves, greedily: each is the move that lowers the goal's measure most,
// given the ones planned before it (a VM moves at most once); none when no move lowers it.
// A target must fit the VM (Fits) while the moves are under way: with the replacements planned
// before counted and no original freed yet, since a cold migration deletes the original only
// once its replacement is Ready. Deterministic: ties go to the lower VM index, then the
// lower host index. Cost: O(max_moves x vms x hosts) Fits checks.
RebalancePlan PlanRebalance(std::vector<VMHost> hosts, const std::vector<MovableVM>& vms,
                            RebalanceGoal goal, const VMUnit& unit, int max_moves);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_REBALANCE_H_
