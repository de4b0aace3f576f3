// The machine and VM-host API beyond the client seam, as MAAS 3.7 answers it: allocate (cheapest
// Ready, dynamic compose, 409 texts), deploy (auto-allocate, states), release (a vm-hosts VM keeps
// its resources, a dynamic one is decomposed), power, PUT machines, tags, and the VM host's own
// lifecycle (create with PodForm's errors, update, delete with and without decompose).
#include <gtest/gtest.h>

#include "core/clock.h"
#include "fakes/fake_maas.h"
#include "fakes/seed_fleet.h"

namespace vmsim::fakes {
namespace {

class FakeMaasLifecycle : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& spec : SeedFleet()) ASSERT_TRUE(maas_.AddVMHost(spec).ok());
  }
  std::string ComposeReady(int64_t host, const std::string& cores, const std::string& hostname) {
    auto r =
        maas_.ComposeMachine(host, {{"cores", cores}, {"memory", "2048"}, {"hostname", hostname}});
    EXPECT_TRUE(r.ok()) << r.error().body;
    clock_.Advance(core::Duration::Minutes(10));  // commissioned and tested
    return r.value().system_id;
  }
  core::ManualClock clock_;
  FakeMaas maas_{clock_};
};

TEST_F(FakeMaasLifecycle, AllocateTakesTheCheapestReadyMachineAndGivesItToTheCaller) {
  const std::string big = ComposeReady(1, "4", "big");
  const std::string small = ComposeReady(2, "1", "small");
  auto m = maas_.AllocateMachine({{"cpu_count", "1"}}, "alice");
  ASSERT_TRUE(m.ok()) << m.error().body;
  EXPECT_EQ(m.value().system_id, small);
  EXPECT_EQ(m.value().status, core::NodeStatus::kAllocated);
  EXPECT_EQ(maas_.MachineDetails(small)->owner, "alice");
  EXPECT_FALSE(maas_.MachineVisibleTo(small, "bob", false));
  EXPECT_TRUE(maas_.MachineVisibleTo(small, "bob", true));
  m = maas_.AllocateMachine({{"system_id", big}}, "bob");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value().system_id, big);
}

TEST_F(FakeMaasLifecycle, AllocateMissesAnswer409InMaasWordsAndRefuseUnknownConstraints) {
  auto m = maas_.AllocateMachine({{"system_id", "xxxxxx"}}, "alice");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().http_status, 409);
  EXPECT_EQ(m.error().body, "No machine with system ID xxxxxx available.");
  m = maas_.AllocateMachine({{"cpu_count", "999"}, {"pod", "lxd-host-1"}}, "alice");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(
      m.error().body,
      "No available machine matches constraints: [('cpu_count', ['999']), ('pod', ['lxd-host-1'])] "
      "(resolved to \"cpu_count=999.0 pod=lxd-host-1\")");
  m = maas_.AllocateMachine({{"colour", "blue"}}, "alice");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().http_status, 400);
  EXPECT_EQ(m.error().body, R"({"colour":["No such constraint."]})");
  m = maas_.AllocateMachine({{"zone", "nowhere"}}, "alice");
  EXPECT_EQ(m.error().body, R"({"zone":["No such zone(s): nowhere."]})");
}

TEST_F(FakeMaasLifecycle, AllocateWithoutAMatchComposesADynamicMachineThatReleaseDecomposes) {
  const auto before = maas_.GetVMHost(2).value().used;
  auto m =
      maas_.AllocateMachine({{"pod", "lxd-host-2"}, {"cpu_count", "2"}, {"mem", "4096"}}, "alice");
  ASSERT_TRUE(m.ok()) << m.error().body;
  EXPECT_EQ(m.value().status, core::NodeStatus::kAllocated)
      << "composed with skip_commissioning, then allocated";
  EXPECT_TRUE(maas_.MachineDetails(m.value().system_id)->dynamic);
  EXPECT_EQ(maas_.GetVMHost(2).value().used.cores, before.cores + 2);
  ASSERT_TRUE(maas_.ReleaseMachine(m.value().system_id, "alice").ok());
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_FALSE(maas_.GetMachine(m.value().system_id).ok())
      << "a dynamic machine is deleted on release";
  EXPECT_EQ(maas_.GetVMHost(2).value().used, before);
}

TEST_F(FakeMaasLifecycle, DeployAllocatesAReadyMachineThenDeploysAndReleaseKeepsTheVmsResources) {
  const std::string sid = ComposeReady(1, "2", "web");
  const auto used = maas_.GetVMHost(1).value().used;
  auto m = maas_.DeployMachine(sid, {{"distro_series", "ubuntu/jammy"}}, "alice");
  ASSERT_TRUE(m.ok()) << m.error().body;
  EXPECT_EQ(m.value().status, core::NodeStatus::kDeploying);
  EXPECT_EQ(maas_.MachineDetails(sid)->distro_series, "jammy");
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(maas_.GetMachine(sid).value().status, core::NodeStatus::kDeployed);
  EXPECT_EQ(maas_.GetMachine(sid).value().power_state, "on");
  m = maas_.DeployMachine(sid, {}, "alice");
  EXPECT_EQ(m.error().body, "Can't deploy a machine that is in the 'Deployed' state");
  m = maas_.ReleaseMachine(sid, "alice");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value().status, core::NodeStatus::kReleasing);
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(maas_.GetMachine(sid).value().status, core::NodeStatus::kReady);
  EXPECT_FALSE(maas_.MachineDetails(sid)->owner.has_value());
  EXPECT_EQ(maas_.MachineDetails(sid)->osystem, "");
  EXPECT_EQ(maas_.GetVMHost(1).value().used, used)
      << "a VM composed through vm-hosts is not decomposed by release";
  EXPECT_TRUE(maas_.ReleaseMachine(sid, "alice").ok()) << "Ready: a no-op";
}

TEST_F(FakeMaasLifecycle, DeployAndReleaseRefuseWhatMaasRefuses) {
  auto c = maas_.ComposeMachine(1, {{"hostname", "slow"}});
  ASSERT_TRUE(c.ok());
  const std::string sid = c.value().system_id;
  auto m = maas_.ReleaseMachine(sid, "alice");
  EXPECT_EQ(m.error().http_status, 409);
  EXPECT_EQ(m.error().body, "Machine cannot be released in its current state ('Commissioning').");
  m = maas_.DeployMachine(sid, {{"distro_series", "plan9"}}, "alice");
  EXPECT_EQ(m.error().http_status, 409) << "MAAS checks the state before the series";
  EXPECT_EQ(m.error().body, "Can't deploy a machine that is in the 'Commissioning' state");
  m = maas_.PowerMachine(sid, true, "alice");
  EXPECT_EQ(m.error().body, "Can't start node: it hasn't been allocated.");
  EXPECT_EQ(maas_.DeployMachine("nope", {}, "alice").error().body,
            "No Machine matches the given query.");
}

TEST_F(FakeMaasLifecycle, UpdateChangesWhatItIsGivenAndNamesEachBadField) {
  const std::string sid = ComposeReady(1, "1", "old");
  auto m = maas_.UpdateMachine(
      sid,
      {{"hostname", "new"}, {"zone", "zone-b"}, {"pool", "compute-pool"}, {"description", "d"}});
  ASSERT_TRUE(m.ok()) << m.error().body;
  EXPECT_EQ(m.value().hostname, "new");
  EXPECT_EQ(m.value().zone.name, "zone-b");
  EXPECT_EQ(m.value().pool.name, "compute-pool");
  EXPECT_EQ(maas_.MachineDetails(sid)->description, "d");
  m = maas_.UpdateMachine(sid, {{"zone", "nowhere"}, {"cpu_count", "x"}});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(
      m.error().body,
      R"({"cpu_count":["Enter a whole number."],"zone":["Select a valid choice. That choice is not one of the available choices."]})");
  EXPECT_EQ(maas_.GetMachine(sid).value().zone.name, "zone-b")
      << "a refused update changes nothing";
}

TEST_F(FakeMaasLifecycle, TagsAreCreatedOnceAndUpdateNodesCountsExistingMachines) {
  const std::string sid = ComposeReady(1, "1", "tagged");
  ASSERT_TRUE(maas_.CreateTag({{"name", "cp"}, {"comment", "control plane"}}).ok());
  EXPECT_EQ(maas_.CreateTag({{"name", "cp"}}).error().body,
            R"({"name":["Tag with this Name already exists."]})");
  EXPECT_EQ(maas_.CreateTag({{"name", "a b"}}).error().body,
            R"({"name":["Enter a valid value."]})");
  auto r = maas_.UpdateTagNodes("cp", {sid, "unknown"}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), (std::pair<int64_t, int64_t>{1, 0}));
  const auto tags = maas_.GetMachine(sid).value().tag_names;
  EXPECT_NE(std::find(tags.begin(), tags.end(), "cp"), tags.end());
  EXPECT_EQ(maas_.TagMachines("cp").value().size(), 1u);
  EXPECT_EQ(maas_.UpdateTagNodes("nope", {}, {}).error().body, "No Tag matches the given query.");
}

TEST_F(FakeMaasLifecycle, VMHostCreateValidatesLikePodFormAndDiscoversNoCoresYet) {
  auto h = maas_.CreateVMHostFromForm({});
  EXPECT_EQ(h.error().body, R"({"type":["This field is required."]})");
  h = maas_.CreateVMHostFromForm({{"type", "lxd"}});
  EXPECT_EQ(h.error().body, R"({"power_address":["This field is required."]})");
  h = maas_.CreateVMHostFromForm({{"type", "xen"}, {"power_address", "x"}});
  EXPECT_EQ(h.error().body,
            R"({"type":["Select a valid choice. xen is not one of the available choices."]})");
  h = maas_.CreateVMHostFromForm(
      {{"type", "lxd"}, {"power_address", "10.0.0.9:8443"}, {"zone", "zone-c"}, {"tags", "a, b"}});
  ASSERT_TRUE(h.ok()) << h.error().body;
  EXPECT_EQ(h.value().name, "10-0-0-9");
  EXPECT_EQ(h.value().zone.name, "zone-c");
  EXPECT_EQ(h.value().total.cores, 0)
      << "MAAS has no commissioning data for a host added by address";
  EXPECT_EQ(h.value().tags, (std::vector<std::string>{"a", "b", "pod-console-logging"}));
  auto dup = maas_.CreateVMHostFromForm({{"type", "lxd"}, {"power_address", "10.0.0.9:8443"}});
  EXPECT_EQ(dup.error().body, "Pod 10-0-0-9 with type and parameters already exist.");
  EXPECT_FALSE(dup.error().body_is_json);
}

TEST_F(FakeMaasLifecycle, VMHostUpdateAndDeleteWithAndWithoutDecompose) {
  auto h = maas_.UpdateVMHostFromForm(1, {{"cpu_over_commit_ratio", "2.5"}, {"zone", "zone-c"}});
  ASSERT_TRUE(h.ok()) << h.error().body;
  EXPECT_EQ(h.value().cpu_over_commit_ratio, 2.5);
  EXPECT_EQ(h.value().zone.name, "zone-c");
  EXPECT_EQ(
      maas_.UpdateVMHostFromForm(1, {{"type", "virsh"}}).error().body,
      R"({"type":["Cannot change the type of a pod. Delete and re-create the pod with a different type."]})");
  EXPECT_EQ(maas_.UpdateVMHostFromForm(1, {{"memory_over_commit_ratio", "11"}}).error().body,
            R"({"memory_over_commit_ratio":["Ensure this value is less than or equal to 10."]})");
  ComposeReady(1, "1", "on-host-1");
  ASSERT_TRUE(maas_.DeleteVMHost(1, false).ok());
  EXPECT_GT(maas_.LeakedBackendVMCount(), 0u) << "without decompose the VMs stay on LXD";
  const size_t leaked = maas_.LeakedBackendVMCount();
  ASSERT_TRUE(maas_.DeleteVMHost(2, true).ok());
  EXPECT_EQ(maas_.LeakedBackendVMCount(), leaked);
  EXPECT_EQ(maas_.DeleteVMHost(2, true).error().body, "No Pod matches the given query.");
}

}  // namespace
}  // namespace vmsim::fakes
