// CheckRunBounds (sim/scenario/scenario_limits.h): what a run of a scenario adds up to, before it
// starts.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_limits.h"

namespace vmsim::sim {
namespace {

std::string Number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, v < 1e15 ? "%.0f" : "%.3g", v);
  return text;
}

core::Status TooMuch(const Scenario& s, const std::string& pointer, const std::string& why,
                     double limit) {
  return core::Status(core::ErrorKind::kInvalidRequest,
                      s.file + ": " + pointer + ": " + why + "; at most " + Number(limit));
}

// How many times an event every `every` happens over `length`.
double Times(core::Duration length, core::Duration every) {
  return static_cast<double>(length.micros()) /
         static_cast<double>(std::max<int64_t>(every.micros(), 1));
}

// The VMs one arrival of `w` requests.
double VmsPerArrival(const Workload& w) {
  return w.batch ? static_cast<double>(w.batch->size) : 1.0;
}

// Poisson and interval arrivals: the expected count over [start, length), the rate scaled by
// each growth step from its time on (as the simulator applies them), or the first growth step
// whose gap falls below kMinArrivalGap.
core::Status CheckRatedArrivals(const Scenario& s, size_t index, core::Duration length,
                                double* expected) {
  const Workload& w = s.workloads[index];
  const ArrivalProcess& a = w.arrival;
  const std::string where = "/workloads/" + std::to_string(index);
  const double start = static_cast<double>(a.start.micros());
  const double end = static_cast<double>(length.micros());
  const double gap = static_cast<double>(a.mean_gap.micros());
  double count = 0, multiplier = 1, from = start;
  for (size_t g = 0; g <= w.growth.size(); ++g) {
    const double until =
        g < w.growth.size() ? std::max(from, static_cast<double>(w.growth[g].at.micros())) : end;
    if (until > from && from < end) count += (std::min(until, end) - from) * multiplier / gap;
    if (g == w.growth.size()) break;
    from = until;
    multiplier = w.growth[g].multiplier;
    if (gap / multiplier < static_cast<double>(kMinArrivalGap.micros()) && from < end) {
      return TooMuch(s, where + "/growth/" + std::to_string(g) + "/multiplier",
                     "makes the mean gap between arrivals " + Number(gap / multiplier) +
                         "us, shorter than the simulation's 1us tick",
                     gap / static_cast<double>(kMinArrivalGap.micros()));
    }
  }
  if (a.max_arrivals) count = std::min(count, static_cast<double>(*a.max_arrivals));
  *expected = count * VmsPerArrival(w);
  return core::Status::Ok();
}

core::Status CheckFleetSums(const Scenario& s) {
  int64_t hosts = 0, cores = 0, memory = 0, storage = 0;
  bool overflow = false;
  const auto add = [&](const fakes::FakeHostSpec& h) {
    ++hosts;
    overflow |= __builtin_add_overflow(cores, h.cores, &cores);
    overflow |= __builtin_add_overflow(memory, h.memory, &memory);
    for (const auto& p : h.storage_pools)
      overflow |= __builtin_add_overflow(storage, p.total, &storage);
  };
  for (const auto& h : s.hosts) add(h);
  for (const auto& e : s.events) {
    for (const auto& h : e.hosts) add(h);
  }
  if (hosts > kMaxHosts) {
    return TooMuch(s, "/fleet",
                   Number(static_cast<double>(hosts)) + " VM hosts (the fleet and add_hosts)",
                   static_cast<double>(kMaxHosts));
  }
  if (overflow || cores > kMaxFleetCores) {
    return TooMuch(s, "/fleet", "the VM hosts' cores add up past the limit",
                   static_cast<double>(kMaxFleetCores));
  }
  if (memory > kMaxFleetMemoryMiB) {
    return TooMuch(s, "/fleet", "the VM hosts' memory adds up past the limit (MiB)",
                   static_cast<double>(kMaxFleetMemoryMiB));
  }
  if (storage > kMaxFleetStorageBytes) {
    return TooMuch(s, "/fleet", "the VM hosts' storage adds up past the limit (bytes)",
                   static_cast<double>(kMaxFleetStorageBytes));
  }
  return core::Status::Ok();
}

}  // namespace

core::Status CheckRunBounds(const Scenario& s, core::Duration length,
                            std::string_view length_name) {
  const std::string over = " over " + std::string(length_name);
  if (length > kMaxScenarioDuration) {
    return core::Status(core::ErrorKind::kInvalidRequest, s.file + ": " + std::string(length_name) +
                                                              " is longer than 100 years (36525d)");
  }
  if (const double samples = Times(length, s.sample_interval);
      samples > static_cast<double>(kMaxSamples)) {
    return TooMuch(
        s, "/sample_interval",
        core::FormatDuration(s.sample_interval) + over + " is " + Number(samples) + " samples",
        static_cast<double>(kMaxSamples));
  }
  if (s.rebalance && s.rebalance->enabled) {
    if (const double runs = Times(length, s.rebalance->every);
        runs > static_cast<double>(kMaxRebalances)) {
      return TooMuch(s, "/rebalance/every",
                     core::FormatDuration(s.rebalance->every) + over + " is " + Number(runs) +
                         " rebalancing rounds",
                     static_cast<double>(kMaxRebalances));
    }
  }
  if (core::Status fleet = CheckFleetSums(s); !fleet.ok()) return fleet;
  double total = 0;
  for (size_t i = 0; i < s.workloads.size(); ++i) {
    const Workload& w = s.workloads[i];
    const ArrivalProcess& a = w.arrival;
    double vms = 0;
    switch (a.kind) {
      case ArrivalProcess::Kind::kPoisson:
      case ArrivalProcess::Kind::kInterval:
        if (core::Status rated = CheckRatedArrivals(s, i, length, &vms); !rated.ok()) return rated;
        break;
      case ArrivalProcess::Kind::kBurst:
      case ArrivalProcess::Kind::kList: {
        const double per =
            a.kind == ArrivalProcess::Kind::kBurst ? static_cast<double>(a.burst_size) : 1.0;
        vms = static_cast<double>(a.at.size()) * per;
        if (a.max_arrivals) vms = std::min(vms, static_cast<double>(*a.max_arrivals));
        vms *= VmsPerArrival(w);
        break;
      }
      case ArrivalProcess::Kind::kTrace:
        vms = static_cast<double>(a.trace.size());
        break;
    }
    total += vms;
    if (total > kMaxRequests) {
      return TooMuch(s, "/workloads/" + std::to_string(i) + "/arrival",
                     "the workloads request about " + Number(total) + " VMs" + over, kMaxRequests);
    }
  }
  return core::Status::Ok();
}

}  // namespace vmsim::sim
