// Pins the JSON codecs against MAAS's own example payloads (src/maasserver/api/examples,
// kept in tests/fixtures/maas): every VM host and machine parses and
// re-serialises to the same JSON, so nothing MAAS sends is lost or invented.
#include "core/json_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>

namespace vmsim::core {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// The MAAS example directory, or nullopt with the reason in `why`.
std::optional<std::filesystem::path> ExamplesDir(std::string& why) {
  const char* root = std::getenv("VMSIM_SOURCE_DIR");
  if (root == nullptr || *root == '\0') root = VMSIM_SOURCE_DIR_DEFAULT;
  const auto dir = std::filesystem::path(root) / "tests" / "fixtures" / "maas";
  if (!std::filesystem::is_directory(dir)) {
    why = "MAAS example payloads not found at " + dir.string();
    return std::nullopt;
  }
  return dir;
}

json LoadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return json::parse(in);
}

// Loads one example file into `out`; skips the test when the reference is absent.
#define LOAD_EXAMPLE(out, file)        \
  json out;                            \
  {                                    \
    std::string why;                   \
    const auto dir = ExamplesDir(why); \
    if (!dir) FAIL() << why;           \
    out = LoadJson(*dir / (file));     \
  }

// A minimal LXD VM host as MAAS 3.x displays it, with every field.
json LxdHostJson() {
  return json::parse(R"({
    "id": 7, "name": "lxd-host-1", "tags": ["pod-console-logging", "lxd"], "type": "lxd",
    "architectures": ["amd64/generic"],
    "capabilities": ["composable", "dynamic_local_storage", "over_commit", "storage_pools"],
    "total": {"cores": 8, "memory": 15916, "local_storage": 47751942144},
    "used": {"cores": 10, "memory": 1024, "local_storage": 8000000000},
    "available": {"cores": -2, "memory": 14892, "local_storage": 39751942144},
    "zone": {"name": "zone-a", "description": "", "id": 2,
             "resource_uri": "/MAAS/api/2.0/zones/zone-a/"},
    "cpu_over_commit_ratio": 1.5, "memory_over_commit_ratio": 1.0,
    "storage_pools": [{"id": "default", "name": "default", "type": "zfs", "path": "Unknown",
                       "total": 47751942144, "used": 8000000000, "available": 39751942144,
                       "default": true}],
    "pool": {"name": "default", "description": "Default pool", "id": 0,
             "resource_uri": "/MAAS/api/2.0/resourcepool/0/"},
    "host": {"system_id": "abc123", "__incomplete__": true},
    "default_macvlan_mode": "bridge",
    "version": "5.21.1",
    "resource_uri": "/MAAS/api/2.0/vm-hosts/7/"
  })");
}

// --- VM hosts -------------------------------------------------------------------------------

TEST(VMHostJson, EveryMaasExampleHostRoundTrips) {
  LOAD_EXAMPLE(examples, "vm-hosts.json");
  std::vector<std::pair<std::string, json>> hosts;
  ASSERT_TRUE(examples.at("read-vmhosts").is_array());
  ASSERT_FALSE(examples.at("read-vmhosts").empty());
  for (const json& h : examples.at("read-vmhosts")) hosts.emplace_back("read-vmhosts[]", h);
  for (const char* key : {"add-tag", "remove-tag", "create", "refresh-vmhost", "update-vmhost"}) {
    hosts.emplace_back(key, examples.at(key));
  }
  for (const auto& [name, input] : hosts) {
    auto host = DecodeJson<VMHost>(input, name);
    ASSERT_TRUE(host.ok()) << name << ": " << host.status().ToString();
    const json output = *host;
    EXPECT_EQ(output, input) << name << "\nin:  " << input.dump() << "\nout: " << output.dump();
  }
}

TEST(VMHostJson, ExampleHostFieldsAreTyped) {
  LOAD_EXAMPLE(examples, "vm-hosts.json");
  auto host = DecodeJson<VMHost>(examples.at("read-vmhosts").at(0), "vm host");
  ASSERT_TRUE(host.ok()) << host.status().ToString();
  EXPECT_EQ(host->id, 3);
  EXPECT_EQ(host->IdString(), "3");
  EXPECT_EQ(host->name, "proud-cat");
  EXPECT_EQ(host->type, "virsh");
  EXPECT_EQ(host->total, (ResourceInfo{17, 17408, 102193675437}));
  EXPECT_EQ(host->used, (ResourceInfo{11, 13312, 12198851584}));
  EXPECT_EQ(host->available, (ResourceInfo{6, 4096, 89994823853}));
  EXPECT_TRUE(host->HasCapability("composable"));
  ASSERT_EQ(host->storage_pools.size(), 3u);
  EXPECT_TRUE(host->storage_pools[0].is_default);
  EXPECT_FALSE(host->storage_pools[1].is_default);
  EXPECT_EQ(host->storage_pools[1].available, 22421223965);
  EXPECT_EQ(host->zone.name, "default");
  EXPECT_EQ(host->zone.id, 1);
  EXPECT_FALSE(host->host_system_id.has_value());
  EXPECT_FALSE(host->default_macvlan_mode.has_value());
  EXPECT_FALSE(host->version.has_value());  // this example predates the field
}

TEST(VMHostJson, DefaultPoolHasIdZero) {
  LOAD_EXAMPLE(examples, "vm-hosts.json");
  for (const char* key : {"create", "refresh-vmhost"}) {
    auto host = DecodeJson<VMHost>(examples.at(key), key);
    ASSERT_TRUE(host.ok()) << host.status().ToString();
    EXPECT_EQ(host->pool.id, 0) << key;
    EXPECT_EQ(host->pool.name, "default") << key;
    EXPECT_EQ(host->pool.description, "Default pool") << key;
    EXPECT_EQ(host->pool.resource_uri, "/MAAS/api/2.0/resourcepool/0/") << key;
  }
  // And a default pool built in code says id 0 on the wire.
  VMHost h;
  h.pool = NamedRef{0, "default", "Default pool", "/MAAS/api/2.0/resourcepool/0/"};
  EXPECT_EQ(json(h).at("pool").at("id"), 0);
}

TEST(VMHostJson, LxdHostWithEveryFieldRoundTrips) {
  const json input = LxdHostJson();
  auto host = DecodeJson<VMHost>(input, "vm host");
  ASSERT_TRUE(host.ok()) << host.status().ToString();
  EXPECT_EQ(host->host_system_id, "abc123");
  EXPECT_EQ(host->default_macvlan_mode, "bridge");
  EXPECT_EQ(host->version, "5.21.1");
  EXPECT_EQ(host->available.cores, -2);  // over-committed: never clamped
  EXPECT_DOUBLE_EQ(host->cpu_over_commit_ratio, 1.5);
  EXPECT_EQ(json(*host), input);
}

TEST(VMHostJson, NullHostSystemIdSurvives) {
  json input = LxdHostJson();
  input["host"]["system_id"] = nullptr;
  auto host = DecodeJson<VMHost>(input, "vm host");
  ASSERT_TRUE(host.ok()) << host.status().ToString();
  EXPECT_FALSE(host->host_system_id.has_value());
  const json output = *host;
  ASSERT_TRUE(output.at("host").contains("system_id"));
  EXPECT_TRUE(output.at("host").at("system_id").is_null());
  EXPECT_EQ(output.at("host").at("__incomplete__"), true);
  EXPECT_EQ(output, input);
}

TEST(VMHostJson, DefaultMacvlanModeNullEmptyAndSetAreDistinct) {
  for (const json& mode : {json(nullptr), json(""), json("vepa")}) {
    json input = LxdHostJson();
    input["default_macvlan_mode"] = mode;
    auto host = DecodeJson<VMHost>(input, "vm host");
    ASSERT_TRUE(host.ok()) << host.status().ToString();
    EXPECT_EQ(host->default_macvlan_mode.has_value(), !mode.is_null()) << mode;
    const json output = *host;
    EXPECT_EQ(output.at("default_macvlan_mode"), mode);
    EXPECT_EQ(output, input);
  }
}

TEST(VMHostJson, EmitsExactlyMaasDisplayedFields) {
  // DISPLAYED_POD_FIELDS plus piston's resource_uri; nothing MAAS never sends.
  const std::set<std::string> want = {"id",
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
  VMHost h;
  h.version = "5.21";
  const json j = h;
  std::set<std::string> got;
  for (const auto& [key, value] : j.items()) got.insert(key);
  EXPECT_EQ(got, want);
  EXPECT_FALSE(json(VMHost{}).contains("version"));
}

TEST(VMHostJson, StoragePoolDefaultFlagIsNamedDefaultOnTheWire) {
  StoragePool p;
  p.id = p.name = "ssd";
  p.is_default = true;
  const json j = p;
  EXPECT_EQ(j.at("default"), true);
  EXPECT_FALSE(j.contains("is_default"));
}

TEST(VMHostJson, MissingTotalIsInvalidRequestNamingTheField) {
  json input = LxdHostJson();
  input.erase("total");
  auto host = DecodeJson<VMHost>(input, "vm host");
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(host.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_THAT(host.status().message(), HasSubstr("vm host"));
  EXPECT_THAT(host.status().message(), HasSubstr("total"));
}

TEST(VMHostJson, MissingNestedFieldIsInvalidRequestNamingIt) {
  json input = LxdHostJson();
  input["used"].erase("local_storage");
  auto host = DecodeJson<VMHost>(input, "vm host");
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(host.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_THAT(host.status().message(), HasSubstr("local_storage"));
}

TEST(VMHostJson, WrongTypeIsInvalidRequest) {
  json input = LxdHostJson();
  input["id"] = "7";
  auto host = DecodeJson<VMHost>(input, "vm host");
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(host.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_THAT(host.status().message(), HasSubstr("malformed vm host JSON"));
}

TEST(VMHostJson, ListOfHostsDecodes) {
  const json input = json::array({LxdHostJson(), LxdHostJson()});
  auto hosts = DecodeJson<std::vector<VMHost>>(input, "vm hosts");
  ASSERT_TRUE(hosts.ok()) << hosts.status().ToString();
  EXPECT_EQ(hosts->size(), 2u);
}

// --- Machines -------------------------------------------------------------------------------

TEST(MachineJson, EveryMaasExampleMachineRoundTrips) {
  LOAD_EXAMPLE(examples, "machines.json");
  int checked = 0;
  for (const auto& [name, input] : examples.items()) {
    if (name == "machines-placeholder") continue;  // {"message": ...}: not a machine
    auto machine = DecodeJson<Machine>(input, name);
    ASSERT_TRUE(machine.ok()) << name << ": " << machine.status().ToString();
    const json output = *machine;
    EXPECT_EQ(output, input) << name << ": " << json::diff(input, output).dump();
    ++checked;
  }
  EXPECT_GE(checked, 19);
}

TEST(MachineJson, PlaceholderIsNotAMachine) {
  LOAD_EXAMPLE(examples, "machines.json");
  auto machine = DecodeJson<Machine>(examples.at("machines-placeholder"), "machine");
  ASSERT_FALSE(machine.ok());
  EXPECT_EQ(machine.status().kind(), ErrorKind::kInvalidRequest);
}

TEST(MachineJson, ExampleMachineFieldsAreTyped) {
  LOAD_EXAMPLE(examples, "machines.json");
  const json& input = examples.at("machines-commission");
  auto m = DecodeJson<Machine>(input, "machine");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->system_id, input.at("system_id").get<std::string>());
  EXPECT_EQ(m->status, NodeStatus::kCommissioning);
  EXPECT_EQ(m->power_type, "virsh");
  ASSERT_TRUE(m->pod.has_value());
  EXPECT_EQ(m->pod->id, 1);
  EXPECT_EQ(m->pod->name, "LXCPod");
  EXPECT_EQ(m->pod->resource_uri, "/MAAS/api/2.0/pods/1/");
  // Untyped fields are kept, typed ones are not duplicated in extra.
  EXPECT_TRUE(m->extra.contains("boot_interface"));
  EXPECT_FALSE(m->extra.contains("system_id"));
  EXPECT_FALSE(m->extra.contains("status_name"));
}

TEST(MachineJson, MachineWithoutPodRoundTripsWithNullPod) {
  LOAD_EXAMPLE(examples, "machines.json");
  const json& input = examples.at("machines-create");
  ASSERT_TRUE(input.at("pod").is_null());
  auto m = DecodeJson<Machine>(input, "machine");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_FALSE(m->pod.has_value());
  EXPECT_TRUE(json(*m).at("pod").is_null());
}

// A composed LXD machine as MAAS 3.x shows it (reference 2.7).
json ComposedMachineJson() {
  return json::parse(R"({
    "system_id": "wdpx3n", "hostname": "vm-one", "status": 1, "status_name": "Commissioning",
    "power_type": "lxd", "cpu_count": 2, "memory": 4096, "architecture": "amd64/generic",
    "tag_names": ["pod-console-logging"],
    "zone": {"name": "zone-a", "description": "", "id": 2,
             "resource_uri": "/MAAS/api/2.0/zones/zone-a/"},
    "pool": {"name": "default", "description": "Default pool", "id": 0,
             "resource_uri": "/MAAS/api/2.0/resourcepool/0/"},
    "pod": {"id": 7, "name": "lxd-host-1", "resource_uri": "/MAAS/api/2.0/pods/7/"},
    "virtualmachine_id": 42, "parent": {"system_id": "abc123"},
    "resource_uri": "/MAAS/api/2.0/machines/wdpx3n/"
  })");
}

TEST(MachineJson, VirtualMachineIdRoundTrips) {
  const json input = ComposedMachineJson();
  auto m = DecodeJson<Machine>(input, "machine");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->virtualmachine_id, 42);
  EXPECT_EQ(m->extra.at("parent").at("system_id"), "abc123");
  EXPECT_EQ(json(*m), input);
}

TEST(MachineJson, NullVirtualMachineIdSurvives) {
  // MAAS shows "virtualmachine_id": null for machines that are not VMs.
  json input = ComposedMachineJson();
  input["virtualmachine_id"] = nullptr;
  auto m = DecodeJson<Machine>(input, "machine");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_FALSE(m->virtualmachine_id.has_value());
  EXPECT_EQ(json(*m), input);
}

TEST(MachineJson, StatusNameFollowsStatus) {
  auto m = DecodeJson<Machine>(ComposedMachineJson(), "machine");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  m->status = NodeStatus::kReady;
  const json out = *m;
  EXPECT_EQ(out.at("status"), 4);
  EXPECT_EQ(out.at("status_name"), "Ready");
}

TEST(MachineJson, MissingSystemIdIsInvalidRequest) {
  json input = ComposedMachineJson();
  input.erase("system_id");
  auto m = DecodeJson<Machine>(input, "machine");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_THAT(m.status().message(), HasSubstr("system_id"));
}

TEST(NodeStatusName, MaasLabels) {
  EXPECT_EQ(NodeStatusName(NodeStatus::kNew), "New");
  EXPECT_EQ(NodeStatusName(NodeStatus::kCommissioning), "Commissioning");
  EXPECT_EQ(NodeStatusName(NodeStatus::kFailedCommissioning), "Failed commissioning");
  EXPECT_EQ(NodeStatusName(NodeStatus::kReady), "Ready");
  EXPECT_EQ(NodeStatusName(NodeStatus::kDeployed), "Deployed");
  EXPECT_EQ(NodeStatusName(NodeStatus::kDeploying), "Deploying");
  EXPECT_EQ(NodeStatusName(NodeStatus::kAllocated), "Allocated");
  EXPECT_EQ(NodeStatusName(NodeStatus::kReleasing), "Releasing");
  EXPECT_EQ(NodeStatusName(NodeStatus::kTesting), "Testing");
  EXPECT_EQ(NodeStatusName(static_cast<NodeStatus>(22)), "Failed testing");
  EXPECT_EQ(NodeStatusName(static_cast<NodeStatus>(23)), "Unknown");
  EXPECT_EQ(NodeStatusName(static_cast<NodeStatus>(-1)), "Unknown");
}

// --- Compose response and parameters --------------------------------------------------------

TEST(ComposeResponseJson, MaasExampleDecodesAndRoundTrips) {
  LOAD_EXAMPLE(examples, "vm-hosts.json");
  const json& input = examples.at("compose");
  auto r = DecodeJson<ComposeResponse>(input, "compose response");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->system_id, "wdpx3n");
  EXPECT_EQ(r->resource_uri, "/MAAS/api/2.0/machines/wdpx3n/");
  EXPECT_EQ(json(*r), input);
}

TEST(ComposeResponseJson, HasExactlyTwoKeys) {
  const json j = ComposeResponse{"abc123", "/MAAS/api/2.0/machines/abc123/"};
  EXPECT_EQ(j.size(), 2u);
  EXPECT_EQ(j.at("system_id"), "abc123");
}

TEST(VMHostParametersJson, MaasExampleDecodesAndRoundTrips) {
  LOAD_EXAMPLE(examples, "vm-hosts.json");
  const json& input = examples.at("parameters");
  auto p = DecodeJson<VMHostParameters>(input, "parameters");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->power_address, "qemu+ssh://ubuntu@172.16.2.42/system");
  EXPECT_EQ(p->project, "");  // virsh has no project
  EXPECT_EQ(json(*p), input);
}

TEST(VMHostParametersJson, LxdProjectIsRead) {
  const json input = {{"power_address", "10.0.0.5:8443"}, {"project", "maas"}};
  auto p = DecodeJson<VMHostParameters>(input, "parameters");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->project, "maas");
  EXPECT_EQ(json(*p), input);
}

TEST(VMHostParametersJson, MissingPowerAddressIsInvalidRequest) {
  auto p = DecodeJson<VMHostParameters>(json{{"project", "maas"}}, "parameters");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_THAT(p.status().message(), HasSubstr("power_address"));
}

}  // namespace
}  // namespace vmsim::core
