// Pins FakeMaas to MAAS's behaviour, item by item of the reference's section 9, at the wire
// level (core::MaasApi): status codes, texts and accounting exactly as MAAS answers them.
#include "fakes/fake_maas.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/json_codec.h"
#include "core/units.h"
#include "fakes/names.h"
#include "fakes/seed_fleet.h"

namespace vmsim::fakes {
namespace {

using core::Duration;
using core::FormData;
using core::NodeStatus;

FakeHostSpec SmallHost(std::string name = "h1") {
  FakeHostSpec h;
  h.name = std::move(name);
  h.zone = "zone-a";
  h.cores = 16;
  h.memory = 32768;
  h.storage_pools = {{"default", "dir", "", 100 * core::kBytesPerGB, 0},
                     {"fast", "zfs", "", 50 * core::kBytesPerGB, 0}};
  return h;
}

class FakeMaasTest : public ::testing::Test {
 protected:
  int64_t Add(const FakeHostSpec& spec) {
    auto id = maas_.AddVMHost(spec);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : -1;
  }
  core::VMHost Host(int64_t id) {
    auto h = maas_.GetVMHost(id);
    EXPECT_TRUE(h.ok());
    return h.ok() ? h.value() : core::VMHost{};
  }
  std::string Compose(int64_t host, const FormData& form) {
    auto r = maas_.ComposeMachine(host, form);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().body);
    return r.ok() ? r.value().system_id : "";
  }
  core::MaasError ComposeError(int64_t host, const FormData& form) {
    auto r = maas_.ComposeMachine(host, form);
    EXPECT_FALSE(r.ok());
    return r.ok() ? core::MaasError{} : r.error();
  }

  core::ManualClock clock_;
  FakeMaas maas_{clock_};
};

TEST_F(FakeMaasTest, SeedFleetReportsTheSeedsTotalsAndUsed) {
  for (const auto& spec : SeedFleet()) Add(spec);
  auto hosts = maas_.ListVMHosts();
  ASSERT_TRUE(hosts.ok());
  ASSERT_EQ(hosts.value().size(), 3u);
  const auto& h3 = hosts.value()[2];
  EXPECT_EQ(h3.name, "lxd-host-3");
  EXPECT_EQ(h3.zone.name, "zone-c");
  EXPECT_EQ(h3.pool.name, "compute-pool");
  EXPECT_EQ(h3.total, (core::ResourceInfo{32, 65536, 1000 * core::kBytesPerGB}));
  EXPECT_EQ(h3.used.cores, 8);
  EXPECT_EQ(h3.used.memory, 16384);
  EXPECT_EQ(h3.available.cores, 24);
  EXPECT_EQ(h3.available.memory, 49152);
  EXPECT_TRUE(h3.HasTag("high-memory"));
  EXPECT_EQ(hosts.value()[0].pool.id, 0) << "the default resource pool has id 0";
}

TEST_F(FakeMaasTest, VMHostJsonHasExactlyMaasDisplayedFields) {
  const auto id = Add(SmallHost());
  nlohmann::json j = Host(id);
  std::set<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.insert(k);
  const std::set<std::string> expected = {"id",
                                          "name",
                                          "tags",
                                          "type",
                                          "architectures",
                                          "capabilities",
                                          "total",
                                          "used",
                                          "available",
                                          "zone",
                                          "cpu_over_commit_ratio",
                                          "memory_over_commit_ratio",
                                          "storage_pools",
                                          "pool",
                                          "host",
                                          "default_macvlan_mode",
                                          "version",
                                          "resource_uri"};
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(j["host"], (nlohmann::json{{"system_id", nullptr}, {"__incomplete__", true}}));
  EXPECT_EQ(j["resource_uri"], "/MAAS/api/2.0/vm-hosts/1/");
  EXPECT_TRUE(Host(id).HasTag("pod-console-logging"));
}

TEST_F(FakeMaasTest, UsedCountsOnlyVMsInTheTrackedProject) {
  auto spec = SmallHost();
  spec.projects = {"other"};
  spec.existing_vms = {{"mine", "", 2, 2048, {{"default", 10 * core::kBytesPerGB}}},
                       {"theirs", "other", 8, 8192, {{"default", 30 * core::kBytesPerGB}}}};
  const auto host = Host(Add(spec));
  EXPECT_EQ(host.used, (core::ResourceInfo{2, 2048, 10 * core::kBytesPerGB}));
  EXPECT_EQ(host.total.cores, 16) << "totals stay whole-host";
  EXPECT_EQ(host.storage_pools[0].used, 10 * core::kBytesPerGB);
  EXPECT_EQ(maas_.MachineCount(), 1u) << "only tracked-project VMs are MAAS machines";
}

TEST_F(FakeMaasTest, AvailableIsTotalMinusUsedAndGoesNegativeWhenOverCommitted) {
  auto spec = SmallHost();
  spec.cpu_over_commit_ratio = 2.0;
  const auto id = Add(spec);
  Compose(id, {{"cores", "12"}, {"memory", "2048"}});
  Compose(id, {{"cores", "12"}, {"memory", "2048"}});
  const auto host = Host(id);
  EXPECT_EQ(host.used.cores, 24);
  EXPECT_EQ(host.available.cores, -8);
}

TEST_F(FakeMaasTest, PerVMCapsAreDjangoFieldErrors) {
  const auto id = Add(SmallHost());
  const auto e = ComposeError(id, {{"cores", "17"}, {"memory", "512"}});
  EXPECT_EQ(e.http_status, 400);
  EXPECT_TRUE(e.body_is_json);
  EXPECT_EQ(nlohmann::json::parse(e.body),
            (nlohmann::json{{"cores", {"Ensure this value is less than or equal to 16."}},
                            {"memory", {"Ensure this value is greater than or equal to 1024."}}}));
  EXPECT_EQ(ComposeError(id, {{"cores", "two"}}).body, R"({"cores":["Enter a whole number."]})");
}

TEST_F(FakeMaasTest, OverCommitIs503WithMaasTextAndSentencesJoinedWithoutSpace) {
  const auto id = Add(SmallHost());
  Compose(id, {{"cores", "10"}, {"memory", "30000"}});
  auto e = ComposeError(id, {{"cores", "8"}, {"memory", "4096"}});
  EXPECT_EQ(e.http_status, 503);
  EXPECT_EQ(e.body,
            "Unable to compose KVM instance in 'h1'. CPU overcommit ratio is 1.0 and there are 6 "
            "available resources; 8 requested.Memory overcommit ratio is 1.0 and there are 2768 "
            "available resources; 4096 requested.");
  e = ComposeError(id, {{"cores", "2"}, {"memory", "4096"}});
  EXPECT_EQ(e.body,
            "Unable to compose KVM instance in 'h1'. Memory overcommit ratio is 1.0 and there are "
            "2768 available resources; 4096 requested.");
}

TEST_F(FakeMaasTest, OverCommitRatioIsNotRounded) {
  auto spec = SmallHost();
  spec.cores = 5;
  spec.cpu_over_commit_ratio = 1.5;
  const auto id = Add(spec);
  Compose(id, {{"cores", "5"}, {"memory", "1024"}});
  Compose(id, {{"cores", "2"}, {"memory", "1024"}});                      // 7 <= 7.5
  const auto e = ComposeError(id, {{"cores", "1"}, {"memory", "1024"}});  // 8 > 7.5
  EXPECT_EQ(e.http_status, 503);
  EXPECT_NE(e.body.find("CPU overcommit ratio is 1.5 and there are -2 available resources"),
            std::string::npos)
      << e.body;
}

TEST_F(FakeMaasTest, ComposeDefaultsAreMaasDefaults) {
  const auto id = Add(SmallHost());
  const auto system_id = Compose(id, {});
  const auto host = Host(id);
  EXPECT_EQ(host.used, (core::ResourceInfo{1, 2048, 8 * core::kBytesPerGB}));
  EXPECT_EQ(host.storage_pools[0].used, 8 * core::kBytesPerGB) << "root:8(local) -> default pool";
  auto m = maas_.GetMachine(system_id);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value().zone.name, "default") << "MAAS puts the VM in the default zone";
  EXPECT_EQ(m.value().zone.id, 1);
  EXPECT_EQ(m.value().pool.id, host.pool.id);
  EXPECT_EQ(m.value().architecture, "amd64/generic");
  EXPECT_NE(m.value().hostname.find('-'), std::string::npos) << "a two-word petname";
}

TEST_F(FakeMaasTest, StoragePoolsAreChosenByTagWithDefaultFallback) {
  const auto id = Add(SmallHost());
  Compose(id, {{"storage", "root:20(fast),data:5(nosuchpool)"}});
  const auto host = Host(id);
  EXPECT_EQ(host.storage_pools[1].used, 20 * core::kBytesPerGB);
  EXPECT_EQ(host.storage_pools[0].used, 5 * core::kBytesPerGB) << "unknown pool -> default";
  EXPECT_EQ(host.used.local_storage, 25 * core::kBytesPerGB);
  EXPECT_EQ(host.available.local_storage, 125 * core::kBytesPerGB);
}

TEST_F(FakeMaasTest, StorageShortfallIs500WithTheLxdDriverText) {
  const auto id = Add(SmallHost());
  auto e = ComposeError(id, {{"storage", "root:60(fast)"}});
  EXPECT_EQ(e.http_status, 500);
  EXPECT_EQ(e.body, "Not enough storage space on storage pools: fast");
  e = ComposeError(id, {{"storage", "root:101"}});
  EXPECT_EQ(e.body, "Not enough space in default storage pool: default");
  EXPECT_EQ(Host(id).used.cores, 0) << "a failed compose changes nothing";
}

TEST_F(FakeMaasTest, StorageIsCheckedAgainstBackendSpaceNotMaasAccounting) {
  auto spec = SmallHost();
  spec.projects = {"other"};
  spec.existing_vms = {{"theirs", "other", 1, 1024, {{"fast", 45 * core::kBytesPerGB}}}};
  const auto id = Add(spec);
  EXPECT_EQ(Host(id).storage_pools[1].used, 0) << "foreign VMs are not in MAAS's accounting";
  EXPECT_EQ(ComposeError(id, {{"storage", "root:10(fast)"}}).http_status, 500);
}

TEST_F(FakeMaasTest, MalformedStorageIs400WithMaasText) {
  const auto id = Add(SmallHost());
  const auto e = ComposeError(id, {{"storage", "root:20 (fast)"}});
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(nlohmann::json::parse(e.body)["storage"][0],
            "Malformed storage constraint, \"root:20 (fast)\".");
}

TEST_F(FakeMaasTest, UnknownParametersAreIgnored) {
  const auto id = Add(SmallHost());
  Compose(id, {{"profile", "gpu"}, {"project", "elsewhere"}, {"disks", "size=20GB"}});
  EXPECT_EQ(Host(id).used.cores, 1);
}

TEST_F(FakeMaasTest, ZonePoolAndDomainAreIdsAndBadOnesAreInvalidChoices) {
  const auto id = Add(SmallHost());
  const auto host = Host(id);
  const auto system_id = Compose(id, {{"zone", std::to_string(host.zone.id)}});
  EXPECT_EQ(maas_.GetMachine(system_id).value().zone.name, "zone-a");
  const auto e = ComposeError(id, {{"zone", "zone-a"}, {"domain", "7"}});
  EXPECT_EQ(
      nlohmann::json::parse(e.body),
      (nlohmann::json{
          {"zone", {"Select a valid choice. That choice is not one of the available choices."}},
          {"domain",
           {"Select a valid choice. That choice is not one of the available choices."}}}));
}

TEST_F(FakeMaasTest, DuplicateOrInvalidHostnamesAre400) {
  const auto id = Add(SmallHost());
  Compose(id, {{"hostname", "cp-1"}});
  EXPECT_EQ(ComposeError(id, {{"hostname", "cp-1"}}).body,
            R"({"hostname":["Node with hostname \"cp-1\" already exists"]})");
  EXPECT_EQ(ComposeError(id, {{"hostname", "a_b"}}).body,
            R"({"hostname":["Host label cannot contain underscore: 'a_b'."]})");
}

TEST_F(FakeMaasTest, HostWithoutCommissioningDataRejectsComposeWithCapZero) {
  auto spec = SmallHost();
  spec.cores = 0;
  spec.memory = 0;
  const auto id = Add(spec);
  const auto e = ComposeError(id, {{"cores", "1"}, {"memory", "1024"}});
  EXPECT_EQ(nlohmann::json::parse(e.body),
            (nlohmann::json{{"cores", {"Ensure this value is less than or equal to 0."}},
                            {"memory", {"Ensure this value is less than or equal to 0."}}}));
}

TEST_F(FakeMaasTest, SystemIdsAreSixCharactersOfMaasAlphabet) {
  const auto id = Add(SmallHost());
  for (int i = 0; i < 10; ++i) {
    const auto system_id = Compose(id, {{"memory", "1024"}});
    ASSERT_EQ(system_id.size(), 6u);
    EXPECT_EQ(system_id.find_first_not_of(kSystemIdAlphabet), std::string::npos) << system_id;
    EXPECT_NE(system_id[0], '3') << "drawn from [24^5, 24^6): never a leading zero digit";
  }
}

TEST_F(FakeMaasTest, ComposeAnswersExactlySystemIdAndResourceUri) {
  const auto id = Add(SmallHost());
  auto r = maas_.ComposeMachine(id, {});
  ASSERT_TRUE(r.ok());
  const nlohmann::json j = r.value();
  EXPECT_EQ(j.size(), 2u);
  EXPECT_EQ(j["resource_uri"], "/MAAS/api/2.0/machines/" + r.value().system_id + "/");
}

TEST_F(FakeMaasTest, MachineCommissionsThenTestsThenIsReady) {
  const auto id = Add(SmallHost());
  const auto system_id = Compose(id, {});
  const auto status = [&] { return maas_.GetMachine(system_id).value().status; };
  EXPECT_EQ(status(), NodeStatus::kCommissioning);
  clock_.Advance(Duration::Minutes(3));
  EXPECT_EQ(status(), NodeStatus::kTesting);
  clock_.Advance(Duration::Minutes(1));
  EXPECT_EQ(status(), NodeStatus::kReady);
  EXPECT_EQ(NodeStatusName(status()), "Ready");
}

TEST_F(FakeMaasTest, SkipCommissioningIsReadyAtOnce) {
  const auto id = Add(SmallHost());
  const auto system_id = Compose(id, {{"skip_commissioning", "true"}});
  EXPECT_EQ(maas_.GetMachine(system_id).value().status, NodeStatus::kReady);
}

TEST_F(FakeMaasTest, ComposedMachinesInheritTheHostsTags) {
  auto spec = SmallHost();
  spec.tags = {"lxd", "gpu"};
  const auto id = Add(spec);
  const auto m = maas_.GetMachine(Compose(id, {})).value();
  EXPECT_EQ(m.tag_names, (std::vector<std::string>{"lxd", "gpu", "pod-console-logging"}));
  EXPECT_EQ(m.power_type, "lxd");
  ASSERT_TRUE(m.pod.has_value());
  EXPECT_EQ(m.pod->resource_uri, "/MAAS/api/2.0/pods/1/");
}

TEST_F(FakeMaasTest, DeleteAnswersAtOnceAndFreesResourcesAfterTheDecomposeDelay) {
  const auto id = Add(SmallHost());
  const auto system_id = Compose(id, {{"cores", "4"}, {"memory", "4096"}});
  ASSERT_TRUE(maas_.DeleteMachine(system_id).ok());
  EXPECT_EQ(Host(id).used.cores, 4) << "used drops only when decompose finishes";
  EXPECT_TRUE(maas_.GetMachine(system_id).ok()) << "still readable while decomposing";
  EXPECT_TRUE(maas_.DeleteMachine(system_id).ok()) << "a second DELETE is harmless";
  clock_.Advance(Duration::Seconds(5));
  EXPECT_EQ(Host(id).used, (core::ResourceInfo{}));
  const auto gone = maas_.GetMachine(system_id);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().http_status, 404);
  EXPECT_EQ(gone.error().body, "No Machine matches the given query.");
  EXPECT_EQ(maas_.DeleteMachine(system_id).error().http_status, 404);
}

TEST_F(FakeMaasTest, UnknownVMHostIs404NoPod) {
  for (auto e : {maas_.GetVMHost(99).error(), maas_.ComposeMachine(99, {}).error(),
                 maas_.GetVMHostParameters(99).error()}) {
    EXPECT_EQ(e.http_status, 404);
    EXPECT_EQ(e.body, "No Pod matches the given query.");
  }
}

TEST_F(FakeMaasTest, UnreachableHostFailsComposeWithDriverText) {
  const auto id = Add(SmallHost());
  ASSERT_TRUE(maas_.SetReachable(id, false).ok());
  const auto e = ComposeError(id, {});
  EXPECT_EQ(e.http_status, 503);
  EXPECT_EQ(e.body.rfind("Unable to compose machine because: Failed talking to pod: Pod 1:", 0),
            0u);
}

TEST_F(FakeMaasTest, AfterMaas38EveryVMHostEndpointIsGone) {
  FakeMaasOptions options;
  options.vm_hosts_removed = true;
  FakeMaas gone(clock_, options);
  ASSERT_TRUE(gone.AddVMHost(SmallHost()).ok());
  EXPECT_EQ(gone.ListVMHosts().error().http_status, 410);
  EXPECT_EQ(gone.ComposeMachine(1, {}).error().body,
            "VM host (KVM) support has been removed from MAAS.");
}

TEST_F(FakeMaasTest, ListMachinesFiltersByPodName) {
  const auto a = Add(SmallHost("a"));
  const auto b = Add(SmallHost("b"));
  Compose(a, {});
  Compose(b, {});
  Compose(b, {});
  EXPECT_EQ(maas_.ListMachines({.pod = "b", .hostname = std::nullopt, .ids = {}}).value().size(),
            2u);
  EXPECT_EQ(maas_.ListMachines({}).value().size(), 3u);
}

TEST_F(FakeMaasTest, RemovingAHostRemovesItsMachines) {
  const auto a = Add(SmallHost("a"));
  const auto system_id = Compose(a, {});
  ASSERT_TRUE(maas_.RemoveVMHost(a).ok());
  EXPECT_EQ(maas_.GetMachine(system_id).error().http_status, 404);
  EXPECT_EQ(maas_.GetVMHost(a).error().http_status, 404);
}

TEST_F(FakeMaasTest, InvalidHostSpecsAreRejectedWithTheirName) {
  auto spec = SmallHost("bad");
  spec.storage_pools.clear();
  auto r = maas_.AddVMHost(spec);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("\"bad\""), std::string::npos);
  EXPECT_TRUE(maas_.AddVMHost(SmallHost("dup")).ok());
  EXPECT_FALSE(maas_.AddVMHost(SmallHost("dup")).ok());
}

TEST(FakeMaasDeterminism, SameSeedAndCallsGiveSameIdsAndHostnames) {
  const auto run = [](uint64_t seed) {
    core::ManualClock clock;
    FakeMaas maas(clock, {.seed = seed});
    const auto id = maas.AddVMHost(SmallHost()).value();
    std::vector<std::string> out;
    for (int i = 0; i < 5; ++i) {
      const auto sid = maas.ComposeMachine(id, {}).value().system_id;
      out.push_back(sid + "/" + maas.GetMachine(sid).value().hostname);
    }
    return out;
  };
  EXPECT_EQ(run(7), run(7));
  EXPECT_NE(run(7), run(8));
}

// --- Host health: the machine backing a VM host (reference 1.2 `host`, 8.7) ---

namespace health {

FakeHostSpec BackedHost(std::string name = "h1") {
  FakeHostSpec h = SmallHost(std::move(name));
  h.machine = FakeBackingMachine{};
  return h;
}

class FakeMaasHealthTest : public FakeMaasTest {};

TEST_F(FakeMaasHealthTest, BackingMachineIsReadableWithPowerStateAndStatus) {
  const int64_t id = Add(BackedHost());
  const auto system_id = Host(id).host_system_id;
  ASSERT_TRUE(system_id.has_value());
  EXPECT_EQ(system_id->size(), 6u);
  auto m = maas_.GetMachine(*system_id);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value().power_state, "on");
  EXPECT_EQ(m.value().status, NodeStatus::kDeployed);
  EXPECT_EQ(nlohmann::json(m.value())["status_name"], "Deployed");
  EXPECT_FALSE(m.value().pod.has_value());  // it stands under the VM host, not in it
  EXPECT_EQ(m.value().hostname, "h1");
  EXPECT_EQ(maas_.MachineCount(), 0u);  // not a composed machine
}

TEST_F(FakeMaasHealthTest, HostWithoutBackingMachineHasNullSystemId) {
  const int64_t id = Add(SmallHost());
  EXPECT_FALSE(Host(id).host_system_id.has_value());
  EXPECT_EQ(maas_.SetHostMachinePower(id, "off").kind(), core::ErrorKind::kNotFound);
}

TEST_F(FakeMaasHealthTest, OperatorChangesPowerAndStatus) {
  const int64_t id = Add(BackedHost());
  const std::string system_id = *Host(id).host_system_id;
  ASSERT_TRUE(maas_.SetHostMachinePower(id, "off").ok());
  ASSERT_TRUE(maas_.SetHostMachineStatus(id, NodeStatus::kBroken).ok());
  auto m = maas_.GetMachine(system_id);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value().power_state, "off");
  EXPECT_EQ(nlohmann::json(m.value())["status_name"], "Broken");
  EXPECT_EQ(maas_.SetHostMachinePower(id, "sleeping").kind(), core::ErrorKind::kInvalidRequest);
  EXPECT_EQ(maas_.SetHostMachinePower(99, "on").kind(), core::ErrorKind::kNotFound);
}

TEST_F(FakeMaasHealthTest, ListMachinesByIdReturnsOnlyThoseIncludingBackingMachines) {
  const int64_t a = Add(BackedHost("a"));
  Add(BackedHost("b"));
  const std::string composed = Compose(a, {{"hostname", "vm1"}});
  const std::string backing = *Host(a).host_system_id;
  auto listed = maas_.ListMachines(
      {.pod = std::nullopt, .hostname = std::nullopt, .ids = {backing, composed, "nope42"}});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value().size(), 2u);
  EXPECT_LT(listed.value()[0].system_id, listed.value()[1].system_id);  // ordered by system_id
  EXPECT_EQ(maas_.ListMachines({}).value().size(), 3u);  // two hosts' machines and the VM
  // A pod filter lists the VM host's composed machines only.
  EXPECT_EQ(maas_.ListMachines({.pod = "a", .hostname = std::nullopt, .ids = {}}).value().size(),
            1u);
}

TEST_F(FakeMaasHealthTest, ComposedMachinesNameTheBackingMachineAsParent) {
  const int64_t id = Add(BackedHost());
  auto m = maas_.GetMachine(Compose(id, {}));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value().extra["parent"]["system_id"], *Host(id).host_system_id);
}

// --- The `interfaces` compose parameter (reference 2.4) ---

TEST_F(FakeMaasHealthTest, MalformedInterfacesIs400JsonWithMaasText) {
  const int64_t id = Add(BackedHost());
  const auto e = ComposeError(id, {{"interfaces", "name=eth0,ip=10.0.0.5"}});
  EXPECT_EQ(e.http_status, 400);
  EXPECT_TRUE(e.body_is_json);
  EXPECT_EQ(
      nlohmann::json::parse(e.body),
      nlohmann::json::parse(
          R"j({"interfaces": ["Malformed constraint: 'name=eth0,ip=10.0.0.5' (required format: '<label>:<key>=<value>[,<key2>=<value2>[,...]]')"]})j"));
}

TEST_F(FakeMaasHealthTest, UnknownInterfacesKeyIs400JsonWithoutTheClosingQuote) {
  const int64_t id = Add(BackedHost());
  const auto e = ComposeError(id, {{"interfaces", "eth0:bridge=br0"}});
  EXPECT_EQ(e.http_status, 400);
  EXPECT_TRUE(e.body_is_json);
  EXPECT_EQ(nlohmann::json::parse(e.body)["interfaces"][0],
            "Unknown interfaces constraint: 'bridge");
}

TEST_F(FakeMaasHealthTest, InterfacesOnAHostMaasDoesNotKnowIs400Text) {
  const int64_t id = Add(SmallHost());
  const auto e = ComposeError(id, {{"interfaces", "eth0:fabric=fabric-0"}});
  EXPECT_EQ(e.http_status, 400);
  EXPECT_FALSE(e.body_is_json);
  EXPECT_EQ(e.body, "Pod must be on a known host if interfaces are specified.");
}

TEST_F(FakeMaasHealthTest, InterfacesMatchTheHostsNetworks) {
  FakeHostSpec spec = BackedHost();
  spec.networks = {{"br0", "fabric-0", 0, "", "10.0.0.0/24", true},
                   {"br-storage", "fabric-1", 20, "storage", "10.20.0.0/24", false}};
  const int64_t id = Add(spec);
  for (const char* ok :
       {"eth0:name=br0", "eth0:space=storage;eth1:fabric=fabric-0", "eth0:ip=10.0.0.9",
        "eth0:vid=20,subnet=10.20.0.0/24;eth1:not_space=storage",
        "eth0:subnet_cidr=cidr:10.0.0.0/24", "eth0:mode=auto"}) {
    EXPECT_TRUE(maas_.ComposeMachine(id, {{"interfaces", ok}}).ok()) << ok;
  }
  const auto nomatch = ComposeError(id, {{"interfaces", "eth0:space=storage,fabric=fabric-0"}});
  EXPECT_EQ(nomatch.http_status, 400);
  EXPECT_FALSE(nomatch.body_is_json);
  EXPECT_EQ(nomatch.body, "This pod does not match the specified networks.");
  EXPECT_EQ(ComposeError(id, {{"interfaces", "eth0:ip=10.30.0.1"}}).body,
            "This pod does not match the specified networks.");
  EXPECT_EQ(ComposeError(id, {{"interfaces", "eth0:space=storage"}}).body,
            "MAAS DHCP must be enabled on at least one VLAN attached to the specified interfaces.");
}

// MAAS 3.7's ComposeMachineForm.compose: check_over_commit_ratios, then get_requested_machine
// (which resolves the interfaces). On a full host a non-matching constraint gets the 503.
TEST_F(FakeMaasHealthTest, OverCommitIsCheckedBeforeInterfaces) {
  FakeHostSpec spec = BackedHost();
  spec.cores = 1;
  const int64_t id = Add(spec);
  Compose(id, {{"cores", "1"}});
  EXPECT_EQ(ComposeError(id, {{"interfaces", "eth0:space=nowhere"}}).http_status, 503);
  spec.name = "roomy";
  spec.cores = 4;
  const int64_t roomy = Add(spec);
  EXPECT_EQ(ComposeError(roomy, {{"interfaces", "eth0:space=nowhere"}}).http_status, 400);
}

}  // namespace health

}  // namespace
}  // namespace vmsim::fakes
