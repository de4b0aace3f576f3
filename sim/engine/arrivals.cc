#include "sim/engine/arrivals.h"

#include <algorithm>
#include <cmath>

#include "sim/scenario/scenario_limits.h"

namespace vmsim::sim {

using core::Duration;
using core::Timestamp;

Arrivals::Arrivals(RunContext& ctx, Requests& requests, Fleet& fleet, const core::Rng& rng)
    : ctx_(ctx),
      requests_(requests),
      fleet_(fleet),
      unit_exponential_(Distribution::Exponential(1.0).value()),
      arrived_(ctx.s.workloads.size()) {
  for (const Workload& wl : ctx.s.workloads) {
    arrival_rngs_.push_back(rng.Fork("workload." + wl.name + ".arrivals"));
    shape_rngs_.push_back(rng.Fork("workload." + wl.name + ".shapes"));
  }
}

void Arrivals::Start(uint32_t w) {
  const auto& a = ctx_.s.workloads[w].arrival;
  if (a.kind == ArrivalProcess::Kind::kTrace) {
    if (!a.trace.empty()) ctx_.Schedule(a.trace.front().at, kArrivalTraceRecord, w, 0);
  } else if (a.kind == ArrivalProcess::Kind::kBurst || a.kind == ArrivalProcess::Kind::kList) {
    if (!a.at.empty()) ctx_.Schedule(a.at.front(), kArrival, w, 0);
  } else if (a.kind == ArrivalProcess::Kind::kPoisson) {
    ScheduleNext(w, a.start);  // the first arrival is a random gap after start
  } else {
    ctx_.Schedule(a.start, kArrival, w);
  }
}

double Arrivals::GrowthMultiplier(const Workload& w) const {
  double m = 1;
  for (const auto& step : w.growth) {
    if (step.at <= ctx_.Now()) m = step.multiplier;
  }
  return m;
}

void Arrivals::ScheduleNext(uint32_t w, Timestamp from) {
  const Workload& wl = ctx_.s.workloads[w];
  const auto& a = wl.arrival;
  if (a.max_arrivals && arrived_[w] >= *a.max_arrivals) return;
  const double mean = static_cast<double>(a.mean_gap.micros()) / GrowthMultiplier(wl);
  double gap = mean;
  if (a.kind == ArrivalProcess::Kind::kPoisson)
    gap = unit_exponential_.Sample(arrival_rngs_[w]) * mean;
  // Bounded so the sum cannot overflow (a gap past the run's end is never reached), and at
  // least a tick for interval arrivals (sim/scenario/scenario_limits.h keeps mean gaps at 1us or
  // more).
  gap = std::min(gap, static_cast<double>(kMaxSampledMicros));
  if (a.kind == ArrivalProcess::Kind::kInterval) gap = std::max(gap, 1.0);
  ctx_.Schedule(from + Duration::Micros(static_cast<int64_t>(std::llround(gap))), kArrival, w);
}

void Arrivals::OnArrival(uint32_t w, uint64_t index) {
  const Workload& wl = ctx_.s.workloads[w];
  const auto& a = wl.arrival;
  const int64_t count = a.kind == ArrivalProcess::Kind::kBurst ? a.burst_size : 1;
  for (int64_t i = 0; i < count; ++i) {
    if (a.max_arrivals && arrived_[w] >= *a.max_arrivals) break;
    ++arrived_[w];
    size_t shape = 0;
    if (wl.shapes.size() > 1) {
      std::vector<double> values, weights;
      for (size_t k = 0; k < wl.shapes.size(); ++k) {
        values.push_back(static_cast<double>(k));
        weights.push_back(wl.shapes[k].weight);
      }
      shape = static_cast<size_t>(
          Distribution::WeightedDiscrete(values, weights).value().SampleInt(shape_rngs_[w]));
    }
    requests_.New(w, wl.shapes[shape].spec, "");
  }
  if (a.kind == ArrivalProcess::Kind::kBurst || a.kind == ArrivalProcess::Kind::kList) {
    if (index + 1 < a.at.size()) ctx_.Schedule(a.at[index + 1], kArrival, w, index + 1);
  } else {
    ScheduleNext(w, ctx_.Now());
  }
}

void Arrivals::OnTraceRecord(uint32_t w, size_t index) {
  const auto& trace = ctx_.s.workloads[w].arrival.trace;
  const TraceRecord& rec = trace[index];
  if (rec.compose) {
    requests_.New(w, rec.shape.spec, rec.vm);
  } else {
    fleet_.DepartTraced(rec.vm);
  }
  if (index + 1 < trace.size())
    ctx_.Schedule(trace[index + 1].at, kArrivalTraceRecord, w, index + 1);
}

}  // namespace vmsim::sim
