// Requests: the compose lifecycle of a run's VM requests: each request's attempts through the
// client (core::LxdService::ComposeVM, or core::ComposeBatch for a batch workload's group),
// MAAS's answer arriving after the compose latency, then the VM (or group) handed to the
// Fleet, or a retry after the scenario's retry policy's wait, or the request given up.
// Requests are addressed by slot (SlotPool), as events name them.
#ifndef VMSIM_SIM_ENGINE_REQUESTS_H_
#define VMSIM_SIM_ENGINE_REQUESTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/batch_compose.h"
#include "core/lxd_types.h"
#include "core/rng.h"
#include "core/status.h"
#include "core/time.h"
#include "sim/engine/fleet.h"
#include "sim/engine/run_context.h"
#include "sim/engine/slot_pool.h"

namespace vmsim::sim {

struct Request {
  uint64_t serial = 0;  // the request's number in the run, for events.jsonl and hostnames
  uint32_t workload = 0;
  lxd::VMSpec spec = {};
  core::Timestamp requested_at = {};
  int attempts = 0;
  std::string trace_vm = {};  // the arrival trace's name for the VM, for its decompose
  std::optional<core::Result<lxd::LXDVMResult>> outcome = {};
  core::Duration ready_delay = {};        // commissioning + testing, drawn when MAAS composed it
  std::optional<std::string> fault = {};  // the fault site that fired during the last attempt
  // A batch workload's group: the last attempt's outcome, when it was made, and per member
  // composed, how long after it the member was Ready (the composes' waves, then commissioning).
  std::optional<core::BatchOutcome> batch = {};
  core::Timestamp attempted_at = {};
  std::vector<core::Duration> member_ready = {};
};

class Requests {
 public:
  // Lifetimes are drawn from the substreams "workload.<name>.lifetimes" of `rng`, retry waits
  // from "retry".
  Requests(RunContext& ctx, Fleet& fleet, const core::Rng& rng);

  // Workload `w` requests `spec` now (named `trace_vm` by its arrival trace, or ""); the first
  // attempt is at once.
  void New(uint32_t w, lxd::VMSpec spec, std::string trace_vm);
  void OnAttempt(uint64_t slot);
  void OnComposeDone(uint64_t slot);

  // Calls f(slot, request) for every request still pending, in slot order.
  template <typename F>
  void ForEach(F&& f) {
    requests_.ForEach(f);
  }

 private:
  void OnBatchAttempt(uint64_t slot);
  void OnBatchDone(uint64_t slot);
  // The compose of request `slot` (of `vms` VMs) failed with `error`: retry later or give up.
  void RetryOrReject(uint64_t slot, const core::Status& error, int64_t vms);
  // A lifetime from `req`'s workload, or none (it has none, or its arrival trace decides).
  std::optional<core::Duration> DrawLifetime(const Request& req);
  static Origin OriginOf(const Request& req) {
    return {req.serial, req.workload, req.trace_vm, req.requested_at};
  }

  RunContext& ctx_;
  Fleet& fleet_;
  std::vector<core::Rng> lifetime_rngs_;
  core::Rng retry_rng_;
  SlotPool<Request> requests_;
  uint64_t next_serial_ = 0;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_REQUESTS_H_
