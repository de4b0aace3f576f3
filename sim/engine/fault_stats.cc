#include "sim/engine/fault_stats.h"

#include <algorithm>

namespace vmsim::sim {

void FaultStats::Fired(const std::string& site, core::Timestamp now) {
  Site& s = sites_[site];
  if (s.activations++ == 0) s.first = now;
  s.last = now;
  s.awaiting_recovery = true;
}

void FaultStats::Composed(core::Timestamp now) {
  for (auto& [name, s] : sites_) {
    if (!s.awaiting_recovery) continue;
    s.awaiting_recovery = false;
    s.time_to_recover = std::max(s.time_to_recover, now - s.last);
  }
}

nlohmann::ordered_json FaultStats::Json() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [site, s] : sites_) {
    out[site] = {{"activations", s.activations},
                 {"first_at_seconds", s.first.micros() / 1000000},
                 {"last_at_seconds", s.last.micros() / 1000000},
                 {"retries_caused", s.retries_caused},
                 {"requests_failed", s.requests_failed},
                 {"time_to_recover_seconds", s.time_to_recover.ToSecondsForReport()},
                 {"recovered", !s.awaiting_recovery}};
  }
  return out;
}

}  // namespace vmsim::sim
