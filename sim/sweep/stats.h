// Sample statistics of replicated runs: mean, standard deviation, a Student-t 95% confidence
// interval for the mean, the 90th percentile, min and max. Pure, deterministic functions (a
// fixed summation order, our own t table): the same values give bit-identical results on any
// compiler. Thread-safe.
#ifndef VMSIM_SIM_SWEEP_STATS_H_
#define VMSIM_SIM_SWEEP_STATS_H_

#include <cstdint>
#include <vector>

namespace vmsim::sim {

struct SampleStats {
  int64_t n = 0;
  double mean = 0;
  double sd = 0;      // sample standard deviation (n - 1 in the denominator); 0 when n < 2
  double ci_low = 0;  // mean -/+ t(0.975, n-1) * sd / sqrt(n); equal to the mean when n < 2
  double ci_high = 0;
  double p90 = 0;  // nearest rank: the smallest value with at least 90% at or below it
  double min = 0;
  double max = 0;
};

// The 0.975 quantile of Student's t with `df` degrees of freedom (two-sided 95%).
// Exact table to 30 degrees of freedom, a Cornish-Fisher expansion beyond (error < 1e-6).
// REQUIRES: df >= 1.
double StudentT975(int64_t df);

// Statistics of `values`, summed in their given order. All zero when `values` is empty.
SampleStats Describe(const std::vector<double>& values);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SWEEP_STATS_H_
