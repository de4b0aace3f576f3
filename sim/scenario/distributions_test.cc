#include "sim/scenario/distributions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/status.h"
#include "core/time.h"

namespace vmsim::sim {
namespace {

// Unwraps a factory result, failing the test (not crashing) on error.
Distribution Make(core::Result<Distribution> r) {
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : Distribution();
}

std::vector<double> FirstSamples(const Distribution& d, int n = 5) {
  core::Rng rng(7);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(d.Sample(rng));
  return out;
}

std::vector<int64_t> FirstInts(const Distribution& d, int n = 5) {
  core::Rng rng(7);
  std::vector<int64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(d.SampleInt(rng));
  return out;
}

void ExpectSamples(const Distribution& d, const std::vector<double>& golden) {
  const std::vector<double> got = FirstSamples(d, static_cast<int>(golden.size()));
  for (size_t i = 0; i < golden.size(); ++i) EXPECT_DOUBLE_EQ(got[i], golden[i]) << "sample " << i;
}

// Golden sequences: the first five draws of each kind from Rng(7). They were computed once
// by this implementation; a change here changes every simulation's output for a given seed,
// so it must be deliberate.
TEST(DistributionGoldenTest, Constant) {
  const Distribution d = Make(Distribution::Constant(2.5));
  ExpectSamples(d, {2.5, 2.5, 2.5, 2.5, 2.5});
  EXPECT_EQ(FirstInts(d), (std::vector<int64_t>{3, 3, 3, 3, 3}));
}

TEST(DistributionGoldenTest, Uniform) {
  const Distribution d = Make(Distribution::Uniform(10, 20));
  ExpectSamples(d, {17.005764821796895, 12.787512294737843, 18.396274618764195, 19.81097725014935,
                    19.908602788330683});
  EXPECT_EQ(FirstInts(d), (std::vector<int64_t>{17, 13, 18, 20, 20}));
}

TEST(DistributionGoldenTest, Exponential) {
  const Distribution d = Make(Distribution::Exponential(90e6));
  ExpectSamples(d, {108530663.42227048, 29409404.92238782, 164723022.6222119, 357162569.51222008,
                    422561286.07935041});
  EXPECT_EQ(FirstInts(d),
            (std::vector<int64_t>{108530663, 29409405, 164723023, 357162570, 422561286}));
}

TEST(DistributionGoldenTest, Normal) {
  const Distribution d = Make(Distribution::Normal(100, 15));
  ExpectSamples(d, {114.46542779088277, 95.441048142015148, 104.5719153748958, 74.484713927588984,
                    74.947449442336278});
  EXPECT_EQ(FirstInts(d), (std::vector<int64_t>{114, 95, 105, 74, 75}));
}

TEST(DistributionGoldenTest, LogNormal) {
  const Distribution d = Make(Distribution::LogNormal(3600e6, 1800e6));
  ExpectSamples(d, {5077951960.7156668, 2789301864.9721231, 3718576933.7313066, 1441715096.4142513,
                    1462878299.93852});
  EXPECT_EQ(FirstInts(d),
            (std::vector<int64_t>{5077951961, 2789301865, 3718576934, 1441715096, 1462878300}));
}

TEST(DistributionGoldenTest, WeightedDiscrete) {
  const Distribution d = Make(Distribution::WeightedDiscrete({1, 2, 4, 8}, {1, 2, 3, 4}));
  EXPECT_EQ(FirstInts(d), (std::vector<int64_t>{8, 2, 8, 8, 8}));
}

TEST(DistributionGoldenTest, Empirical) {
  const Distribution d = Make(Distribution::Empirical({3, 1, 4, 1, 5, 9, 2, 6}));
  EXPECT_EQ(FirstInts(d), (std::vector<int64_t>{4, 4, 2, 3, 3}));
}

TEST(DistributionGoldenTest, SampleDurationIsTheRoundedSampleInMicroseconds) {
  const Distribution d = Make(Distribution::Exponential(90e6));
  core::Rng rng(7);
  std::vector<int64_t> micros;
  for (int i = 0; i < 5; ++i) micros.push_back(d.SampleDuration(rng).micros());
  EXPECT_EQ(micros, FirstInts(d));
}

// The sample mean over 200k draws is within five standard errors of Mean(), and the sample
// standard deviation within `stddev_tolerance` (relative) of `stddev`.
void ExpectMoments(const Distribution& d, double stddev, double stddev_tolerance = 0.01) {
  constexpr int kDraws = 200000;
  core::Rng rng = core::Rng(7).Fork("moments");
  double sum = 0;
  double sum_sq = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = d.Sample(rng);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / kDraws;
  const double sample_stddev = std::sqrt(sum_sq / kDraws - mean * mean);
  EXPECT_NEAR(mean, d.Mean(), 5 * stddev / std::sqrt(kDraws));
  EXPECT_NEAR(sample_stddev, stddev, stddev_tolerance * stddev);
}

TEST(DistributionMomentsTest, Uniform) {
  const Distribution d = Make(Distribution::Uniform(10, 20));
  EXPECT_DOUBLE_EQ(d.Mean(), 15);
  ExpectMoments(d, 10 / std::sqrt(12.0));
}

TEST(DistributionMomentsTest, Exponential) {
  const Distribution d = Make(Distribution::Exponential(90e6));
  EXPECT_DOUBLE_EQ(d.Mean(), 90e6);
  ExpectMoments(d, 90e6);
}

TEST(DistributionMomentsTest, Normal) {
  const Distribution d = Make(Distribution::Normal(100, 15));
  EXPECT_DOUBLE_EQ(d.Mean(), 100);
  ExpectMoments(d, 15);
}

TEST(DistributionMomentsTest, LogNormalHasTheRequestedMeanAndStddev) {
  const Distribution d = Make(Distribution::LogNormal(3600e6, 1800e6));
  EXPECT_DOUBLE_EQ(d.Mean(), 3600e6);
  ExpectMoments(d, 1800e6, 0.03);  // a heavier tail: the sample stddev converges slowly
}

TEST(DistributionMomentsTest, WeightedDiscrete) {
  const Distribution d = Make(Distribution::WeightedDiscrete({1, 2, 4, 8}, {1, 2, 3, 4}));
  EXPECT_DOUBLE_EQ(d.Mean(), (1 * 1 + 2 * 2 + 4 * 3 + 8 * 4) / 10.0);  // 4.9
  ExpectMoments(d, std::sqrt((1 * 1 + 4 * 2 + 16 * 3 + 64 * 4) / 10.0 - 4.9 * 4.9));
}

TEST(DistributionMomentsTest, Empirical) {
  const Distribution d = Make(Distribution::Empirical({3, 1, 4, 1, 5, 9, 2, 6}));
  EXPECT_DOUBLE_EQ(d.Mean(), 31 / 8.0);
  ExpectMoments(d, std::sqrt((9 + 1 + 16 + 1 + 25 + 81 + 4 + 36) / 8.0 - (31 / 8.0) * (31 / 8.0)));
}

TEST(DistributionMomentsTest, SampleDurationMeanMatchesForPositiveDistributions) {
  const Distribution d = Make(Distribution::Exponential(90e6));
  core::Rng rng = core::Rng(7).Fork("durations");
  constexpr int kDraws = 200000;
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) sum += static_cast<double>(d.SampleDuration(rng).micros());
  EXPECT_NEAR(sum / kDraws, 90e6, 5 * 90e6 / std::sqrt(kDraws));
}

// Counts how often each value comes up in `draws` samples.
std::vector<double> Frequencies(const Distribution& d, const std::vector<double>& values,
                                int draws) {
  core::Rng rng = core::Rng(7).Fork("frequencies");
  std::vector<double> freq(values.size(), 0);
  for (int i = 0; i < draws; ++i) {
    const double x = d.Sample(rng);
    size_t j = 0;
    while (j < values.size() && values[j] != x) ++j;
    EXPECT_LT(j, values.size()) << "drew " << x << ", which is not one of the values";
    if (j < values.size()) freq[j] += 1.0 / draws;
  }
  return freq;
}

TEST(DistributionWeightedDiscreteTest, FrequenciesFollowTheWeights) {
  const Distribution d =
      Make(Distribution::WeightedDiscrete({10, 20, 30, 40, 50}, {1, 0, 2, 7, 0}));
  const std::vector<double> freq = Frequencies(d, {10, 20, 30, 40, 50}, 200000);
  EXPECT_NEAR(freq[0], 0.1, 0.005);
  EXPECT_EQ(freq[1], 0) << "a zero weight is never chosen";
  EXPECT_NEAR(freq[2], 0.2, 0.005);
  EXPECT_NEAR(freq[3], 0.7, 0.005);
  EXPECT_EQ(freq[4], 0) << "a trailing zero weight is never chosen";
}

TEST(DistributionWeightedDiscreteTest, SingleValueIsAlwaysChosen) {
  const Distribution d = Make(Distribution::WeightedDiscrete({42}, {0.5}));
  EXPECT_EQ(FirstInts(d, 100), std::vector<int64_t>(100, 42));
}

TEST(DistributionEmpiricalTest, DrawsOnlyObservedValuesEachIndexEquallyLikely) {
  const Distribution d = Make(Distribution::Empirical({3, 1, 4, 1, 5}));
  const std::vector<double> freq = Frequencies(d, {1, 3, 4, 5}, 200000);
  EXPECT_NEAR(freq[0], 0.4, 0.005);  // 1 appears twice
  EXPECT_NEAR(freq[1], 0.2, 0.005);
  EXPECT_NEAR(freq[2], 0.2, 0.005);
  EXPECT_NEAR(freq[3], 0.2, 0.005);
}

TEST(DistributionRoundingTest, SampleIntRoundsHalfAwayFromZero) {
  EXPECT_EQ(FirstInts(Make(Distribution::Constant(2.5)), 1)[0], 3);
  EXPECT_EQ(FirstInts(Make(Distribution::Constant(-2.5)), 1)[0], -3);
  EXPECT_EQ(FirstInts(Make(Distribution::Constant(2.4999)), 1)[0], 2);
}

TEST(DistributionRoundingTest, SampleIntSaturatesAtTheInt64Range) {
  EXPECT_EQ(FirstInts(Make(Distribution::Constant(1e300)), 1)[0], INT64_MAX);
  EXPECT_EQ(FirstInts(Make(Distribution::Constant(-1e300)), 1)[0], INT64_MIN);
}

TEST(DistributionRoundingTest, SampleDurationRoundsToMicrosAndClampsAtZero) {
  core::Rng rng(7);
  EXPECT_EQ(Make(Distribution::Constant(1.5e6)).SampleDuration(rng),
            core::Duration::Seconds(1) + core::Duration::Millis(500));
  EXPECT_EQ(Make(Distribution::Constant(0.5)).SampleDuration(rng), core::Duration::Micros(1));
  EXPECT_EQ(Make(Distribution::Constant(-1e300)).SampleDuration(rng), core::Duration());
  const Distribution negative = Make(Distribution::Normal(-1000, 10));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(negative.SampleDuration(rng), core::Duration());
}

TEST(DistributionValidationTest, DegenerateParametersAreAccepted) {
  EXPECT_EQ(FirstSamples(Make(Distribution::Uniform(3, 3))), std::vector<double>(5, 3));
  EXPECT_EQ(FirstSamples(Make(Distribution::Normal(5, 0))), std::vector<double>(5, 5));
  for (double x : FirstSamples(Make(Distribution::LogNormal(10, 0)))) EXPECT_DOUBLE_EQ(x, 10);
}

TEST(DistributionValidationTest, DefaultIsConstantZero) {
  EXPECT_EQ(Distribution(), Make(Distribution::Constant(0)));
  EXPECT_EQ(Distribution().Mean(), 0);
}

void ExpectInvalid(const core::Result<Distribution>& r, const std::string& message) {
  ASSERT_FALSE(r.ok()) << "expected: " << message;
  EXPECT_EQ(r.status().kind(), core::ErrorKind::kInvalidRequest);
  EXPECT_EQ(r.status().message(), message);
}

TEST(DistributionValidationTest, BadParametersAreRejectedWithTheValueGiven) {
  const double inf = INFINITY;
  ExpectInvalid(Distribution::Constant(NAN), "constant value must be finite, got nan");
  ExpectInvalid(Distribution::Uniform(5, 2), "uniform lo must not exceed hi, got lo=5 hi=2");
  ExpectInvalid(Distribution::Uniform(-inf, 0), "uniform bounds must be finite, got lo=-inf hi=0");
  ExpectInvalid(Distribution::Uniform(-1e308, 1e308),
                "uniform range is too wide, got lo=-1e+308 hi=1e+308");
  ExpectInvalid(Distribution::Exponential(-3), "exponential mean must be positive, got -3");
  ExpectInvalid(Distribution::Exponential(0), "exponential mean must be positive, got 0");
  ExpectInvalid(Distribution::Exponential(inf), "exponential mean must be positive, got inf");
  ExpectInvalid(Distribution::Normal(NAN, 1), "normal mean must be finite, got nan");
  ExpectInvalid(Distribution::Normal(0, -1), "normal stddev must be non-negative, got -1");
  ExpectInvalid(Distribution::LogNormal(0, 1), "lognormal mean must be positive, got 0");
  ExpectInvalid(Distribution::LogNormal(1, -0.5),
                "lognormal stddev must be non-negative, got -0.5");
  ExpectInvalid(Distribution::LogNormal(1e-300, 1e300),
                "lognormal stddev is too large for its mean, got mean=1e-300 stddev=1e+300");
  ExpectInvalid(Distribution::WeightedDiscrete({}, {}),
                "weighted discrete needs at least one value");
  ExpectInvalid(Distribution::WeightedDiscrete({1, 2}, {1}),
                "weighted discrete has 2 values but 1 weights");
  ExpectInvalid(Distribution::WeightedDiscrete({1, inf}, {1, 1}),
                "weighted discrete value 1 must be finite, got inf");
  ExpectInvalid(Distribution::WeightedDiscrete({1, 2}, {1, -2}),
                "weighted discrete weight 1 must be non-negative, got -2");
  ExpectInvalid(Distribution::WeightedDiscrete({1, 2}, {0, 0}),
                "weighted discrete weights must not all be zero");
  ExpectInvalid(Distribution::WeightedDiscrete({1, 2}, {1e308, 1e308}),
                "weighted discrete weights sum to infinity");
  ExpectInvalid(Distribution::Empirical({}), "empirical needs at least one sample");
  ExpectInvalid(Distribution::Empirical({1, inf}), "empirical sample 1 must be finite, got inf");
}

TEST(DistributionStreamTest, SameSeedAndNameGiveTheSameSequence) {
  const Distribution d = Make(Distribution::Normal(0, 1));
  core::Rng a = core::Rng(99).Fork("arrivals");
  core::Rng b = core::Rng(99).Fork("arrivals");
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(d.Sample(a), d.Sample(b)) << "draw " << i;
}

TEST(DistributionStreamTest, DrawsFromOneForkDoNotShiftAnother) {
  const Distribution arrivals = Make(Distribution::Exponential(10));
  const Distribution sizes = Make(Distribution::LogNormal(8, 4));
  const core::Rng root(7);
  core::Rng alone = root.Fork("arrivals");
  std::vector<double> expected;
  for (int i = 0; i < 100; ++i) expected.push_back(arrivals.Sample(alone));

  core::Rng arrivals_rng = root.Fork("arrivals");
  core::Rng sizes_rng = root.Fork("sizes");
  for (int i = 0; i < 100; ++i) {
    for (int j = 0; j <= i % 3; ++j) sizes.Sample(sizes_rng);  // interleaved, varying count
    ASSERT_EQ(arrivals.Sample(arrivals_rng), expected[static_cast<size_t>(i)]) << "draw " << i;
  }
}

TEST(DistributionStreamTest, ForkedStreamsAreUncorrelated) {
  const Distribution d = Make(Distribution::Normal(0, 1));
  core::Rng a = core::Rng(7).Fork("a");
  core::Rng b = core::Rng(7).Fork("b");
  constexpr int kDraws = 200000;
  double sum_ab = 0;
  int equal = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = d.Sample(a);
    const double y = d.Sample(b);
    sum_ab += x * y;
    if (x == y) ++equal;
  }
  EXPECT_EQ(equal, 0);
  // Both are standard normal, so the mean product is the correlation; its standard error is
  // 1/sqrt(kDraws) ~ 0.0022.
  EXPECT_NEAR(sum_ab / kDraws, 0, 0.011);
}

// Ulps between two doubles of the same sign.
double UlpDistance(double x, double y) {
  if (x == y) return 0;
  return std::fabs(x - y) / std::fabs(std::nextafter(y, INFINITY) - y);
}

TEST(DistributionPortableMathTest, SpecialValues) {
  EXPECT_EQ(PortableLog(1), 0);
  EXPECT_EQ(PortableLog(0), -INFINITY);
  EXPECT_EQ(PortableLog(INFINITY), INFINITY);
  EXPECT_TRUE(std::isnan(PortableLog(-1)));
  EXPECT_TRUE(std::isnan(PortableLog(NAN)));
  EXPECT_EQ(PortableExp(0), 1);
  EXPECT_EQ(PortableExp(1000), INFINITY);
  EXPECT_EQ(PortableExp(-1000), 0);
  EXPECT_EQ(PortableExp(-INFINITY), 0);
  EXPECT_TRUE(std::isnan(PortableExp(NAN)));
}

TEST(DistributionPortableMathTest, LogIsWithinAFewUlpOfTheCLibrary) {
  core::Rng rng(7);
  double worst = 0;
  for (int i = 0; i < 100000; ++i) {
    // Spread over many binades, including near 1 where the result is small.
    const double x = std::ldexp(0.5 + rng.Uniform01(), static_cast<int>(rng.UniformInt(-60, 60)));
    const double ulps = UlpDistance(PortableLog(x), std::log(x));
    if (ulps > worst) worst = ulps;
    ASSERT_LE(ulps, 4) << "log(" << x << ")";
  }
  RecordProperty("worst_ulps", std::to_string(worst));
}

TEST(DistributionPortableMathTest, ExpIsWithinAFewUlpOfTheCLibrary) {
  core::Rng rng(7);
  for (int i = 0; i < 100000; ++i) {
    const double x = -700 + 1400 * rng.Uniform01();
    ASSERT_LE(UlpDistance(PortableExp(x), std::exp(x)), 4) << "exp(" << x << ")";
  }
  for (double x : {-1e-10, 1e-10, 0.5, 1.0, 2.0, 709.0}) {
    EXPECT_LE(UlpDistance(PortableExp(x), std::exp(x)), 4) << "exp(" << x << ")";
  }
}

}  // namespace
}  // namespace vmsim::sim
