// The run's summary.json (all but its wall-clock "run" section), from what the components
// counted and what MAAS holds: at the end of the run, and once it has settled (every
// decompose the client asked for finished), for the reconciliation: MAAS's machines are
// exactly the client's. Builds only: nothing here calls MAAS or moves the clock.
#ifndef VMSIM_SIM_ENGINE_RUN_SUMMARY_H_
#define VMSIM_SIM_ENGINE_RUN_SUMMARY_H_

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "sim/engine/fleet.h"
#include "sim/engine/rebalancer.h"
#include "sim/engine/requests.h"
#include "sim/engine/run_context.h"
#include "sim/world/world.h"

namespace vmsim::sim {

struct SummaryInputs {
  const MaasState& at_end;
  const MaasState& settled;
  const std::set<std::string>& machines_at_start;  // not the client's: never reconciled
  Fleet& fleet;
  Requests& requests;
  Rebalancer* rebalancer;  // null without a "rebalance" section
};

nlohmann::ordered_json RunSummary(RunContext& ctx, const SummaryInputs& in);

// The reconciliation: machines MAAS has that the client does not know (orphaned), machines the
// client believes in that MAAS does not have (missing), and system_ids the client holds twice.
nlohmann::ordered_json Reconciliation(const SummaryInputs& in);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_RUN_SUMMARY_H_
