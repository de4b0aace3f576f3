// A scenario: the fleet, the workloads, timed events, MAAS's timings and run control, parsed
// from JSON (docs/scenarios.md, scenarios/schema.json) and fully validated before the first
// event: a bad scenario is an error naming the file and the JSON pointer, never a half run.
#ifndef VMSIM_SIM_SCENARIO_SCENARIO_H_
#define VMSIM_SIM_SCENARIO_SCENARIO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/lxd_service.h"
#include "core/lxd_types.h"
#include "core/rebalance.h"
#include "core/retry_policy.h"
#include "core/status.h"
#include "core/time.h"
#include "fakes/fake_host.h"
#include "fakes/fault_injector.h"
#include "sim/scenario/distributions.h"
#include "sim/scenario/expectations.h"

namespace vmsim::sim {

struct VMShape {
  double weight = 1;
  lxd::VMSpec spec;  // cores, memory (MiB), disks, profile, project, tags
};

struct TraceRecord {
  core::Timestamp at;
  bool compose = true;  // false: decompose the VM named `vm`
  std::string vm;
  VMShape shape;
};

struct ArrivalProcess {
  enum class Kind { kPoisson, kInterval, kBurst, kList, kTrace };
  Kind kind = Kind::kPoisson;
  core::Duration mean_gap;              // poisson: 1/rate; interval: the interval
  std::vector<core::Timestamp> at;      // burst and list: when
  int64_t burst_size = 1;               // burst: requests at each time
  std::vector<TraceRecord> trace;       // trace: the records, in time order
  core::Timestamp start;                // poisson / interval: first possible arrival
  std::optional<int64_t> max_arrivals;  // stop after this many
};

struct GrowthStep {
  core::Timestamp at;
  double multiplier = 1;  // the arrival rate from `at` on, relative to the base rate
};

// A gang: each arrival is a group of VMs composed as one operation, all or nothing
// (core/batch_compose.h).
struct BatchSpec {
  int64_t size = 1;             // VMs per group, all of one shape
  bool distinct_zones = false;  // each in a zone no other member uses
  int64_t max_in_flight = 0;    // composes at once (0: all); sets when the group is Ready
};

struct Workload {
  std::string name;
  ArrivalProcess arrival;
  std::vector<VMShape> shapes;           // a weighted mix (one entry: fixed)
  std::optional<Distribution> lifetime;  // nullopt: forever
  core::PlacementConstraints constraints;
  bool spread_zones = false;  // each VM avoids the zones of the workload's live VMs
  core::PlacementPolicy policy = core::PlacementPolicy::kBestFit;
  std::vector<GrowthStep> growth;
  bool recreate_lost = false;  // request a replacement for each VM a failed host loses
  std::optional<BatchSpec> batch;
};

struct TimedEvent {
  enum class Action {
    kAddHosts,
    kRemoveHost,
    kFailHost,
    kRecoverHost,
    kDrainHost,
    kUndrainHost,
    kSetOverCommit,
    kSetHostPower,
    kSetHostStatus  // the host's backing machine (host health)
  };
  core::Timestamp at;
  Action action = Action::kAddHosts;
  std::vector<fakes::FakeHostSpec> hosts;  // add_hosts
  std::string host;                        // the host's name, or "*" for set_over_commit
  double cpu_ratio = 1;
  double memory_ratio = 1;
  bool lose_vms = false;    // fail_host: the host's VMs are gone, not just unreachable
  std::string power_state;  // set_host_power: "on", "off", "unknown" or "error"
  core::NodeStatus status = core::NodeStatus::kDeployed;  // set_host_status
};

struct MaasTimings {
  Distribution compose_latency;  // microseconds
  Distribution commissioning;
  Distribution testing;
  Distribution decompose_delay;
};

// The client's rebalancing (core/rebalance.h): every `every`, when the goal's measure on its
// view is at least `threshold`, it moves up to `max_moves` VMs (cold migrations: each
// replacement Ready before its original is deleted).
struct RebalanceSpec {
  bool enabled = true;  // false: the section is read but nothing moves (a what-if's "off")
  core::Duration every = core::Duration::Minutes(30);
  core::RebalanceGoal goal = core::RebalanceGoal::kStranded;
  double threshold = 0;  // of RebalanceMeasure
  int64_t max_moves = 4;
  core::VMUnit unit;  // the shape capacity is measured against, for the stranded goal
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;
  std::string content_hash;  // FNV-1a 64 of the file's bytes, hex
  uint64_t seed = 1;
  core::Duration duration;
  core::Duration warmup;
  core::Duration sample_interval;
  std::vector<fakes::FakeHostSpec> hosts;
  std::vector<Workload> workloads;
  std::vector<TimedEvent> events;
  MaasTimings maas;
  core::RetryPolicy retry;
  core::Duration inventory_refresh;
  std::vector<fakes::FaultSpec> faults;
  std::optional<RebalanceSpec> rebalance;
  std::vector<Expectation> expect;  // what `vmsim check` verifies on the summary
};

// Parses and validates `text` (the contents of `file`). Errors are kInvalidRequest with the
// message "<file>: <json pointer>: <what was expected>". `base_dir` resolves trace files.
core::Result<Scenario> ParseScenario(std::string_view text, const std::string& file,
                                     const std::string& base_dir);
// Reads and parses the file at `path`.
core::Result<Scenario> LoadScenario(const std::string& path);
// The built-in default scenario (scenarios/default.json, compiled in).
core::Result<Scenario> DefaultScenario();

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SCENARIO_SCENARIO_H_
