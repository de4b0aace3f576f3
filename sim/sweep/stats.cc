#include "sim/sweep/stats.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>

namespace vmsim::sim {
namespace {

// t(0.975, df) for df = 1..30 (standard tables, 6 significant digits).
constexpr std::array<double, 30> kT975 = {
    12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.30600, 2.26216, 2.22814,
    2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596,
    2.07961, 2.07387, 2.06866, 2.06390, 2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227};

// The 0.975 quantile of the standard normal.
constexpr double kZ975 = 1.959963984540054;

}  // namespace

double StudentT975(int64_t df) {
  assert(df >= 1);
  if (df <= static_cast<int64_t>(kT975.size())) return kT975[static_cast<size_t>(df - 1)];
  // Cornish-Fisher expansion of t in powers of 1/df (Abramowitz & Stegun 26.7.5).
  const double z = kZ975, v = static_cast<double>(df);
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  const double g1 = (z3 + z) / 4;
  const double g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const double g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  return z + g1 / v + g2 / (v * v) + g3 / (v * v * v);
}

SampleStats Describe(const std::vector<double>& values) {
  SampleStats s;
  s.n = static_cast<int64_t>(values.size());
  if (values.empty()) return s;
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.sd = s.n > 1 ? std::sqrt(squares / static_cast<double>(s.n - 1)) : 0.0;
  const double half =
      s.n > 1 ? StudentT975(s.n - 1) * s.sd / std::sqrt(static_cast<double>(s.n)) : 0.0;
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const size_t rank = (90 * sorted.size() + 99) / 100;
  s.p90 = sorted[std::max<size_t>(rank, 1) - 1];
  s.min = sorted.front();
  s.max = sorted.back();
  return s;
}

}  // namespace vmsim::sim
