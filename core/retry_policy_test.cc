#include "core/retry_policy.h"

#include <gtest/gtest.h>

namespace vmsim::core {
namespace {

const Status kTransient(ErrorKind::kHostUnavailable, "MAAS 503: Failed talking to pod");

TEST(RetryPolicy, BackoffDoublesWithEqualJitterUpToTheCap) {
  RetryPolicy p;
  p.max_attempts = 20;
  p.max_total = Duration::Hours(10);
  Rng rng(1);
  for (int attempts = 1; attempts <= 8; ++attempts) {
    int64_t backoff = std::min<int64_t>(Duration::Seconds(2).micros() << (attempts - 1),
                                        Duration::Minutes(1).micros());
    for (int i = 0; i < 50; ++i) {
      const auto wait = p.NextDelay(attempts, Duration(), kTransient, rng);
      ASSERT_TRUE(wait.has_value());
      EXPECT_GE(wait->micros(), backoff / 2);
      EXPECT_LE(wait->micros(), backoff);
    }
  }
}

TEST(RetryPolicy, NonRetryableKindsFailAtOnce) {
  RetryPolicy p;
  Rng rng(1);
  for (ErrorKind k :
       {ErrorKind::kProfileNotFound, ErrorKind::kProjectNotFound, ErrorKind::kStorageConfiguration,
        ErrorKind::kInvalidRequest, ErrorKind::kNotFound, ErrorKind::kOutcomeUnknown}) {
    EXPECT_FALSE(p.NextDelay(1, Duration(), Status(k, "x"), rng).has_value()) << ErrorKindName(k);
  }
}

TEST(RetryPolicy, StopsAfterMaxAttemptsOrMaxTotal) {
  RetryPolicy p;
  p.max_attempts = 3;
  Rng rng(1);
  EXPECT_TRUE(p.NextDelay(2, Duration(), kTransient, rng).has_value());
  EXPECT_FALSE(p.NextDelay(3, Duration(), kTransient, rng).has_value());
  EXPECT_FALSE(p.NextDelay(1, Duration::Minutes(15), kTransient, rng).has_value());
}

TEST(RetryPolicy, WaitsAtLeastTheServersRetryAfter) {
  RetryPolicy p;
  Rng rng(1);
  const Status busy =
      Status(ErrorKind::kHostUnavailable, "no rack").WithRetryAfter(Duration::Seconds(10));
  const auto wait = p.NextDelay(1, Duration(), busy, rng);
  ASSERT_TRUE(wait.has_value());
  EXPECT_GE(*wait, Duration::Seconds(10));
}

TEST(RetryPolicy, SameSeedSameWaits) {
  RetryPolicy p;
  Rng a(9), b(9);
  for (int i = 1; i < 5; ++i) {
    EXPECT_EQ(p.NextDelay(i, Duration(), kTransient, a), p.NextDelay(i, Duration(), kTransient, b));
  }
}

}  // namespace
}  // namespace vmsim::core
