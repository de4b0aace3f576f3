// What one scenario may ask of vmsim: bounds that keep every run finite and within one
// machine's memory, checked when the scenario is read (and again for --until), each error
// naming the field and the limit (docs/scenarios.md, "Limits"). A scenario past one of them
// is not something a faster machine could run: it never ends, or it needs more memory than
// any machine has.
#ifndef VMSIM_SIM_SCENARIO_SCENARIO_LIMITS_H_
#define VMSIM_SIM_SCENARIO_SCENARIO_LIMITS_H_

#include <cstdint>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace vmsim::sim {

struct Scenario;

// Simulated time: any duration in a scenario, and the length of a run.
inline constexpr core::Duration kMaxScenarioDuration = core::Duration::Days(36525);  // 100 years
// VM hosts: the fleet and every add_hosts event together.
inline constexpr int64_t kMaxHosts = 1'000'000;
// One VM host, and one VM shape.
inline constexpr int64_t kMaxCores = 1 << 20;                  // 1,048,576
inline constexpr int64_t kMaxMemoryMiB = int64_t{1} << 40;     // 1 EiB
inline constexpr int64_t kMaxStorageBytes = int64_t{1} << 60;  // 1 EiB, a pool or a disk
// The fleet's sums over every host it ever has (fleet + add_hosts). Used resources are at most
// the over-commit ratio (at most 10) times the total, so every sum vmsim makes fits an int64.
inline constexpr int64_t kMaxFleetCores = INT64_MAX / 16;
inline constexpr int64_t kMaxFleetMemoryMiB = INT64_MAX / 16;
inline constexpr int64_t kMaxFleetStorageBytes = INT64_MAX / 2;
// Work over the run.
inline constexpr int64_t kMaxSamples = 1'000'000;     // length / sample_interval
inline constexpr int64_t kMaxRebalances = 1'000'000;  // length / rebalance.every
inline constexpr double kMaxRequests = 1e8;           // VMs requested, expected, all workloads
inline constexpr int64_t kMaxBurstSize = 1'000'000;
inline constexpr int64_t kMaxBatchSize = 10'000;
inline constexpr int64_t kMaxTraceRows = 10'000'000;
// A Poisson or interval workload's mean gap, after growth: at least this (a million a second).
inline constexpr core::Duration kMinArrivalGap = core::Duration::Micros(1);

// Checks that running `s` for `length` (its duration, or --until: `length_name` says which,
// e.g. "the duration 7d" or "--until 30d") stays within the limits above: samples,
// rebalances, and expected VM requests (rates integrated over growth, bursts, batches,
// capped by max_arrivals). kInvalidRequest "<file>: <pointer>: <why>; at most <limit>".
core::Status CheckRunBounds(const Scenario& s, core::Duration length, std::string_view length_name);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SCENARIO_SCENARIO_LIMITS_H_
