#include "sim/scenario/distributions.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace vmsim::sim {
namespace {

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;  // Clang 14 lacks CTAD for aggregates

constexpr double kInf = std::numeric_limits<double>::infinity();
// ln 2 split so that k * kLn2Hi is exact for |k| < 2^20 (fdlibm's constants).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.70710678118654752440;

// 1/k! for k = 0..13, folded at compile time (IEEE division in GCC and Clang alike).
constexpr std::array<double, 14> kInvFactorial = [] {
  std::array<double, 14> f{};
  f[0] = 1;
  for (size_t k = 1; k < f.size(); ++k) f[k] = f[k - 1] / static_cast<double>(k);
  return f;
}();

// The shortest text that reads back as `x`: -3 -> "-3", 0.25 -> "0.25".
std::string Num(double x) {
  std::array<char, 32> buf{};
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  return std::string(buf.data(), result.ptr);
}

core::Status Invalid(std::string message) {
  return core::Status(core::ErrorKind::kInvalidRequest, std::move(message));
}

// Rounds half away from zero and saturates, so no out-of-range cast is undefined.
int64_t RoundSaturating(double x) {
  const double r = std::round(x);
  if (std::isnan(r)) return 0;
  if (r >= 0x1p63) return std::numeric_limits<int64_t>::max();
  if (r < -0x1p63) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(r);
}

}  // namespace

double PortableLog(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -kInf;
  if (std::isinf(x)) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // x = m * 2^e exactly, m in [0.5, 1)
  if (m < kSqrtHalf) {
    m *= 2;
    --e;
  }
  // log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...) with s = (m-1)/(m+1), |s| < 0.1716:
  // twelve terms take the remainder below 2^-53 of the sum.
  constexpr std::array<double, 12> kInvOdd = {1.0,      1.0 / 3,  1.0 / 5,  1.0 / 7,
                                              1.0 / 9,  1.0 / 11, 1.0 / 13, 1.0 / 15,
                                              1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23};
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  double series = kInvOdd.back();
  for (size_t i = kInvOdd.size() - 1; i-- > 0;) series = series * s2 + kInvOdd[i];
  const double log_m = 2 * s * series;
  const double de = e;
  return de * kLn2Hi + (log_m + de * kLn2Lo);
}

double PortableExp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893383973096) return kInf;
  if (x < -745.13321910194110842) return 0;
  // e^x = 2^k e^r with |r| <= ln2/2; ldexp applies 2^k exactly.
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  // Taylor series through r^13/13!, whose remainder is below 2^-53 for |r| < 0.35.
  double p = kInvFactorial.back();
  for (size_t i = kInvFactorial.size() - 1; i-- > 0;) p = p * r + kInvFactorial[i];
  return std::ldexp(p, static_cast<int>(k));
}

Distribution::Distribution() : kind_(ConstantKind{0}) {}

core::Result<Distribution> Distribution::Constant(double value) {
  if (!std::isfinite(value)) return Invalid("constant value must be finite, got " + Num(value));
  return Distribution(ConstantKind{value});
}

core::Result<Distribution> Distribution::Uniform(double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    return Invalid("uniform bounds must be finite, got lo=" + Num(lo) + " hi=" + Num(hi));
  }
  if (lo > hi) {
    return Invalid("uniform lo must not exceed hi, got lo=" + Num(lo) + " hi=" + Num(hi));
  }
  if (!std::isfinite(hi - lo)) {
    return Invalid("uniform range is too wide, got lo=" + Num(lo) + " hi=" + Num(hi));
  }
  return Distribution(UniformKind{lo, hi});
}

core::Result<Distribution> Distribution::Exponential(double mean) {
  if (!std::isfinite(mean) || mean <= 0) {
    return Invalid("exponential mean must be positive, got " + Num(mean));
  }
  return Distribution(ExponentialKind{mean});
}

core::Result<Distribution> Distribution::Normal(double mean, double stddev) {
  if (!std::isfinite(mean)) return Invalid("normal mean must be finite, got " + Num(mean));
  if (!std::isfinite(stddev) || stddev < 0) {
    return Invalid("normal stddev must be non-negative, got " + Num(stddev));
  }
  return Distribution(NormalKind{mean, stddev});
}

core::Result<Distribution> Distribution::LogNormal(double mean, double stddev) {
  if (!std::isfinite(mean) || mean <= 0) {
    return Invalid("lognormal mean must be positive, got " + Num(mean));
  }
  if (!std::isfinite(stddev) || stddev < 0) {
    return Invalid("lognormal stddev must be non-negative, got " + Num(stddev));
  }
  const double cv = stddev / mean;
  const double sigma2 = PortableLog(1 + cv * cv);
  if (!std::isfinite(sigma2)) {
    return Invalid("lognormal stddev is too large for its mean, got mean=" + Num(mean) +
                   " stddev=" + Num(stddev));
  }
  return Distribution(LogNormalKind{mean, PortableLog(mean) - sigma2 / 2, std::sqrt(sigma2)});
}

core::Result<Distribution> Distribution::WeightedDiscrete(std::vector<double> values,
                                                          std::vector<double> weights) {
  if (values.empty()) return Invalid("weighted discrete needs at least one value");
  if (values.size() != weights.size()) {
    return Invalid("weighted discrete has " + std::to_string(values.size()) + " values but " +
                   std::to_string(weights.size()) + " weights");
  }
  std::vector<double> cumulative;
  cumulative.reserve(weights.size());
  double total = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return Invalid("weighted discrete value " + std::to_string(i) + " must be finite, got " +
                     Num(values[i]));
    }
    if (!std::isfinite(weights[i]) || weights[i] < 0) {
      return Invalid("weighted discrete weight " + std::to_string(i) +
                     " must be non-negative, got " + Num(weights[i]));
    }
    total += weights[i];
    cumulative.push_back(total);
  }
  if (total == 0) return Invalid("weighted discrete weights must not all be zero");
  if (!std::isfinite(total)) return Invalid("weighted discrete weights sum to infinity");
  double mean = 0;
  for (size_t i = 0; i < values.size(); ++i) mean += values[i] * (weights[i] / total);
  return Distribution(WeightedDiscreteKind{std::move(values), std::move(cumulative), mean});
}

core::Result<Distribution> Distribution::Empirical(std::vector<double> samples) {
  if (samples.empty()) return Invalid("empirical needs at least one sample");
  double sum = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    if (!std::isfinite(samples[i])) {
      return Invalid("empirical sample " + std::to_string(i) + " must be finite, got " +
                     Num(samples[i]));
    }
    sum += samples[i];
  }
  const double mean = sum / static_cast<double>(samples.size());
  return Distribution(EmpiricalKind{std::move(samples), mean});
}

double Distribution::SampleStandardNormal(core::Rng& rng) {
  while (true) {
    const double u = 2 * rng.Uniform01() - 1;  // exact: Uniform01 is a multiple of 2^-53
    const double v = 2 * rng.Uniform01() - 1;
    const double s = u * u + v * v;
    if (s > 0 && s < 1) return u * std::sqrt(-2 * PortableLog(s) / s);
  }
}

double Distribution::Sample(core::Rng& rng) const {
  return std::visit(
      Overloaded{
          [](const ConstantKind& k) { return k.value; },
          [&](const UniformKind& k) { return k.lo + (k.hi - k.lo) * rng.Uniform01(); },
          // 1 - u is in (0, 1], so the log is finite.
          [&](const ExponentialKind& k) { return -k.mean * PortableLog(1 - rng.Uniform01()); },
          [&](const NormalKind& k) { return k.mean + k.stddev * SampleStandardNormal(rng); },
          [&](const LogNormalKind& k) {
            return PortableExp(k.mu + k.sigma * SampleStandardNormal(rng));
          },
          [&](const WeightedDiscreteKind& k) {
            // u < 1 makes target < total (round to nearest cannot reach it), so the search
            // finds an index, and one whose weight is positive.
            const double target = rng.Uniform01() * k.cumulative.back();
            const auto it = std::upper_bound(k.cumulative.begin(), k.cumulative.end(), target);
            assert(it != k.cumulative.end());
            return k.values[static_cast<size_t>(it - k.cumulative.begin())];
          },
          [&](const EmpiricalKind& k) {
            const int64_t last = static_cast<int64_t>(k.samples.size()) - 1;
            return k.samples[static_cast<size_t>(rng.UniformInt(0, last))];
          },
      },
      kind_);
}

core::Duration Distribution::SampleDuration(core::Rng& rng) const {
  return core::Duration::Micros(
      std::clamp<int64_t>(RoundSaturating(Sample(rng)), 0, kMaxSampledMicros));
}

int64_t Distribution::SampleInt(core::Rng& rng) const { return RoundSaturating(Sample(rng)); }

double Distribution::Mean() const {
  return std::visit(Overloaded{
                        [](const ConstantKind& k) { return k.value; },
                        [](const UniformKind& k) { return k.lo + (k.hi - k.lo) / 2; },
                        [](const ExponentialKind& k) { return k.mean; },
                        [](const NormalKind& k) { return k.mean; },
                        [](const LogNormalKind& k) { return k.mean; },
                        [](const WeightedDiscreteKind& k) { return k.mean; },
                        [](const EmpiricalKind& k) { return k.mean; },
                    },
                    kind_);
}

}  // namespace vmsim::sim
