// The VMHostExtension conformance suite, instantiated for every implementation there is:
// today the MAAS client extension over the in-process FakeMaas.
#include "tests/vmhost_extension_conformance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/client_extensions.h"
#include "core/clock.h"
#include "core/maas_http_client.h"
#include "core/real_clock.h"
#include "fakes/fake_maas.h"
#include "fakes/fault_injector.h"
#include "fakes/maas_http_server.h"
#include "fakes/seed_fleet.h"

namespace vmsim::tests {
namespace {

using core::ErrorKind;

// A FakeMaas holding the seed fleet, on a manual clock.
class SeedFleetFake {
 protected:
  SeedFleetFake() {
    for (const auto& spec : fakes::SeedFleet()) EXPECT_TRUE(maas_.AddVMHost(spec).ok());
  }
  core::ManualClock clock_;
  fakes::FakeMaas maas_{clock_};
};

class InProcessFakeEnv final : public ConformanceEnv, private SeedFleetFake {
 public:
  core::VMHostExtension& Extension() override { return extensions_.VMHosts(); }
  void LetDecomposesFinish() override { clock_.Advance(core::Duration::Minutes(10)); }

 private:
  core::ClientExtensions extensions_{maas_};
};

// The same fake behind a FaultInjector with no faults: the wrapper must change nothing.
class FaultInjectorWithoutFaultsEnv final : public ConformanceEnv, private SeedFleetFake {
 public:
  core::VMHostExtension& Extension() override { return extensions_.VMHosts(); }
  void LetDecomposesFinish() override { clock_.Advance(core::Duration::Minutes(10)); }

 private:
  fakes::FaultInjector injector_{maas_, clock_, {}, core::Rng(1)};
  core::ClientExtensions extensions_{injector_};
};

// The fake served over HTTP on loopback (vmsim serve's server), reached by MaasHttpClient.
class HttpServedFakeEnv final : public ConformanceEnv, private SeedFleetFake {
 public:
  HttpServedFakeEnv() {
    const int port = server_.Bind("127.0.0.1", 0);
    EXPECT_GT(port, 0);
    serving_ = std::thread([this] { server_.Serve(); });
    auto client = core::MaasHttpClient::Create(
        {"http://127.0.0.1:" + std::to_string(port) + "/MAAS", kKey}, real_clock_);
    EXPECT_TRUE(client.ok());
    client_ = std::move(client).value();
    extensions_ = std::make_unique<core::ClientExtensions>(*client_);
  }
  ~HttpServedFakeEnv() override {
    server_.Stop();
    serving_.join();
  }
  core::VMHostExtension& Extension() override { return extensions_->VMHosts(); }
  void LetDecomposesFinish() override {
    server_.WithLock([this] { clock_.Advance(core::Duration::Minutes(10)); });
  }

 private:
  static constexpr const char* kKey = "consumer:token:secret";
  core::RealClock real_clock_;
  static fakes::MaasHttpServerOptions ServerOptions() {
    fakes::MaasHttpServerOptions o;
    o.api_key = kKey;
    return o;
  }
  fakes::MaasHttpServer server_{maas_, real_clock_, ServerOptions()};
  std::thread serving_;
  std::unique_ptr<core::MaasHttpClient> client_;
  std::unique_ptr<core::ClientExtensions> extensions_;
};

// A real MAAS 3.4-3.8 (MAAS_URL, MAAS_API_KEY) that holds the seed fleet's VM hosts.
class RealMaasEnv final : public ConformanceEnv {
 public:
  RealMaasEnv() {
    auto client = core::MaasHttpClient::Create(
        {std::getenv("MAAS_URL"), std::getenv("MAAS_API_KEY")}, clock_);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    if (client.ok()) client_ = std::move(client).value();
    if (client_) extensions_ = std::make_unique<core::ClientExtensions>(*client_);
  }
  core::VMHostExtension& Extension() override { return extensions_->VMHosts(); }
  void LetDecomposesFinish() override { std::this_thread::sleep_for(std::chrono::seconds(60)); }

 private:
  core::RealClock clock_;
  std::unique_ptr<core::MaasHttpClient> client_;
  std::unique_ptr<core::ClientExtensions> extensions_;
};

std::vector<ConformanceTarget> Targets() {
  std::vector<ConformanceTarget> targets = {
      {"InProcessFakeMaas", [] { return std::make_unique<InProcessFakeEnv>(); }},
      {"FaultInjectorWithoutFaults",
       [] { return std::make_unique<FaultInjectorWithoutFaultsEnv>(); }},
      {"HttpServedFakeMaas", [] { return std::make_unique<HttpServedFakeEnv>(); }}};
  if (std::getenv("MAAS_URL") != nullptr && std::getenv("MAAS_API_KEY") != nullptr) {
    targets.push_back({"RealMaas", [] { return std::make_unique<RealMaasEnv>(); }});
  }
  return targets;
}

TEST(RealMaas, ContractSuiteRunsWhenMaasUrlIsSet) {
  if (std::getenv("MAAS_URL") == nullptr || std::getenv("MAAS_API_KEY") == nullptr) {
    GTEST_SKIP()
        << "set MAAS_URL (e.g. http://maas:5240/MAAS) and MAAS_API_KEY to run the "
           "contract suite against a real MAAS 3.4-3.8 holding lxd-host-1..3 (docs/serve.md)";
  }
  SUCCEED() << "the RealMaas instantiation of VMHostExtensionConformance runs";
}

class VMHostExtensionConformance : public ::testing::TestWithParam<ConformanceTarget> {
 protected:
  void SetUp() override { env_ = GetParam().make(); }
  core::VMHostExtension& ext() { return env_->Extension(); }

  // The seed fleet's host called `name`.
  core::VMHost HostNamed(const std::string& name) {
    auto hosts = ext().QueryVMHosts({});
    EXPECT_TRUE(hosts.ok());
    for (const auto& h : hosts.value()) {
      if (h.name == name) return h;
    }
    ADD_FAILURE() << "no VM host " << name;
    return {};
  }
  core::ComposeVMParams Params(const core::VMHost& host, int64_t cores, int64_t memory) {
    core::ComposeVMParams p;
    p.vm_host_id = host.IdString();
    p.cores = cores;
    p.memory = memory;
    p.disks = {{"20GB", "default"}};
    return p;
  }

  std::unique_ptr<ConformanceEnv> env_;
};

std::vector<std::string> Names(const std::vector<core::VMHost>& hosts) {
  std::vector<std::string> out;
  for (const auto& h : hosts) out.push_back(h.name);
  return out;
}

TEST_P(VMHostExtensionConformance, QueryWithoutFiltersReturnsEveryHostInIdOrder) {
  auto hosts = ext().QueryVMHosts({});
  ASSERT_TRUE(hosts.ok());
  EXPECT_EQ(Names(*hosts), (std::vector<std::string>{"lxd-host-1", "lxd-host-2", "lxd-host-3"}));
  EXPECT_TRUE(std::is_sorted(hosts->begin(), hosts->end(),
                             [](const auto& a, const auto& b) { return a.id < b.id; }));
}

TEST_P(VMHostExtensionConformance, QueryFiltersByZonePoolTypeAndAllTags) {
  core::VMHostQueryParams q;
  q.zone = "zone-b";
  EXPECT_EQ(Names(ext().QueryVMHosts(q).value()), std::vector<std::string>{"lxd-host-2"});
  q = {};
  q.resource_pool = "compute-pool";
  EXPECT_EQ(Names(ext().QueryVMHosts(q).value()), std::vector<std::string>{"lxd-host-3"});
  q = {};
  q.tags = {"compute", "high-memory"};
  EXPECT_EQ(Names(ext().QueryVMHosts(q).value()), std::vector<std::string>{"lxd-host-3"});
  q = {};
  q.type = "virsh";
  EXPECT_TRUE(ext().QueryVMHosts(q).value().empty());
}

TEST_P(VMHostExtensionConformance, ComposeCountsInUsedAtOnceAndLandsInTheHostsZone) {
  const auto host = HostNamed("lxd-host-1");
  auto vm = ext().ComposeVM(Params(host, 2, 4096));
  ASSERT_TRUE(vm.ok()) << vm.status().ToString();
  EXPECT_EQ(vm->vm_host_id, host.IdString());
  EXPECT_EQ(vm->availability_zone, "zone-a");
  EXPECT_EQ(vm->status, "Commissioning");
  auto r = ext().GetVMHostResources(host.IdString());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->used.cores, host.used.cores + 2);
  EXPECT_EQ(r->used.memory, host.used.memory + 4096);
  EXPECT_EQ(r->used.local_storage, host.used.local_storage + 20'000'000'000);
  EXPECT_EQ(r->available.cores, r->total.cores - r->used.cores);
}

// Host health (reference 8.7): the seed fleet stands on machines MAAS deployed, powered on.
TEST_P(VMHostExtensionConformance, SeedHostsStandOnHealthyMachines) {
  auto hosts = ext().QueryVMHosts({});
  ASSERT_TRUE(hosts.ok());
  for (const auto& h : *hosts) EXPECT_TRUE(h.host_system_id.has_value()) << h.name;
  auto unhealthy = ext().CheckHostHealth(*hosts);
  ASSERT_TRUE(unhealthy.ok()) << unhealthy.status().ToString();
  EXPECT_TRUE(unhealthy->empty());
}

TEST_P(VMHostExtensionConformance, AHostWhoseMachineMaasDoesNotListIsUnhealthy) {
  auto hosts = ext().QueryVMHosts({});
  ASSERT_TRUE(hosts.ok() && !hosts->empty());
  (*hosts)[0].host_system_id = "nope42";  // a machine MAAS never had (not MAAS's alphabet)
  auto unhealthy = ext().CheckHostHealth(*hosts);
  ASSERT_TRUE(unhealthy.ok()) << unhealthy.status().ToString();
  EXPECT_EQ(*unhealthy,
            (core::UnhealthyHosts{{(*hosts)[0].id, core::HostHealth::kMachineMissing}}));
}

// The `interfaces` constraint (reference 2.4): a bridge no host network has is MAAS's
// "This pod does not match the specified networks." (NetworkConfiguration, another host may).
TEST_P(VMHostExtensionConformance, InterfacesNoHostNetworkMatchesAreNetworkConfiguration) {
  auto params = Params(HostNamed("lxd-host-1"), 1, 2048);
  core::InterfaceConfig nic;
  nic.name = "eth0";
  nic.bridge = "vmsim-no-such-bridge";
  params.network_config = core::NetworkConfigParams{{nic}};
  auto vm = ext().ComposeVM(params);
  ASSERT_FALSE(vm.ok());
  EXPECT_EQ(vm.status().kind(), ErrorKind::kNetworkConfiguration) << vm.status().ToString();
  EXPECT_NE(vm.status().message().find("This pod does not match the specified networks."),
            std::string::npos);
}

TEST_P(VMHostExtensionConformance, StaticGatewayIsInvalidRequestNamingTheField) {
  auto params = Params(HostNamed("lxd-host-1"), 1, 2048);
  core::InterfaceConfig nic;
  nic.name = "eth0";
  nic.ip_config = core::StaticIPParams{"10.0.0.5", "10.0.0.1", "", {}};
  params.network_config = core::NetworkConfigParams{{nic}};
  auto vm = ext().ComposeVM(params);
  ASSERT_FALSE(vm.ok());
  EXPECT_EQ(vm.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_NE(vm.status().message().find("network_config.interfaces[0].ip_config.gateway"),
            std::string::npos);
}

TEST_P(VMHostExtensionConformance, DecomposeFreesExactlyWhatComposeTookOnceMaasFinishes) {
  const auto host = HostNamed("lxd-host-2");
  const auto before = ext().GetVMHostResources(host.IdString()).value();
  auto vm = ext().ComposeVM(Params(host, 4, 8192));
  ASSERT_TRUE(vm.ok());
  ASSERT_TRUE(ext().DecomposeVM(host.IdString(), vm->system_id).ok());
  env_->LetDecomposesFinish();
  const auto after = ext().GetVMHostResources(host.IdString()).value();
  EXPECT_EQ(after.used, before.used);
  EXPECT_EQ(after.storage_pools, before.storage_pools);
  EXPECT_EQ(ext().DecomposeVM(host.IdString(), vm->system_id).kind(), ErrorKind::kNotFound);
}

TEST_P(VMHostExtensionConformance, DecomposeOnTheWrongHostIsNotFound) {
  const auto h1 = HostNamed("lxd-host-1");
  const auto h2 = HostNamed("lxd-host-2");
  auto vm = ext().ComposeVM(Params(h1, 1, 1024));
  ASSERT_TRUE(vm.ok());
  EXPECT_EQ(ext().DecomposeVM(h2.IdString(), vm->system_id).kind(), ErrorKind::kNotFound);
}

TEST_P(VMHostExtensionConformance, OverCommitIsInsufficientResourcesAndRetryable) {
  const auto host = HostNamed("lxd-host-2");  // 16 cores, 2 used
  auto vm = ext().ComposeVM(Params(host, 15, 1024));
  ASSERT_FALSE(vm.ok());
  EXPECT_EQ(vm.status().kind(), ErrorKind::kInsufficientResources);
  EXPECT_TRUE(core::IsRetryable(vm.status().kind()));
  EXPECT_EQ(vm.status().host_id(), host.IdString());
  EXPECT_NE(vm.status().ToString().find("LXD InsufficientResources [host:"), std::string::npos);
}

TEST_P(VMHostExtensionConformance, MoreCoresThanTheHostHasIsInsufficientResources) {
  const auto host = HostNamed("lxd-host-1");
  EXPECT_EQ(ext().ComposeVM(Params(host, 17, 1024)).status().kind(),
            ErrorKind::kInsufficientResources);
}

TEST_P(VMHostExtensionConformance, UnknownHostIsNotFound) {
  core::ComposeVMParams p;
  p.vm_host_id = "999";
  p.cores = 1;
  p.memory = 1024;
  EXPECT_EQ(ext().ComposeVM(p).status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(ext().GetVMHostResources("lxd-host-1").status().kind(), ErrorKind::kNotFound)
      << "VM host ids are MAAS's numeric ids, not names";
}

TEST_P(VMHostExtensionConformance, AForeignProjectIsProjectNotFound) {
  auto p = Params(HostNamed("lxd-host-1"), 1, 1024);
  p.project = "tenant-b";
  EXPECT_EQ(ext().ComposeVM(p).status().kind(), ErrorKind::kProjectNotFound);
  p.project = "default";
  EXPECT_TRUE(ext().ComposeVM(p).ok());
}

TEST_P(VMHostExtensionConformance, AProfileMaasDoesNotApplyIsProfileNotFound) {
  auto p = Params(HostNamed("lxd-host-1"), 1, 1024);
  p.profile = "gpu-passthrough";
  EXPECT_EQ(ext().ComposeVM(p).status().kind(), ErrorKind::kProfileNotFound);
  p.profile = "maas";
  EXPECT_TRUE(ext().ComposeVM(p).ok());
}

TEST_P(VMHostExtensionConformance, BadDiskSizeIsStorageConfiguration) {
  auto p = Params(HostNamed("lxd-host-1"), 1, 1024);
  p.disks = {{"twenty", "default"}};
  EXPECT_EQ(ext().ComposeVM(p).status().kind(), ErrorKind::kStorageConfiguration);
}

TEST_P(VMHostExtensionConformance, FullStoragePoolIsInsufficientResources) {
  auto p = Params(HostNamed("lxd-host-1"), 1, 1024);
  p.disks = {{"2TB", "default"}};
  EXPECT_EQ(ext().ComposeVM(p).status().kind(), ErrorKind::kInsufficientResources);
}

TEST_P(VMHostExtensionConformance, FindVMByHostnameFindsComposedVMsOnly) {
  auto p = Params(HostNamed("lxd-host-2"), 1, 1024);
  p.hostname = "findable";
  auto vm = ext().ComposeVM(p);
  ASSERT_TRUE(vm.ok());
  auto found = ext().FindVMByHostname("findable");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->system_id, vm->system_id);
  EXPECT_EQ((*found)->vm_host_id, HostNamed("lxd-host-2").IdString());
  EXPECT_FALSE(ext().FindVMByHostname("nobody")->has_value());
}

TEST_P(VMHostExtensionConformance, DuplicateHostnameIsAlreadyExists) {
  auto p = Params(HostNamed("lxd-host-3"), 1, 1024);
  p.hostname = "cp-0";
  ASSERT_TRUE(ext().ComposeVM(p).ok());
  EXPECT_EQ(ext().ComposeVM(p).status().kind(), ErrorKind::kAlreadyExists);
}

INSTANTIATE_TEST_SUITE_P(AllImplementations, VMHostExtensionConformance,
                         ::testing::ValuesIn(Targets()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace vmsim::tests
