// Pins batch (gang) compose over the real client extension and FakeMaas: a group placed in
// distinct zones, a group that does not fit composes nothing, a member that fails rolls the
// others back (MAAS is left as it was), and the Cluster API ranking sees the group's members.
#include "core/batch_compose.h"

#include <gtest/gtest.h>

#include <set>

#include "core/client_extensions.h"
#include "core/rng.h"
#include "fakes/fake_maas.h"
#include "fakes/fault_injector.h"
#include "fakes/seed_fleet.h"

namespace vmsim::core {
namespace {

class BatchComposeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& spec : fakes::SeedFleet()) ASSERT_TRUE(maas_.AddVMHost(spec).ok());
  }
  // `n` VMs of 2 cores, 4 GiB and a 20 GB disk.
  static std::vector<lxd::VMSpec> Group(size_t n) {
    std::vector<lxd::VMSpec> specs(n);
    for (size_t i = 0; i < n; ++i) {
      specs[i].hostname = "cp-" + std::to_string(i);
      specs[i].cores = 2;
      specs[i].memory = 4096;
      specs[i].disks = {{"20GB", "default"}};
    }
    return specs;
  }
  ManualClock clock_;
  fakes::FakeMaas maas_{clock_};
};

TEST_F(BatchComposeTest, PlacesEveryMemberInAZoneOfItsOwn) {
  ClientExtensions ext(maas_);
  LxdService service(ext.VMHosts(), clock_, {PlacementPolicy::kBestFit, Duration::Minutes(1), 3});
  int calls = 0;
  BatchOptions options;
  options.distinct_zones = true;
  options.after_call = [&](bool compose) { calls += compose; };
  const BatchOutcome out = ComposeBatch(service, Group(3), {}, options);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  ASSERT_EQ(out.vms.size(), 3u);
  std::set<std::string> zones;
  for (const auto& vm : out.vms) zones.insert(vm.failure_domain);
  EXPECT_EQ(zones, (std::set<std::string>{"zone-a", "zone-b", "zone-c"}));
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(out.rolled_back, 0);
}

TEST_F(BatchComposeTest, AGroupThatDoesNotFitComposesNothing) {
  ClientExtensions ext(maas_);
  LxdService service(ext.VMHosts(), clock_, {PlacementPolicy::kBestFit, Duration::Minutes(1), 3});
  const size_t machines = maas_.MachineCount();
  BatchOptions options;
  options.distinct_zones = true;
  const BatchOutcome out = ComposeBatch(service, Group(4), {}, options);
  EXPECT_EQ(out.status.kind(), ErrorKind::kInsufficientResources);
  EXPECT_NE(out.status.message().find("member 4 in a zone of its own"), std::string::npos)
      << out.status.message();
  EXPECT_FALSE(out.planned);
  EXPECT_EQ(maas_.MachineCount(), machines);
}

TEST_F(BatchComposeTest, AFailedMemberRollsBackTheOthersAndMaasIsLeftAsItWas) {
  fakes::FaultInjector injector(
      maas_, clock_,
      {{"host.unreachable", 1.0, {}, Timestamp::FromMicros(INT64_MAX), "lxd-host-3", {}}},
      Rng(1).Fork("faults"));
  ClientExtensions ext(injector);
  LxdService service(ext.VMHosts(), clock_, {PlacementPolicy::kBestFit, Duration::Minutes(1), 3});
  const size_t machines = maas_.MachineCount();
  const auto used_before = maas_.GetVMHost(1).value().used;
  BatchOptions options;
  options.distinct_zones = true;
  const BatchOutcome out = ComposeBatch(service, Group(3), {}, options);
  EXPECT_EQ(out.status.kind(), ErrorKind::kHostUnavailable) << out.status.ToString();
  EXPECT_TRUE(out.planned) << "the client's view had room: MAAS refused";
  EXPECT_TRUE(out.vms.empty());
  EXPECT_EQ(out.rolled_back, static_cast<int64_t>(out.failed_member))
      << "every member before the failed one";
  EXPECT_TRUE(out.left_behind.empty());
  clock_.Advance(Duration::Minutes(1));  // MAAS's decomposes finish
  EXPECT_EQ(maas_.MachineCount(), machines);
  EXPECT_EQ(maas_.GetVMHost(1).value().used, used_before);
}

TEST_F(BatchComposeTest, ClusterApiRankingCountsTheGroupsOwnMembers) {
  ClientExtensions ext(maas_);
  LxdService service(ext.VMHosts(), clock_,
                     {PlacementPolicy::kClusterApi, Duration::Minutes(1), 3});
  std::map<int64_t, int64_t> group;
  PlacementConstraints c;
  c.group_vms = &group;
  const BatchOutcome out = ComposeBatch(service, Group(3), c, {});
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  std::set<std::string> hosts;
  for (const auto& vm : out.vms) hosts.insert(vm.host_id);
  EXPECT_EQ(hosts.size(), 3u) << "one control-plane VM per host";
  EXPECT_TRUE(group.empty()) << "the caller's counts are its own to update";
}

TEST(BatchWave, AtMostMaxInFlightPerWave) {
  EXPECT_EQ(BatchWave(4, 0), 0u);
  EXPECT_EQ(BatchWave(0, 2), 0u);
  EXPECT_EQ(BatchWave(1, 2), 0u);
  EXPECT_EQ(BatchWave(2, 2), 1u);
  EXPECT_EQ(BatchWave(4, 2), 2u);
}

}  // namespace
}  // namespace vmsim::core
