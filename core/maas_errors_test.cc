// Pins how each error answer real MAAS gives (reference sections 2.5, 2.6, 3, 6, 7 and 9
// item 20) maps to one ErrorKind, so every VMHostExtension reports a failure the same way.
#include "core/maas_errors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "core/time.h"

namespace vmsim::core {

void PrintTo(ErrorKind kind, std::ostream* os) { *os << ErrorKindName(kind); }

namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Case {
  std::string name;  // what situation MAAS is in
  int status;
  std::string body;
  bool json;
  CallKind call;
  ErrorKind want;
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

MaasError Error(int status, std::string body, bool is_json = false) {
  MaasError e;
  e.http_status = status;
  e.body = std::move(body);
  e.body_is_json = is_json;
  return e;
}

constexpr CallKind kRead = CallKind::kRead;
constexpr CallKind kMutation = CallKind::kMutation;

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      // 2.6 / 9.20: 400 JSON field errors from ComposeMachineForm.
      {"storage malformed", 400,
       R"({"storage": ["Malformed storage constraint, \"root:20, data:1\"."]})", true, kMutation,
       ErrorKind::kStorageConfiguration},
      {"hostname already exists", 400,
       R"({"hostname": ["Node with hostname \"vm-1\" already exists"]})", true, kMutation,
       ErrorKind::kAlreadyExists},
      {"cores over the per-VM cap", 400,
       R"({"cores": ["Ensure this value is less than or equal to 16."]})", true, kMutation,
       ErrorKind::kInsufficientResources},
      {"memory over the per-VM cap", 400,
       R"({"memory": ["Ensure this value is less than or equal to 15916."]})", true, kMutation,
       ErrorKind::kInsufficientResources},
      {"cap of 10 is not a cap of 0", 400,
       R"({"cores": ["Ensure this value is less than or equal to 10."]})", true, kMutation,
       ErrorKind::kInsufficientResources},
      // 2.6 / 9.23: host totals not known yet (terraform-provider-maas #162).
      {"totals not known yet", 400,
       R"({"cores": ["Ensure this value is less than or equal to 0."],
           "memory": ["Ensure this value is less than or equal to 0."]})",
       true, kMutation, ErrorKind::kHostUnavailable},
      {"memory under the minimum", 400,
       R"({"memory": ["Ensure this value is greater than or equal to 1024."]})", true, kMutation,
       ErrorKind::kInvalidRequest},
      {"cores not a number", 400, R"({"cores": ["Enter a whole number."]})", true, kMutation,
       ErrorKind::kInvalidRequest},
      {"bad architecture", 400,
       R"({"architecture": ["Select a valid choice. amd64 is not one of the available choices."]})",
       true, kMutation, ErrorKind::kInvalidRequest},
      {"bad zone id", 400,
       R"({"zone": ["Select a valid choice. That choice is not one of the available choices."]})",
       true, kMutation, ErrorKind::kInvalidRequest},
      {"malformed interfaces constraint", 400,
       R"j({"interfaces": ["Malformed constraint: 'eth0' (required format: '<label>:<key>=<value>[,<key2>=<value2>[,...]]')"]})j",
       true, kMutation, ErrorKind::kInvalidRequest},
      {"hostname invalid", 400, R"({"hostname": ["Host label cannot contain underscore: 'a_b'."]})",
       true, kMutation, ErrorKind::kInvalidRequest},
      // 2.6: 400 text/plain.
      {"not composable", 400, "VM host does not support composability.", false, kMutation,
       ErrorKind::kInvalidRequest},
      {"unknown op", 400, "Unrecognised signature: method=POST op=foo", false, kMutation,
       ErrorKind::kInvalidRequest},
      // 2.4 / 2.6: interface-constraint semantic failures.
      {"interfaces need a known host", 400,
       "Pod must be on a known host if interfaces are specified.", false, kMutation,
       ErrorKind::kNetworkConfiguration},
      {"networks do not match", 400, "This pod does not match the specified networks.", false,
       kMutation, ErrorKind::kNetworkConfiguration},
      {"no DHCP", 400,
       "MAAS DHCP must be enabled on at least one VLAN attached to the specified interfaces.",
       false, kMutation, ErrorKind::kNetworkConfiguration},
      // 7: authentication.
      {"missing OAuth parameter", 400, "Bad Request: Missing OAuth parameter", false, kRead,
       ErrorKind::kInvalidRequest},
      {"not authenticated", 401, "Authorization Error: Invalid API key.", false, kRead,
       ErrorKind::kPermissionDenied},
      {"expired timestamp", 401,
       "Authorization Error: 'Expired timestamp: given 1 and now 400 has a greater difference "
       "than threshold 300'",
       false, kMutation, ErrorKind::kPermissionDenied},
      {"not admin", 403, "This method is reserved for admin users.", false, kMutation,
       ErrorKind::kPermissionDenied},
      // 2.6 / 3: not found.
      {"unknown vm host", 404, "No Pod matches the given query.", false, kRead,
       ErrorKind::kNotFound},
      {"unknown machine", 404, "No Machine matches the given query.", false, kMutation,
       ErrorKind::kNotFound},
      // 3: state.
      {"release in the wrong state", 409,
       "Machine cannot be released in its current state ('Commissioning').", false, kMutation,
       ErrorKind::kVMDeploymentFailed},
      // 0 / 9.25: MAAS master.
      {"vm hosts removed", 410, "VM host (KVM) support has been removed from MAAS.", false, kRead,
       ErrorKind::kUnsupported},
      // 2.3 / 2.6: storage does not fit (500, inferred).
      {"named pools full", 500, "Not enough storage space on storage pools: default", false,
       kMutation, ErrorKind::kInsufficientResources},
      {"default pool full", 500, "Not enough space in default storage pool: default", false,
       kMutation, ErrorKind::kInsufficientResources},
      {"every pool full", 500, "Not enough storage space on any storage pools: a, b", false,
       kMutation, ErrorKind::kInsufficientResources},
      {"unhandled exception", 500, "Internal server error.", false, kMutation,
       ErrorKind::kVMCreationFailed},
      // 2.5: over-commit.
      {"cpu over-commit", 503,
       "Unable to compose KVM instance in 'lxd-host-1'. CPU overcommit ratio is 1.0 and there "
       "are 2 available resources; 4 requested.",
       false, kMutation, ErrorKind::kInsufficientResources},
      {"cpu and memory over-commit", 503,
       "Unable to compose KVM instance in 'lxd-host-1'. CPU overcommit ratio is 1.0 and there "
       "are 2 available resources; 4 requested.Memory overcommit ratio is 1.0 and there are "
       "1024 available resources; 4096 requested.",
       false, kMutation, ErrorKind::kInsufficientResources},
      // 2.6: the driver timed out after the request was sent.
      {"compose timeout", 503,
       "Unable to compose a machine because 'lxd' driver timed out after 120 seconds.", false,
       kMutation, ErrorKind::kOutcomeUnknown},
      {"timeout on a read", 503,
       "Unable to compose a machine because 'lxd' driver timed out after 120 seconds.", false,
       kRead, ErrorKind::kHostUnavailable},
      // 2.6 / 6: driver failures.
      {"LXD unreachable", 503,
       "Unable to compose machine because: Failed talking to pod: Pod 7: Failed to connect to "
       "the LXD REST API: connection refused",
       false, kMutation, ErrorKind::kHostUnavailable},
      {"could not contact pod", 503, "Could not contact pod: timeout", false, kRead,
       ErrorKind::kHostUnavailable},
      {"refresh without racks", 503,
       "Unable to start the VM host discovery process. No rack controllers connected.", false,
       kMutation, ErrorKind::kHostUnavailable},
      {"certificate not trusted", 503,
       "Unable to compose machine because: Failed talking to pod: VM Host 7: Certificate is not "
       "trusted and no password was given",
       false, kMutation, ErrorKind::kPermissionDenied},
      {"password refused", 503,
       "Unable to compose machine because: Failed talking to pod: VM Host 7: Password "
       "authentication failed: not authorized",
       false, kMutation, ErrorKind::kPermissionDenied},
      {"pod auth error", 503, "Could not authenticate to pod: bad key", false, kMutation,
       ErrorKind::kPermissionDenied},
      {"LXD too old", 503,
       "Unable to compose machine because: Failed talking to pod: Please upgrade your LXD host "
       "to 4.16 or higher to support the following extensions: vm_description",
       false, kMutation, ErrorKind::kUnsupported},
      {"default storage pool missing", 503,
       "Unable to compose machine because: Failed talking to pod: Default storage pool 'x' "
       "doesn't exist.",
       false, kMutation, ErrorKind::kStorageConfiguration},
      {"no NIC parent", 503,
       "Unable to compose machine because: Failed talking to pod: No host network to attach VM "
       "interfaces to",
       false, kMutation, ErrorKind::kNetworkConfiguration},
      // 6 / 9.20: RPC timeouts.
      {"gateway timeout on a mutation", 504, "Gateway Timeout", false, kMutation,
       ErrorKind::kOutcomeUnknown},
      {"gateway timeout on a read", 504, "Gateway Timeout", false, kRead,
       ErrorKind::kHostUnavailable},
      // Other 4xx: the request is wrong.
      {"method not allowed", 405, "Method Not Allowed", false, kRead, ErrorKind::kInvalidRequest},
  };
  return cases;
}

class ClassifyMaasErrorTable : public ::testing::TestWithParam<Case> {};

TEST_P(ClassifyMaasErrorTable, MapsToTheExpectedKind) {
  const Case& c = GetParam();
  const Status s = ClassifyMaasError(Error(c.status, c.body, c.json), c.call, "7");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), c.want) << c.name << ": " << s.ToString();
  EXPECT_THAT(s.message(), StartsWith("MAAS " + std::to_string(c.status) + ": "));
  EXPECT_EQ(s.host_id(), "7");
  EXPECT_FALSE(s.retry_after().has_value());
  if (!c.json) {
    // Text bodies are kept whole after the prefix.
    EXPECT_EQ(s.message(), "MAAS " + std::to_string(c.status) + ": " + c.body);
  }
}

INSTANTIATE_TEST_SUITE_P(MaasReference, ClassifyMaasErrorTable, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& test_info) {
                           std::string name;
                           for (char ch : test_info.param.name) {
                             const bool alnum = (ch >= 'a' && ch <= 'z') ||
                                                (ch >= 'A' && ch <= 'Z') ||
                                                (ch >= '0' && ch <= '9');
                             name += alnum ? ch : '_';
                           }
                           return name;
                         });

TEST(ClassifyMaasError, FieldErrorsAreFlattenedKeepingMaasText) {
  const Status s = ClassifyMaasError(
      Error(400, R"({"cores": ["Ensure this value is less than or equal to 16."]})", true),
      kMutation);
  EXPECT_EQ(s.message(), "MAAS 400: cores: Ensure this value is less than or equal to 16.");
}

TEST(ClassifyMaasError, SeveralFieldErrorsAreAllKept) {
  const Status s =
      ClassifyMaasError(Error(400,
                              R"({"cores": ["Ensure this value is less than or equal to 0."],
                "memory": ["Ensure this value is less than or equal to 0.", "second"]})",
                              true),
                        kMutation);
  EXPECT_THAT(s.message(), StartsWith("MAAS 400: "));
  EXPECT_THAT(s.message(), HasSubstr("cores: Ensure this value is less than or equal to 0."));
  EXPECT_THAT(s.message(), HasSubstr("memory: Ensure this value is less than or equal to 0."));
  EXPECT_THAT(s.message(), HasSubstr("memory: second"));
}

TEST(ClassifyMaasError, HostnameMessageKeepsTheWordsCapmaasMatchesOn) {
  const Status s = ClassifyMaasError(
      Error(400, R"({"hostname": ["Node with hostname \"vm-1\" already exists"]})", true),
      kMutation);
  EXPECT_EQ(s.kind(), ErrorKind::kAlreadyExists);
  EXPECT_THAT(s.message(), HasSubstr("hostname"));
  EXPECT_THAT(s.message(), HasSubstr("already exists"));
  EXPECT_THAT(s.message(), HasSubstr("\"vm-1\""));
}

TEST(ClassifyMaasError, JsonLookingTextBodyIsClassifiedAsText) {
  // A 400 that is not flagged as JSON is not parsed: it stays text.
  const std::string body = R"({"storage": ["x"]})";
  const Status s = ClassifyMaasError(Error(400, body, false), kMutation);
  EXPECT_EQ(s.kind(), ErrorKind::kInvalidRequest);
  EXPECT_EQ(s.message(), "MAAS 400: " + body);
}

TEST(ClassifyMaasError, UnparseableJsonBodyIsKeptAsText) {
  const Status s = ClassifyMaasError(Error(400, "{not json", true), kMutation);
  EXPECT_EQ(s.kind(), ErrorKind::kInvalidRequest);
  EXPECT_EQ(s.message(), "MAAS 400: {not json");
}

TEST(ClassifyMaasError, RetryAfterIsCarried) {
  MaasError e = Error(503, "Unable to connect to any rack controller; no connections available.");
  e.retry_after_seconds = 10;
  const Status s = ClassifyMaasError(e, kRead, "3");
  EXPECT_EQ(s.kind(), ErrorKind::kHostUnavailable);
  ASSERT_TRUE(s.retry_after().has_value());
  EXPECT_EQ(s.retry_after()->micros(), Duration::Seconds(10).micros());
  EXPECT_TRUE(IsRetryable(s.kind()));
}

TEST(ClassifyMaasError, NoHostIdWhenNoneIsGiven) {
  const Status s = ClassifyMaasError(Error(404, "No Pod matches the given query."), kRead);
  EXPECT_EQ(s.host_id(), "");
  EXPECT_EQ(s.ToString(), "LXD NotFound: MAAS 404: No Pod matches the given query.");
}

TEST(ClassifyMaasError, RetryGuidanceMatchesReferenceSection6) {
  // Transient: retry. Capacity: retry elsewhere (retryable in the seed's sense).
  // Permanent: never retry 400/401/403/404/410.
  EXPECT_TRUE(IsRetryable(ClassifyMaasError(Error(504, ""), kRead).kind()));
  EXPECT_TRUE(
      IsRetryable(ClassifyMaasError(Error(503, "Failed talking to pod: boom"), kMutation).kind()));
  EXPECT_TRUE(IsRetryable(
      ClassifyMaasError(Error(503, "Unable to compose KVM instance in 'h'."), kMutation).kind()));
  for (int status : {400, 401, 403, 404, 410}) {
    EXPECT_FALSE(IsRetryable(ClassifyMaasError(Error(status, "x"), kRead).kind())) << status;
  }
  // A compose that may have happened is not retried blindly.
  EXPECT_FALSE(IsRetryable(ClassifyMaasError(Error(504, ""), kMutation).kind()));
}

}  // namespace
}  // namespace vmsim::core
