// Pins cold migration over the real client extension and FakeMaas: the VM moves to another
// host and exists exactly once afterwards; with nowhere to go, nothing changes.
#include "core/migration.h"

#include <gtest/gtest.h>

#include "core/client_extensions.h"
#include "fakes/fake_maas.h"
#include "fakes/seed_fleet.h"

namespace vmsim::core {
namespace {

class MigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& spec : fakes::SeedFleet()) ASSERT_TRUE(maas_.AddVMHost(spec).ok());
  }
  static lxd::VMSpec Spec(int64_t cores) {
    lxd::VMSpec s;
    s.hostname = "app";
    s.cores = cores;
    s.memory = 4096;
    s.disks = {{"20GB", "default"}};
    return s;
  }
  // Lets MAAS finish its asynchronous decomposes.
  void Settle() { clock_.Advance(Duration::Minutes(1)); }
  ManualClock clock_;
  fakes::FakeMaas maas_{clock_};
  ClientExtensions ext_{maas_};
  LxdService service_{ext_.VMHosts(), clock_, {PlacementPolicy::kBestFit, Duration::Minutes(1), 3}};
};

TEST_F(MigrationTest, MovesTheVmToAnotherHostAndItExistsOnce) {
  auto vm = service_.ComposeVM(Spec(2), {});
  ASSERT_TRUE(vm.ok()) << vm.status().ToString();
  const size_t machines = maas_.MachineCount();
  const MigrationOutcome out = MigrateVM(service_, *vm, Spec(2), "app-m1", {});
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  ASSERT_TRUE(out.replacement.has_value());
  EXPECT_NE(out.replacement->host_id, vm->host_id);
  EXPECT_NE(out.replacement->system_id, vm->system_id);
  EXPECT_FALSE(out.both_exist);
  Settle();
  EXPECT_EQ(maas_.MachineCount(), machines) << "one VM before, one after";
  EXPECT_FALSE(maas_.GetMachine(vm->system_id).ok()) << "the original is gone";
  EXPECT_TRUE(maas_.GetMachine(out.replacement->system_id).ok());
}

// A rebalancing move: the replacement on the host the planner chose, Ready before the
// original goes, so for a while MAAS holds the VM's resources twice.
TEST_F(MigrationTest, InTwoHalvesToAPinnedHostHoldsCapacityTwiceInBetween) {
  auto vm = service_.ComposeVM(Spec(2), {});
  ASSERT_TRUE(vm.ok());
  const std::string target = vm->host_id == "1" ? "2" : "1";
  PlacementConstraints pinned;
  pinned.host = std::stoll(target);
  auto replacement = ComposeReplacement(service_, *vm, Spec(2), "app-m1", pinned);
  ASSERT_TRUE(replacement.ok()) << replacement.status().ToString();
  EXPECT_EQ(replacement->host_id, target);
  EXPECT_TRUE(maas_.GetMachine(vm->system_id).ok() && maas_.GetMachine(replacement->system_id).ok())
      << "both exist until the second half";
  const MigrationOutcome out = FinishMigration(service_, *vm, Spec(2), *replacement);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  Settle();
  EXPECT_FALSE(maas_.GetMachine(vm->system_id).ok());
  EXPECT_TRUE(maas_.GetMachine(replacement->system_id).ok());

  pinned.host = std::stoll(replacement->host_id);  // its own host: never a target
  EXPECT_EQ(ComposeReplacement(service_, *replacement, Spec(2), "app-m2", pinned).status().kind(),
            ErrorKind::kInsufficientResources);
}

TEST_F(MigrationTest, WithNowhereToGoNothingChanges) {
  auto vm = service_.ComposeVM(Spec(2), {});
  ASSERT_TRUE(vm.ok());
  const size_t machines = maas_.MachineCount();
  PlacementConstraints only_its_zone;
  only_its_zone.zone = vm->failure_domain;  // the seed fleet has one host per zone
  const MigrationOutcome out = MigrateVM(service_, *vm, Spec(2), "app-m1", only_its_zone);
  EXPECT_EQ(out.status.kind(), ErrorKind::kInsufficientResources) << out.status.ToString();
  EXPECT_FALSE(out.replacement.has_value());
  Settle();
  EXPECT_EQ(maas_.MachineCount(), machines);
  EXPECT_TRUE(maas_.GetMachine(vm->system_id).ok()) << "the original stays";
}

TEST_F(MigrationTest, AnUnknownOriginalIsRefusedAndTheReplacementTakenBack) {
  lxd::LXDVMResult ghost;
  ghost.host_id = "1";
  ghost.system_id = "nosuch";
  const size_t machines = maas_.MachineCount();
  const MigrationOutcome out = MigrateVM(service_, ghost, Spec(2), "ghost-m1", {});
  EXPECT_EQ(out.status.kind(), ErrorKind::kNotFound) << out.status.ToString();
  EXPECT_FALSE(out.replacement.has_value());
  EXPECT_FALSE(out.both_exist);
  Settle();
  EXPECT_EQ(maas_.MachineCount(), machines) << "the replacement was deleted again";
}

}  // namespace
}  // namespace vmsim::core
