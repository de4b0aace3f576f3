// Pins the seed's error contract: LXDError's text form and IsRetryableError's answers
// (pkg/maas/lxd/errors.go, reference 8.6), plus Result's value-or-error behaviour.
#include "core/status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/time.h"

namespace vmsim::core {

void PrintTo(const Duration& d, std::ostream* os) { *os << d.micros() << "us"; }

namespace {

constexpr ErrorKind kAllKinds[] = {
    ErrorKind::kHostUnavailable,    ErrorKind::kInsufficientResources, ErrorKind::kVMCreationFailed,
    ErrorKind::kVMDeploymentFailed, ErrorKind::kNetworkConfiguration,  ErrorKind::kProfileNotFound,
    ErrorKind::kProjectNotFound,    ErrorKind::kStorageConfiguration,  ErrorKind::kInvalidRequest,
    ErrorKind::kNotFound,           ErrorKind::kAlreadyExists,         ErrorKind::kPermissionDenied,
    ErrorKind::kUnsupported,        ErrorKind::kOutcomeUnknown,
};

TEST(StatusToString, SeedFormWithHost) {
  const Status s(ErrorKind::kHostUnavailable, "connection refused", "3");
  EXPECT_EQ(s.ToString(), "LXD HostUnavailable [host:3]: connection refused");
}

TEST(StatusToString, SeedFormWithoutHost) {
  const Status s(ErrorKind::kStorageConfiguration, "bad disk");
  EXPECT_EQ(s.ToString(), "LXD StorageConfiguration: bad disk");
}

TEST(StatusToString, WithHostAddsTheHostAfterConstruction) {
  const Status s = Status(ErrorKind::kVMCreationFailed, "boom").WithHost("lxd-7");
  EXPECT_EQ(s.host_id(), "lxd-7");
  EXPECT_EQ(s.ToString(), "LXD VMCreationFailed [host:lxd-7]: boom");
}

TEST(StatusToString, OkIsOk) {
  EXPECT_EQ(Status().ToString(), "OK");
  EXPECT_EQ(Status::Ok().ToString(), "OK");
}

TEST(ErrorKindName, SeedKindsKeepTheSeedsNames) {
  EXPECT_EQ(ErrorKindName(ErrorKind::kHostUnavailable), "HostUnavailable");
  EXPECT_EQ(ErrorKindName(ErrorKind::kInsufficientResources), "InsufficientResources");
  EXPECT_EQ(ErrorKindName(ErrorKind::kProfileNotFound), "ProfileNotFound");
  EXPECT_EQ(ErrorKindName(ErrorKind::kProjectNotFound), "ProjectNotFound");
  EXPECT_EQ(ErrorKindName(ErrorKind::kVMCreationFailed), "VMCreationFailed");
  EXPECT_EQ(ErrorKindName(ErrorKind::kVMDeploymentFailed), "VMDeploymentFailed");
  EXPECT_EQ(ErrorKindName(ErrorKind::kNetworkConfiguration), "NetworkConfiguration");
  EXPECT_EQ(ErrorKindName(ErrorKind::kStorageConfiguration), "StorageConfiguration");
}

TEST(ErrorKindName, EveryKindHasADistinctName) {
  std::vector<std::string> names;
  for (ErrorKind k : kAllKinds) {
    const std::string name(ErrorKindName(k));
    EXPECT_NE(name, "Unknown");
    EXPECT_THAT(names, ::testing::Not(::testing::Contains(name)));
    names.push_back(name);
  }
}

TEST(IsRetryable, SeedRetryableKinds) {
  EXPECT_TRUE(IsRetryable(ErrorKind::kHostUnavailable));
  EXPECT_TRUE(IsRetryable(ErrorKind::kInsufficientResources));
  EXPECT_TRUE(IsRetryable(ErrorKind::kVMCreationFailed));
  EXPECT_TRUE(IsRetryable(ErrorKind::kVMDeploymentFailed));
  EXPECT_TRUE(IsRetryable(ErrorKind::kNetworkConfiguration));
}

TEST(IsRetryable, SeedNonRetryableKinds) {
  EXPECT_FALSE(IsRetryable(ErrorKind::kProfileNotFound));
  EXPECT_FALSE(IsRetryable(ErrorKind::kProjectNotFound));
  EXPECT_FALSE(IsRetryable(ErrorKind::kStorageConfiguration));
}

TEST(IsRetryable, KindsRealMaasAddsAreNotRetryable) {
  EXPECT_FALSE(IsRetryable(ErrorKind::kInvalidRequest));
  EXPECT_FALSE(IsRetryable(ErrorKind::kNotFound));
  EXPECT_FALSE(IsRetryable(ErrorKind::kAlreadyExists));
  EXPECT_FALSE(IsRetryable(ErrorKind::kPermissionDenied));
  EXPECT_FALSE(IsRetryable(ErrorKind::kUnsupported));
}

TEST(IsRetryable, OutcomeUnknownIsNotBlindlyRetryable) {
  // A compose that timed out may have composed: retrying without reconciling could
  // create a second VM.
  EXPECT_FALSE(IsRetryable(ErrorKind::kOutcomeUnknown));
}

TEST(IsRetryable, ExactlyFiveKindsAreRetryable) {
  int retryable = 0;
  for (ErrorKind k : kAllKinds) retryable += IsRetryable(k) ? 1 : 0;
  EXPECT_EQ(retryable, 5);
}

TEST(Status, DefaultIsOkAndCarriesNoRetryAfter) {
  const Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_FALSE(s.retry_after().has_value());
}

TEST(Status, ErrorCarriesKindMessageAndHost) {
  const Status s(ErrorKind::kNotFound, "No Pod matches the given query.", "9");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(s.message(), "No Pod matches the given query.");
  EXPECT_EQ(s.host_id(), "9");
  EXPECT_FALSE(s.retry_after().has_value());
}

TEST(Status, RetryAfterIsCarried) {
  const Status s =
      Status(ErrorKind::kHostUnavailable, "no rack").WithRetryAfter(Duration::Seconds(10));
  ASSERT_TRUE(s.retry_after().has_value());
  EXPECT_EQ(*s.retry_after(), Duration::Seconds(10));
  // Copies keep it.
  const Status copy = s;
  ASSERT_TRUE(copy.retry_after().has_value());
  EXPECT_EQ(*copy.retry_after(), Duration::Seconds(10));
}

TEST(Status, RetryAfterSurvivesResultStatus) {
  const Result<int> r =
      Status(ErrorKind::kHostUnavailable, "no rack").WithRetryAfter(Duration::Seconds(10));
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(r.status().retry_after().has_value());
  EXPECT_EQ(*r.status().retry_after(), Duration::Seconds(10));
}

TEST(Status, EqualityComparesKindMessageAndHost) {
  const Status a(ErrorKind::kNotFound, "gone", "1");
  EXPECT_EQ(a, Status(ErrorKind::kNotFound, "gone", "1"));
  EXPECT_NE(a, Status(ErrorKind::kInvalidRequest, "gone", "1"));
  EXPECT_NE(a, Status(ErrorKind::kNotFound, "other", "1"));
  EXPECT_NE(a, Status(ErrorKind::kNotFound, "gone", "2"));
  EXPECT_NE(a, Status());
  EXPECT_EQ(Status(), Status::Ok());
}

TEST(Result, HoldsAValue) {
  Result<std::string> r(std::string("abc"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.status().ok());
  EXPECT_EQ(r.value(), "abc");
  EXPECT_EQ(*r, "abc");
  EXPECT_EQ(r->size(), 3u);
  r.value() += "d";
  EXPECT_EQ(*r, "abcd");
}

TEST(Result, HoldsAnError) {
  const Result<int> r = Status(ErrorKind::kInvalidRequest, "bad", "h1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_EQ(r.status().message(), "bad");
  EXPECT_EQ(r.status().host_id(), "h1");
}

TEST(Result, MovesAMoveOnlyValueOut) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(5));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 5);
}

TEST(ResultDeathTest, AnOkStatusIsNotAnError) {
#ifdef NDEBUG
  GTEST_SKIP() << "the check is an assert, compiled out with NDEBUG";
#else
  EXPECT_DEATH(
      {
        Result<int> r{Status::Ok()};
        (void)r;
      },
      "value or an error");
#endif
}

}  // namespace
}  // namespace vmsim::core
