// FaultStats: what the faults that fired in a run did (the summary's "faults" section): per
// fault site, how often and when it fired, the retries and failed requests it caused, and how
// long the client took to compose again after it. Thread-compatible.
#ifndef VMSIM_SIM_ENGINE_FAULT_STATS_H_
#define VMSIM_SIM_ENGINE_FAULT_STATS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/time.h"

namespace vmsim::sim {

class FaultStats {
 public:
  // Fault `site` fired at `now`.
  void Fired(const std::string& site, core::Timestamp now);
  // A compose worked at `now`: every site that fired since the last one has recovered.
  void Composed(core::Timestamp now);
  // A request whose last attempt met a fault at `site` is retried, or given up.
  void RetryCaused(const std::string& site) { ++sites_[site].retries_caused; }
  void RequestFailed(const std::string& site) { ++sites_[site].requests_failed; }

  nlohmann::ordered_json Json() const;

 private:
  struct Site {
    int64_t activations = 0;
    core::Timestamp first, last;
    int64_t retries_caused = 0, requests_failed = 0;
    bool awaiting_recovery = false;
    core::Duration
        time_to_recover;  // the longest, from a last firing to the next compose that worked
  };
  std::map<std::string, Site> sites_;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_FAULT_STATS_H_
