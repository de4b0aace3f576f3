// Pins the LXD service over the real client extension and FakeMaas: placement by policy and
// constraints, the host's zone for the VM, a stale view corrected by MAAS's refusal (refresh
// and try the next host), and the error when nothing fits.
#include "core/lxd_service.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/client_extensions.h"
#include "fakes/fake_maas.h"
#include "fakes/seed_fleet.h"

namespace vmsim::core {
namespace {

using core::NodeStatus;

class LxdServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& spec : fakes::SeedFleet()) ASSERT_TRUE(maas_.AddVMHost(spec).ok());
  }
  lxd::VMSpec Spec(int64_t cores, int64_t memory) {
    lxd::VMSpec s;
    s.cores = cores;
    s.memory = memory;
    s.disks = {{"20GB", "default"}};
    return s;
  }
  ManualClock clock_;
  fakes::FakeMaas maas_{clock_};
  ClientExtensions ext_{maas_};
};

TEST_F(LxdServiceTest, ComposesOnTheHostThePolicyPicksInItsZone) {
  LxdService service(ext_.VMHosts(), clock_, {PlacementPolicy::kWorstFit, Duration::Minutes(1), 3});
  auto vm = service.ComposeVM(Spec(2, 2048), {});
  ASSERT_TRUE(vm.ok()) << vm.status().ToString();
  EXPECT_EQ(vm->host_id, "3") << "lxd-host-3 has the most room";
  EXPECT_EQ(vm->failure_domain, "zone-c");
  EXPECT_EQ(vm->provider_id, "maas:///zone-c/" + vm->system_id);
}

TEST_F(LxdServiceTest, ClusterApiRankingSpreadsAGroupOverHosts) {
  LxdService service(ext_.VMHosts(), clock_,
                     {PlacementPolicy::kClusterApi, Duration::Minutes(1), 3});
  std::map<int64_t, int64_t> group;  // the caller keeps its group's VMs per host
  PlacementConstraints c;
  c.group_vms = &group;
  std::set<std::string> hosts;
  for (int i = 0; i < 3; ++i) {
    auto vm = service.ComposeVM(Spec(2, 4096), c);
    ASSERT_TRUE(vm.ok()) << vm.status().ToString();
    ++group[std::stoll(vm->host_id)];
    hosts.insert(vm->host_id);
  }
  EXPECT_EQ(hosts.size(), 3u) << "fewest of the group's VMs first";
  group.clear();
  EXPECT_EQ(service.ComposeVM(Spec(2, 4096), c)->host_id, "3") << "then the highest capacity score";
}

TEST_F(LxdServiceTest, HonoursZoneAndAvoidZoneConstraints) {
  LxdService service(ext_.VMHosts(), clock_, {});
  PlacementConstraints c;
  c.zone = "zone-b";
  EXPECT_EQ(service.ComposeVM(Spec(1, 1024), c)->host_id, "2");
  c = {};
  c.avoid_zones = {"zone-a", "zone-c"};
  EXPECT_EQ(service.ComposeVM(Spec(1, 1024), c)->host_id, "2");
}

TEST_F(LxdServiceTest, AStaleViewIsCorrectedByRefreshingAndTryingTheNextHost) {
  // The service's view is loaded; then another client fills lxd-host-3 behind its back.
  LxdService service(ext_.VMHosts(), clock_, {PlacementPolicy::kWorstFit, Duration::Hours(1), 3});
  ASSERT_TRUE(service.ComposeVM(Spec(1, 1024), {}).ok());
  ComposeVMParams other;
  other.vm_host_id = "3";
  other.cores = 22;
  other.memory = 40000;
  ASSERT_TRUE(ext_.VMHosts().ComposeVM(other).ok());
  auto vm = service.ComposeVM(Spec(4, 8192), {});
  ASSERT_TRUE(vm.ok()) << vm.status().ToString();
  EXPECT_NE(vm->host_id, "3");
  EXPECT_EQ(service.stale_refusals(), 1);
}

TEST_F(LxdServiceTest, NothingFitsIsInsufficientResources) {
  LxdService service(ext_.VMHosts(), clock_, {});
  auto vm = service.ComposeVM(Spec(64, 1024), {});
  ASSERT_FALSE(vm.ok());
  EXPECT_EQ(vm.status().kind(), ErrorKind::kInsufficientResources);
  PlacementConstraints c;
  c.tags = {"gpu"};
  EXPECT_EQ(service.ComposeVM(Spec(1, 1024), c).status().kind(), ErrorKind::kInsufficientResources);
}

TEST_F(LxdServiceTest, NonCapacityErrorsAreReturnedAsMaasGaveThem) {
  LxdService service(ext_.VMHosts(), clock_, {});
  auto spec = Spec(1, 1024);
  spec.project = "tenant-b";
  EXPECT_EQ(service.ComposeVM(spec, {}).status().kind(), ErrorKind::kProjectNotFound);
  spec = Spec(1, 1024);
  spec.disks = {{"lots", "default"}};
  EXPECT_EQ(service.ComposeVM(spec, {}).status().kind(), ErrorKind::kStorageConfiguration);
}

TEST_F(LxdServiceTest, DeleteVMDecomposesThroughMaas) {
  LxdService service(ext_.VMHosts(), clock_, {});
  auto vm = service.ComposeVM(Spec(1, 1024), {});
  ASSERT_TRUE(vm.ok());
  EXPECT_TRUE(service.DeleteVM(vm->host_id, vm->system_id, Spec(1, 1024)).ok());
  clock_.Advance(Duration::Minutes(1));
  EXPECT_EQ(service.DeleteVM(vm->host_id, vm->system_id, Spec(1, 1024)).kind(),
            ErrorKind::kNotFound);
}

// MAAS keeps a deleted machine, and its hostname, until the decompose ends (5 s in FakeMaas by
// default). A compose under that hostname meanwhile is refused as a duplicate; the service
// must not take the dying machine as the one it asked for (a batch retried after its rollback
// did, and the client then held a VM MAAS removed moments later).
TEST_F(LxdServiceTest, NeverTakesBackAMachineItDeletedWhileMaasStillDecomposesIt) {
  LxdService service(ext_.VMHosts(), clock_, {});
  auto spec = Spec(1, 1024);
  spec.hostname = "cp-0";
  auto first = service.ComposeVM(spec, {});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(service.DeleteVM(first->host_id, first->system_id, spec).ok());

  auto again = service.ComposeVM(spec, {});
  ASSERT_FALSE(again.ok()) << "took back " << again->system_id;
  EXPECT_EQ(again.status().kind(), ErrorKind::kHostUnavailable);
  EXPECT_NE(again.status().message().find("still being deleted; retry"), std::string::npos)
      << again.status().message();

  clock_.Advance(Duration::Minutes(1));  // the decompose has ended: the hostname is free
  auto later = service.ComposeVM(spec, {});
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_NE(later->system_id, first->system_id);
}
TEST_F(LxdServiceTest, NeverPlacesOnAHostWhoseMachineIsOffOrNotDeployed) {
  // Worst-fit would pick lxd-host-3 (id 3), then lxd-host-1 (id 1).
  ASSERT_TRUE(maas_.SetHostMachinePower(3, "off").ok());
  ASSERT_TRUE(maas_.SetHostMachineStatus(1, NodeStatus::kBroken).ok());
  LxdService service(ext_.VMHosts(), clock_, {PlacementPolicy::kWorstFit, Duration::Minutes(1), 3});
  for (int i = 0; i < 3; ++i) {
    auto vm = service.ComposeVM(Spec(2, 2048), {});
    ASSERT_TRUE(vm.ok()) << vm.status().ToString();
    EXPECT_EQ(vm->host_id, "2");
  }
  EXPECT_EQ(service.inventory().unhealthy(),
            (UnhealthyHosts{{1, HostHealth::kNotDeployed}, {3, HostHealth::kPoweredOff}}));
  EXPECT_EQ(service.blocked_by_health(), 0);
}

TEST_F(LxdServiceTest, HealthIsReadAgainAtTheNextRefresh) {
  ASSERT_TRUE(maas_.SetHostMachinePower(3, "off").ok());
  LxdService service(ext_.VMHosts(), clock_, {PlacementPolicy::kWorstFit, Duration::Minutes(1), 3});
  EXPECT_NE(service.ComposeVM(Spec(2, 2048), {})->host_id, "3");
  ASSERT_TRUE(maas_.SetHostMachinePower(3, "on").ok());
  EXPECT_NE(service.ComposeVM(Spec(2, 2048), {})->host_id, "3") << "the view is a minute old";
  clock_.Advance(Duration::Minutes(1));
  EXPECT_EQ(service.ComposeVM(Spec(2, 2048), {})->host_id, "3");
  EXPECT_TRUE(service.inventory().unhealthy().empty());
}

TEST_F(LxdServiceTest, NoHealthyHostIsInsufficientResourcesAndCounted) {
  PlacementConstraints c;
  c.zone = "zone-c";  // lxd-host-3 only
  ASSERT_TRUE(maas_.SetHostMachinePower(3, "unknown").ok());
  LxdService service(ext_.VMHosts(), clock_, {PlacementPolicy::kBestFit, Duration::Minutes(1), 3});
  auto vm = service.ComposeVM(Spec(2, 2048), c);
  ASSERT_FALSE(vm.ok());
  EXPECT_EQ(vm.status().kind(), ErrorKind::kInsufficientResources);
  EXPECT_EQ(service.blocked_by_health(), 1);
  EXPECT_FALSE(service.ComposeVM(Spec(64, 2048), c).ok());  // would not fit a healthy host either
  EXPECT_EQ(service.blocked_by_health(), 1);
}

TEST_F(LxdServiceTest, HostWhoseNetworksDoNotMatchIsSkippedForTheNext) {
  fakes::FakeHostSpec storage = fakes::SeedFleet()[0];
  storage.name = "storage-host";
  storage.zone = "zone-d";
  storage.cores = 64;  // the most room: best-fit tries the three seed hosts first
  storage.memory = 262144;
  storage.existing_vms.clear();
  storage.networks = {{"br-storage", "fabric-1", 0, "storage", "10.20.0.0/24", true}};
  ASSERT_TRUE(maas_.AddVMHost(storage).ok());
  LxdService service(ext_.VMHosts(), clock_, {PlacementPolicy::kBestFit, Duration::Minutes(1), 5});
  lxd::VMSpec spec = Spec(1, 2048);
  spec.network_config = lxd::VMNetworkConfig{"br-storage", std::nullopt, std::nullopt};
  auto vm = service.ComposeVM(spec, {});
  ASSERT_TRUE(vm.ok()) << vm.status().ToString();
  EXPECT_EQ(vm->failure_domain, "zone-d");
}

TEST_F(LxdServiceTest, StaticIpSettingsMaasCannotTakeAreRefusedBeforeCompose) {
  LxdService service(ext_.VMHosts(), clock_, {PlacementPolicy::kBestFit, Duration::Minutes(1), 3});
  lxd::VMSpec spec = Spec(1, 2048);
  spec.network_config = lxd::VMNetworkConfig{
      std::nullopt, std::nullopt, lxd::StaticIPSpec{"10.0.0.5", "10.0.0.1", "", {}, "eth0"}};
  auto vm = service.ComposeVM(spec, {});
  ASSERT_FALSE(vm.ok());
  EXPECT_EQ(vm.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_NE(vm.status().message().find("ip_config.gateway"), std::string::npos)
      << vm.status().message();
  EXPECT_EQ(maas_.MachineCount(), 3u) << "the seed's existing VMs only: nothing composed";
}

}  // namespace
}  // namespace vmsim::core
