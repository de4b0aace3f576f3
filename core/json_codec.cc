#include "core/json_codec.h"

#include <array>

namespace vmsim::core {

using nlohmann::json;

namespace {

template <typename T>
json NullableToJson(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

template <typename T>
std::optional<T> NullableFromJson(const json& j, const char* key) {
  const auto& v = j.at(key);
  if (v.is_null()) return std::nullopt;
  return v.template get<T>();
}

}  // namespace

namespace {
// maascommon/node.py NODE_STATUS_LABELS, indexed by status value.
constexpr std::array<std::string_view, 23> kLabels = {"New",
                                                      "Commissioning",
                                                      "Failed commissioning",
                                                      "Missing",
                                                      "Ready",
                                                      "Reserved",
                                                      "Deployed",
                                                      "Retired",
                                                      "Broken",
                                                      "Deploying",
                                                      "Allocated",
                                                      "Failed deployment",
                                                      "Releasing",
                                                      "Failed releasing",
                                                      "Disk erasing",
                                                      "Failed disk erasing",
                                                      "Rescue mode",
                                                      "Entering rescue mode",
                                                      "Failed to enter rescue mode",
                                                      "Exiting rescue mode",
                                                      "Failed to exit rescue mode",
                                                      "Testing",
                                                      "Failed testing"};
}  // namespace

std::optional<NodeStatus> NodeStatusFromName(std::string_view name) {
  for (size_t i = 0; i < kLabels.size(); ++i) {
    if (kLabels[i] == name) return static_cast<NodeStatus>(i);
  }
  return std::nullopt;
}

std::string_view NodeStatusName(NodeStatus s) {
  const int i = static_cast<int>(s);
  return i >= 0 && i < static_cast<int>(kLabels.size()) ? kLabels[i] : "Unknown";
}

void to_json(json& j, const ResourceInfo& r) {
  j = json{{"cores", r.cores}, {"memory", r.memory}, {"local_storage", r.local_storage}};
}
void from_json(const json& j, ResourceInfo& r) {
  j.at("cores").get_to(r.cores);
  j.at("memory").get_to(r.memory);
  j.at("local_storage").get_to(r.local_storage);
}

void to_json(json& j, const NamedRef& r) {
  j = json{{"name", r.name},
           {"description", r.description},
           {"id", r.id},
           {"resource_uri", r.resource_uri}};
}
void from_json(const json& j, NamedRef& r) {
  j.at("name").get_to(r.name);
  j.at("description").get_to(r.description);
  j.at("id").get_to(r.id);
  j.at("resource_uri").get_to(r.resource_uri);
}

void to_json(json& j, const StoragePool& p) {
  j = json{
      {"id", p.id},       {"name", p.name}, {"type", p.type},           {"path", p.path},
      {"total", p.total}, {"used", p.used}, {"available", p.available}, {"default", p.is_default}};
}
void from_json(const json& j, StoragePool& p) {
  j.at("id").get_to(p.id);
  j.at("name").get_to(p.name);
  j.at("type").get_to(p.type);
  j.at("path").get_to(p.path);
  j.at("total").get_to(p.total);
  j.at("used").get_to(p.used);
  j.at("available").get_to(p.available);
  j.at("default").get_to(p.is_default);
}

void to_json(json& j, const VMHost& h) {
  j = json{
      {"id", h.id},
      {"name", h.name},
      {"tags", h.tags},
      {"type", h.type},
      {"architectures", h.architectures},
      {"capabilities", h.capabilities},
      {"total", h.total},
      {"used", h.used},
      {"available", h.available},
      {"zone", h.zone},
      {"cpu_over_commit_ratio", h.cpu_over_commit_ratio},
      {"memory_over_commit_ratio", h.memory_over_commit_ratio},
      {"storage_pools", h.storage_pools},
      {"pool", h.pool},
      {"host", json{{"system_id", NullableToJson(h.host_system_id)}, {"__incomplete__", true}}},
      {"default_macvlan_mode", NullableToJson(h.default_macvlan_mode)},
      {"resource_uri", h.resource_uri}};
  if (h.version) j["version"] = *h.version;
}
void from_json(const json& j, VMHost& h) {
  j.at("id").get_to(h.id);
  j.at("name").get_to(h.name);
  j.at("tags").get_to(h.tags);
  j.at("type").get_to(h.type);
  j.at("architectures").get_to(h.architectures);
  j.at("capabilities").get_to(h.capabilities);
  j.at("total").get_to(h.total);
  j.at("used").get_to(h.used);
  j.at("available").get_to(h.available);
  j.at("zone").get_to(h.zone);
  j.at("cpu_over_commit_ratio").get_to(h.cpu_over_commit_ratio);
  j.at("memory_over_commit_ratio").get_to(h.memory_over_commit_ratio);
  j.at("storage_pools").get_to(h.storage_pools);
  j.at("pool").get_to(h.pool);
  h.host_system_id = NullableFromJson<std::string>(j.at("host"), "system_id");
  h.default_macvlan_mode = NullableFromJson<std::string>(j, "default_macvlan_mode");
  h.version = j.contains("version") ? NullableFromJson<std::string>(j, "version") : std::nullopt;
  j.at("resource_uri").get_to(h.resource_uri);
}

namespace {
constexpr std::array<const char*, 16> kTypedMachineKeys = {
    "system_id",   "hostname",   "fqdn",      "power_state", "status",
    "status_name", "power_type", "cpu_count", "memory",      "architecture",
    "tag_names",   "zone",       "pool",      "pod",         "virtualmachine_id",
    "resource_uri"};
}  // namespace

void to_json(json& j, const Machine::PodRef& p) {
  j = json{{"id", p.id}, {"name", p.name}, {"resource_uri", p.resource_uri}};
}
void from_json(const json& j, Machine::PodRef& p) {
  j.at("id").get_to(p.id);
  j.at("name").get_to(p.name);
  j.at("resource_uri").get_to(p.resource_uri);
}

void to_json(json& j, const Machine& m) {
  j = m.extra;
  j["system_id"] = m.system_id;
  j["hostname"] = m.hostname;
  if (!m.fqdn.empty()) j["fqdn"] = m.fqdn;
  if (!m.power_state.empty()) j["power_state"] = m.power_state;
  j["status"] = static_cast<int>(m.status);
  j["status_name"] = NodeStatusName(m.status);
  j["power_type"] = m.power_type;
  j["cpu_count"] = m.cpu_count;
  j["memory"] = m.memory;
  j["architecture"] = m.architecture;
  j["tag_names"] = m.tag_names;
  j["zone"] = m.zone;
  j["pool"] = m.pool;
  j["pod"] = m.pod ? json(*m.pod) : json(nullptr);
  if (m.virtualmachine_id) j["virtualmachine_id"] = *m.virtualmachine_id;
  j["resource_uri"] = m.resource_uri;
}
void from_json(const json& j, Machine& m) {
  j.at("system_id").get_to(m.system_id);
  j.at("hostname").get_to(m.hostname);
  m.fqdn = j.value("fqdn", "");
  m.power_state = j.value("power_state", "");
  m.status = static_cast<NodeStatus>(j.at("status").get<int>());
  j.at("power_type").get_to(m.power_type);
  j.at("cpu_count").get_to(m.cpu_count);
  j.at("memory").get_to(m.memory);
  j.at("architecture").get_to(m.architecture);
  j.at("tag_names").get_to(m.tag_names);
  j.at("zone").get_to(m.zone);
  j.at("pool").get_to(m.pool);
  m.pod = NullableFromJson<Machine::PodRef>(j, "pod");
  m.virtualmachine_id = j.contains("virtualmachine_id")
                            ? NullableFromJson<int64_t>(j, "virtualmachine_id")
                            : std::nullopt;
  j.at("resource_uri").get_to(m.resource_uri);
  m.extra = json::object();
  for (const auto& [key, value] : j.items()) {
    bool typed = false;
    for (const char* k : kTypedMachineKeys) typed = typed || key == k;
    // MAAS 3.x sends "virtualmachine_id": null for machines that are not VMs, older
    // releases omit it: a null is kept in `extra` so that it re-serialises as it came.
    if (key == "virtualmachine_id" && value.is_null()) typed = false;
    if (!typed) m.extra[key] = value;
  }
}

void to_json(json& j, const ComposeResponse& r) {
  j = json{{"system_id", r.system_id}, {"resource_uri", r.resource_uri}};
}
void from_json(const json& j, ComposeResponse& r) {
  j.at("system_id").get_to(r.system_id);
  j.at("resource_uri").get_to(r.resource_uri);
}

void to_json(json& j, const VMHostParameters& p) {
  j = json{{"power_address", p.power_address}};
  if (!p.project.empty()) j["project"] = p.project;
}
void from_json(const json& j, VMHostParameters& p) {
  j.at("power_address").get_to(p.power_address);
  p.project = j.value("project", "");
}

}  // namespace vmsim::core
