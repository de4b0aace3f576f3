// Arrivals: each workload's VM requests over simulated time: Poisson or interval arrivals (with
// the workload's growth steps), bursts and lists at given times, and arrival-trace records
// (composes, and decomposes of VMs the trace named). Draws from the substreams
// "workload.<name>.arrivals" and "workload.<name>.shapes".
#ifndef VMSIM_SIM_ENGINE_ARRIVALS_H_
#define VMSIM_SIM_ENGINE_ARRIVALS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "core/time.h"
#include "sim/engine/fleet.h"
#include "sim/engine/requests.h"
#include "sim/engine/run_context.h"
#include "sim/scenario/distributions.h"

namespace vmsim::sim {

class Arrivals {
 public:
  Arrivals(RunContext& ctx, Requests& requests, Fleet& fleet, const core::Rng& rng);

  // Schedules workload `w`'s first arrival (or first arrival-trace record).
  void Start(uint32_t w);
  // `index`: for burst and list arrivals, the position in ArrivalProcess::at.
  void OnArrival(uint32_t w, uint64_t index);
  void OnTraceRecord(uint32_t w, size_t index);

 private:
  // Schedules workload w's next Poisson or interval arrival, one gap after `from`.
  void ScheduleNext(uint32_t w, core::Timestamp from);
  // The workload's arrival rate multiplier now (its growth steps).
  double GrowthMultiplier(const Workload& w) const;

  RunContext& ctx_;
  Requests& requests_;
  Fleet& fleet_;
  Distribution unit_exponential_;
  std::vector<core::Rng> arrival_rngs_, shape_rngs_;
  std::vector<int64_t> arrived_;  // per workload
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_ARRIVALS_H_
