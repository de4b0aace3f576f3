// Probability distributions for workloads (inter-arrival times, lifetimes, VM sizes), as our
// own code over core::Rng: never std::*_distribution, whose algorithms differ between
// standard libraries. Value types; thread-compatible (Sample takes the caller's Rng).
//
// Reproducibility: every transformation uses only +, -, *, /, std::sqrt (all correctly
// rounded by IEEE 754) and exact operations (frexp, ldexp, floor, round). The logarithm and
// exponential are PortableLog and PortableExp below rather than the C library's, whose last
// bit differs between libms. So a seed gives bit-identical doubles with g++ or clang++, with
// libstdc++ or libc++, provided the build does not contract a*b+c into a fused multiply-add
// (sim/CMakeLists.txt passes -ffp-contract=off). As a second guard, what reaches the
// simulation is an integer: SampleDuration and SampleInt round to whole units.
#ifndef VMSIM_SIM_SCENARIO_DISTRIBUTIONS_H_
#define VMSIM_SIM_SCENARIO_DISTRIBUTIONS_H_

#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include "core/rng.h"
#include "core/status.h"
#include "core/time.h"

namespace vmsim::sim {

// The longest duration a sample becomes (2^62 us, 146,000 years): any simulated time (at most
// 100 years, sim/scenario/scenario_limits.h) plus it still fits an int64.
inline constexpr int64_t kMaxSampledMicros = int64_t{1} << 62;

// One distribution of doubles. Construct with the factories, which validate the parameters
// and return kInvalidRequest with a message naming the parameter and the value given, e.g.
// "exponential mean must be positive, got -3". Parameters must be finite.
//
// Units are the caller's. For durations, give parameters in microseconds (for instance
// Duration::micros() of a parsed "90s"): SampleDuration reads a sample as microseconds.
class Distribution {
 public:
  // Constant(0).
  Distribution();

  // Always `value`; draws nothing from the Rng.
  static core::Result<Distribution> Constant(double value);
  // Uniform on [lo, hi): lo + (hi - lo) * u. REQUIRES (validated): lo <= hi.
  static core::Result<Distribution> Uniform(double lo, double hi);
  // Exponential with the given mean (> 0), by inversion: -mean * log(1 - u).
  static core::Result<Distribution> Exponential(double mean);
  // Normal with the given mean and stddev (>= 0), by Marsaglia's polar method. Each sample
  // runs the method afresh and uses one of the pair it makes, so Sample stays const.
  static core::Result<Distribution> Normal(double mean, double stddev);
  // Log-normal whose samples have the given mean (> 0) and stddev (>= 0): the underlying
  // normal has sigma^2 = log(1 + (stddev/mean)^2) and mu = log(mean) - sigma^2 / 2.
  static core::Result<Distribution> LogNormal(double mean, double stddev);
  // One of `values`, chosen with probability proportional to its weight (>= 0, not all 0):
  // a binary search of the cumulative weights. A zero-weight value is never chosen.
  static core::Result<Distribution> WeightedDiscrete(std::vector<double> values,
                                                     std::vector<double> weights);
  // One of `samples` (non-empty), each index equally likely: no interpolation, so every
  // result is an observed value (a VM size from a trace stays a real VM size).
  static core::Result<Distribution> Empirical(std::vector<double> samples);

  // Draws one value. The number of Rng draws it consumes depends on the kind (and, for the
  // normal kinds, on rejections), so fork a stream per consumer.
  double Sample(core::Rng& rng) const;

  // Sample() as microseconds, rounded half away from zero, clamped to [0, kMaxSampledMicros].
  core::Duration SampleDuration(core::Rng& rng) const;

  // Sample() rounded half away from zero, clamped to the int64_t range.
  int64_t SampleInt(core::Rng& rng) const;

  // The analytic mean of Sample() (not of SampleDuration, whose clamp at 0 raises the mean
  // of a distribution with negative values).
  double Mean() const;

  friend bool operator==(const Distribution&, const Distribution&) = default;

 private:
  struct ConstantKind {
    double value;
    friend bool operator==(const ConstantKind&, const ConstantKind&) = default;
  };
  struct UniformKind {
    double lo, hi;
    friend bool operator==(const UniformKind&, const UniformKind&) = default;
  };
  struct ExponentialKind {
    double mean;
    friend bool operator==(const ExponentialKind&, const ExponentialKind&) = default;
  };
  struct NormalKind {
    double mean, stddev;
    friend bool operator==(const NormalKind&, const NormalKind&) = default;
  };
  struct LogNormalKind {
    double mean, mu, sigma;
    friend bool operator==(const LogNormalKind&, const LogNormalKind&) = default;
  };
  struct WeightedDiscreteKind {
    std::vector<double> values;
    std::vector<double> cumulative;  // cumulative[i] = weights[0] + ... + weights[i]
    double mean;
    friend bool operator==(const WeightedDiscreteKind&, const WeightedDiscreteKind&) = default;
  };
  struct EmpiricalKind {
    std::vector<double> samples;
    double mean;
    friend bool operator==(const EmpiricalKind&, const EmpiricalKind&) = default;
  };
  using Kind = std::variant<ConstantKind, UniformKind, ExponentialKind, NormalKind, LogNormalKind,
                            WeightedDiscreteKind, EmpiricalKind>;

  explicit Distribution(Kind kind) : kind_(std::move(kind)) {}

  static double SampleStandardNormal(core::Rng& rng);

  Kind kind_;
};

// The natural logarithm, from +, -, *, / and frexp only, so it is the same on every platform
// (within a few ulp of std::log). log(0) = -inf, log(inf) = inf, log(x < 0) = NaN.
double PortableLog(double x);

// e^x, from +, -, *, /, floor and ldexp only (within a few ulp of std::exp). Overflows to inf
// and underflows to 0 as std::exp does.
double PortableExp(double x);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SCENARIO_DISTRIBUTIONS_H_
