// Scenario shrinking: greedy delta debugging over a scenario's JSON (drop workloads, events,
// faults, hosts and shapes; halve template counts, arrival rates and the duration) keeping each
// step only while the named expectation still fails for the seed. Deterministic.
#ifndef VMSIM_SIM_CHECK_SHRINK_H_
#define VMSIM_SIM_CHECK_SHRINK_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"

namespace vmsim::sim {

struct ShrinkResult {
  nlohmann::ordered_json scenario;  // the smallest failing scenario found (only that expectation)
  int runs = 0;                     // scenario runs it took
  int steps = 0;                    // reductions kept
};

// `text` is the scenario (from `file`, for error messages and trace paths in `base_dir`).
// kInvalidRequest if it does not parse, has no expectation `expectation`, or that expectation
// passes for `seed` (nothing to shrink).
core::Result<ShrinkResult> Shrink(const std::string& text, const std::string& file,
                                  const std::string& base_dir, uint64_t seed,
                                  const std::string& expectation);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_CHECK_SHRINK_H_
