// Pins the sample statistics against hand-computed values.
#include "sim/sweep/stats.h"

#include <gtest/gtest.h>

namespace vmsim::sim {
namespace {

TEST(Stats, MeanSdCiP90MinMaxMatchHandComputedValues) {
  // Sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32, sd = sqrt(32/7).
  const SampleStats s = Describe({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_EQ(s.n, 8);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_NEAR(s.sd, 2.1380899, 1e-7);
  // Half-width t(0.975, 7) * sd / sqrt(8) = 2.36462 * 2.1380899 / 2.8284271.
  EXPECT_NEAR(s.ci_low, 5.0 - 1.7874847, 1e-6);
  EXPECT_NEAR(s.ci_high, 5.0 + 1.7874847, 1e-6);
  EXPECT_EQ(s.p90, 9.0) << "nearest rank: ceil(0.9 * 8) = 8th value";
  EXPECT_EQ(s.min, 2.0);
  EXPECT_EQ(s.max, 9.0);
}

TEST(Stats, P90IsTheNearestRank) {
  std::vector<double> v;
  for (int i = 20; i >= 1; --i) v.push_back(i);  // order does not matter
  EXPECT_EQ(Describe(v).p90, 18.0);
}

TEST(Stats, ConstantValuesHaveAZeroWidthInterval) {
  const SampleStats s = Describe({0.25, 0.25, 0.25});
  EXPECT_EQ(s.sd, 0.0);
  EXPECT_EQ(s.ci_low, 0.25);
  EXPECT_EQ(s.ci_high, 0.25);
}

TEST(Stats, OneValueHasNoSpreadAndNoneIsAllZero) {
  const SampleStats one = Describe({3});
  EXPECT_EQ(one.n, 1);
  EXPECT_EQ(one.sd, 0.0);
  EXPECT_EQ(one.ci_low, 3.0);
  EXPECT_EQ(one.ci_high, 3.0);
  const SampleStats none = Describe({});
  EXPECT_EQ(none.n, 0);
  EXPECT_EQ(none.mean, 0.0);
}

TEST(Stats, StudentTQuantilesMatchTables) {
  EXPECT_DOUBLE_EQ(StudentT975(1), 12.7062);
  EXPECT_DOUBLE_EQ(StudentT975(9), 2.26216);
  EXPECT_DOUBLE_EQ(StudentT975(30), 2.04227);
  // Beyond the table: the expansion against published values.
  EXPECT_NEAR(StudentT975(40), 2.02108, 2e-5);
  EXPECT_NEAR(StudentT975(60), 2.00030, 2e-5);
  EXPECT_NEAR(StudentT975(120), 1.97993, 2e-5);
  EXPECT_NEAR(StudentT975(100000), 1.95998, 2e-5);
  // Monotone across the table's end.
  EXPECT_LT(StudentT975(31), StudentT975(30));
}

}  // namespace
}  // namespace vmsim::sim
