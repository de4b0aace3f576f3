// What a run measures: request counters, utilisation sampled at a fixed interval (overall,
// per zone, per resource pool), stranded capacity, VMs alive and time-to-ready percentiles.
// Samples before the warm-up's end go to the time series but not into the statistics.
// Only ordered containers: the output is byte-identical for the same inputs. Thread-compatible.
#ifndef VMSIM_SIM_ENGINE_METRICS_H_
#define VMSIM_SIM_ENGINE_METRICS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/time.h"
#include "core/types.h"

namespace vmsim::sim {

struct Counters {
  int64_t requested = 0;
  int64_t composed = 0;
  int64_t composed_after_warmup = 0;
  std::map<std::string, int64_t> rejected_by_kind;
  int64_t retries = 0;
  int64_t decomposed = 0;
  int64_t decompose_failed = 0;
  int64_t events = 0;
  int64_t over_commit_violations = 0;  // samples x hosts with used beyond total x ratio
  int64_t spread_violations = 0;       // spread VMs composed into a zone their workload held
  int64_t Rejected() const;
};

// Batch (gang) workloads: groups, not VMs (Counters count their VMs too).
struct BatchCounters {
  int64_t groups = 0;           // groups requested
  int64_t attempts = 0;         // group composes tried (retries included)
  int64_t placed = 0;           // groups whose every member was composed
  int64_t not_planned = 0;      // attempts refused before any compose: the group did not fit
  int64_t rolled_back = 0;      // attempts in which a member failed after others were composed
  int64_t rejected = 0;         // groups given up
  int64_t vms_rolled_back = 0;  // members composed, then decomposed by a rollback
  int64_t vms_left_behind = 0;  // members whose rollback delete failed (still live, owned)
};

class Metrics {
 public:
  explicit Metrics(core::Timestamp warmup_end) : warmup_end_(warmup_end) {}

  // Records one sample of the fleet as MAAS reports it, at time `t`, with the number of hosts
  // the client held unhealthy at its last inventory refresh.
  void Sample(core::Timestamp t, const std::vector<core::VMHost>& hosts, int64_t live_vms,
              int64_t pending, int64_t unhealthy_hosts);
  // Time from request to Ready of one composed VM.
  void RecordTimeToReady(core::Duration d) { time_to_ready_us_.push_back(d.micros()); }
  // Time from a group's request until its last member was Ready.
  void RecordGroupReady(core::Duration d) { group_ready_us_.push_back(d.micros()); }
  BatchCounters& batches() { return batches_; }

  Counters& counters() { return counters_; }
  const Counters& counters() const { return counters_; }

  // The summary's measurement sections (requests, utilisation, stranded, vms, time_to_ready;
  // batches when a group was requested).
  nlohmann::ordered_json Summary() const;
  // One row per sample; a header row first.
  std::string TimeseriesCsv() const;

 private:
  struct Usage {
    int64_t cores_used = 0, cores_total = 0;
    int64_t memory_used = 0, memory_total = 0;
    int64_t storage_used = 0, storage_total = 0;
    void Add(const core::VMHost& h);
  };
  struct Stat {  // mean and peak of a ratio over the samples in the statistics window
    double sum = 0, peak = 0;
    int64_t n = 0;
    void Add(double v);
    nlohmann::ordered_json Json() const;
  };
  struct GroupStats {
    Stat cores, memory, storage;
    void Add(const Usage& u);
    nlohmann::ordered_json Json() const;
  };

  core::Timestamp warmup_end_;
  Counters counters_;
  GroupStats overall_;
  std::map<std::string, GroupStats> zones_;
  std::map<std::string, GroupStats> pools_;
  Stat stranded_cores_, stranded_memory_, live_vms_, unhealthy_hosts_;
  std::vector<int64_t> time_to_ready_us_;
  std::vector<int64_t> group_ready_us_;
  BatchCounters batches_;
  std::string csv_;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_METRICS_H_
