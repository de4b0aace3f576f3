// Pins each fault site of FaultInjector (MAAS's own answers, seen through the real client),
// its selectors and activation, and the client's reconciliation after a lost answer.
#include "fakes/fault_injector.h"

#include <gtest/gtest.h>

#include "core/client_extensions.h"
#include "core/lxd_service.h"
#include "fakes/seed_fleet.h"

namespace vmsim::fakes {
namespace {

using core::ErrorKind;

FaultSpec Fault(std::string site) {
  FaultSpec f;
  f.site = std::move(site);
  return f;
}

core::Timestamp At(core::Duration d) { return core::Timestamp::FromMicros(d.micros()); }

class FaultInjectorTest : public ::testing::Test {
 protected:
  void Start(std::vector<FaultSpec> faults) {
    for (const auto& spec : SeedFleet()) ASSERT_TRUE(maas_.AddVMHost(spec).ok());
    injector_ = std::make_unique<FaultInjector>(maas_, clock_, std::move(faults), core::Rng(5));
    injector_->set_on_fire([this](std::string_view site, int64_t) { fired_.emplace_back(site); });
    ext_ = std::make_unique<core::ClientExtensions>(*injector_);
  }
  core::ComposeVMParams Params(std::string host = "1") {
    core::ComposeVMParams p;
    p.vm_host_id = std::move(host);
    p.cores = 1;
    p.memory = 1024;
    p.hostname = "vm-" + std::to_string(next_++);
    return p;
  }
  core::VMHostExtension& ext() { return ext_->VMHosts(); }

  core::ManualClock clock_;
  FakeMaas maas_{clock_};
  std::unique_ptr<FaultInjector> injector_;
  std::unique_ptr<core::ClientExtensions> ext_;
  std::vector<std::string> fired_;
  int next_ = 0;
};

TEST_F(FaultInjectorTest, Transient503IsHostUnavailableAndComposesNothing) {
  Start({Fault("compose.transient_503")});
  const size_t machines = maas_.MachineCount();
  auto vm = ext().ComposeVM(Params());
  ASSERT_FALSE(vm.ok());
  EXPECT_EQ(vm.status().kind(), ErrorKind::kHostUnavailable);
  EXPECT_NE(vm.status().message().find(
                "MAAS 503: Unable to compose machine because: Failed talking to pod"),
            std::string::npos);
  EXPECT_EQ(maas_.MachineCount(), machines);
  EXPECT_EQ(injector_->stats().at("compose.transient_503").fired, 1);
  EXPECT_EQ(fired_, std::vector<std::string>{"compose.transient_503"});
  EXPECT_EQ(injector_->TakeFired(), "compose.transient_503");
  EXPECT_EQ(injector_->TakeFired(), std::nullopt);
}

TEST_F(FaultInjectorTest, NoRackCarriesRetryAfter) {
  Start({Fault("compose.no_rack")});
  auto vm = ext().ComposeVM(Params());
  ASSERT_FALSE(vm.ok());
  EXPECT_EQ(vm.status().kind(), ErrorKind::kHostUnavailable);
  EXPECT_EQ(vm.status().retry_after(), core::Duration::Seconds(10));
}

TEST_F(FaultInjectorTest, TimeoutAfterSuccessLeavesTheVMAndTheClientReconcilesByHostname) {
  Start({Fault("compose.timeout_after_success")});
  const size_t machines = maas_.MachineCount();
  auto raw = ext().ComposeVM(Params());
  ASSERT_FALSE(raw.ok());
  EXPECT_EQ(raw.status().kind(), ErrorKind::kOutcomeUnknown);
  EXPECT_EQ(maas_.MachineCount(), machines + 1) << "the VM exists although the caller heard 504";

  core::LxdService service(ext(), clock_, {});
  lxd::VMSpec spec;
  spec.cores = 1;
  spec.memory = 1024;
  spec.hostname = "reconcile-me";
  auto vm = service.ComposeVM(spec, {});
  ASSERT_TRUE(vm.ok()) << vm.status().ToString();
  EXPECT_EQ(service.reconciled(), 1);
  EXPECT_EQ(maas_.MachineCount(), machines + 2) << "reconciled, not composed twice";
  auto found = ext().FindVMByHostname("reconcile-me");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->system_id, vm->system_id);
}

TEST_F(FaultInjectorTest, DecomposeFailureForgetsTheMachineButLeaksTheBackendVM) {
  Start({Fault("decompose.fails_orphan")});
  auto vm = ext().ComposeVM(Params());
  ASSERT_TRUE(vm.ok());
  const auto before = ext().GetVMHostResources("1").value().used;
  EXPECT_TRUE(ext().DecomposeVM("1", vm->system_id).ok()) << "MAAS answers 204 all the same";
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(ext().GetVMHostResources("1").value().used.cores, before.cores - 1);
  EXPECT_EQ(maas_.GetMachine(vm->system_id).error().http_status, 404);
  EXPECT_EQ(maas_.LeakedBackendVMCount(), 1u);
}

TEST_F(FaultInjectorTest, StaleQueryAnswersThePreviousList) {
  FaultSpec stale_reads = Fault("query.stale");
  stale_reads.from = core::Timestamp::FromMicros(1);
  Start({stale_reads});
  const auto first = ext().QueryVMHosts({}).value();
  ASSERT_TRUE(ext().ComposeVM(Params()).ok());
  clock_.Advance(core::Duration::Seconds(1));
  const auto stale = ext().QueryVMHosts({}).value();
  EXPECT_EQ(stale[0].used, first[0].used) << "the compose does not show";
  EXPECT_EQ(injector_->stats().at("query.stale").fired, 1);
}

TEST_F(FaultInjectorTest, HostSelectorsWindowsAndProbabilitiesDecideWhatFires) {
  FaultSpec zone_b = Fault("host.unreachable");
  zone_b.from = At(core::Duration::Hours(1));
  zone_b.until = At(core::Duration::Hours(2));
  zone_b.host = "zone:zone-b";
  FaultSpec never = Fault("compose.transient_503");
  never.probability = 0.0;
  FaultSpec inactive = Fault("compose.no_rack");
  inactive.activation_probability = 0.0;
  Start({zone_b, never, inactive});
  EXPECT_TRUE(ext().ComposeVM(Params("2")).ok()) << "before the window";
  clock_.Advance(core::Duration::Hours(1));
  EXPECT_EQ(ext().ComposeVM(Params("2")).status().kind(), ErrorKind::kHostUnavailable);
  EXPECT_TRUE(ext().ComposeVM(Params("1")).ok()) << "zone-a is not selected";
  clock_.Advance(core::Duration::Hours(1));
  EXPECT_TRUE(ext().ComposeVM(Params("2")).ok()) << "after the window";
  EXPECT_EQ(injector_->stats().size(), 1u) << "probability 0 and inactive sites never fire";
}

TEST_F(FaultInjectorTest, LxdServiceSkipsAnUnreachableHostAndTriesAnother) {
  FaultSpec host3 = Fault("host.unreachable");
  host3.host = "lxd-host-3";
  Start({host3});
  core::LxdService service(ext(), clock_,
                           {core::PlacementPolicy::kWorstFit, core::Duration::Minutes(1), 3});
  lxd::VMSpec spec;
  spec.cores = 1;
  spec.memory = 1024;
  auto vm = service.ComposeVM(spec, {});
  ASSERT_TRUE(vm.ok()) << vm.status().ToString();
  EXPECT_NE(vm->host_id, "3") << "worst-fit prefers lxd-host-3, whose LXD is down";
}

TEST(FaultSites, NamesAreKnown) {
  EXPECT_TRUE(IsFaultSite("compose.timeout_after_success"));
  EXPECT_FALSE(IsFaultSite("compose.explode"));
}

}  // namespace
}  // namespace vmsim::fakes
