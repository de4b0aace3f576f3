#include <set>

#include "fakes/seed_fleet.h"
#include "sim/scenario/scenario_limits.h"
#include "sim/scenario/scenario_parts.h"

namespace vmsim::sim::internal {
namespace {

const std::vector<std::string_view> kHostFields = {"name",
                                                   "type",
                                                   "zone",
                                                   "resource_pool",
                                                   "tags",
                                                   "architectures",
                                                   "cores",
                                                   "memory",
                                                   "storage_pools",
                                                   "default_storage_pool",
                                                   "cpu_over_commit",
                                                   "memory_over_commit",
                                                   "project",
                                                   "profiles",
                                                   "backing_machine",
                                                   "networks"};

// "backing_machine" (default true: MAAS deployed the LXD host on a machine, which starts on
// and Deployed) and "networks" (default: one, fakes::FakeHostNetwork's defaults).
void ReadHostHealthAndNetworks(JsonReader& r, const JsonReader::Node& n, fakes::FakeHostSpec& h) {
  h.machine = fakes::FakeBackingMachine{};
  if (!r.Bool(n, "backing_machine", true)) h.machine.reset();
  if (!n.Has("networks")) return;
  const auto list = n.At("networks");
  h.networks.clear();
  for (size_t i = 0, size = r.Array(list); i < size && r.ok(); ++i) {
    const auto e = list.At(i);
    if (!r.Object(e, {"name", "fabric", "vid", "space", "subnet", "dhcp"})) return;
    fakes::FakeHostNetwork net;
    net.name = r.String(e, "name", net.name);
    net.fabric = r.String(e, "fabric", net.fabric);
    net.vid = r.Int(e, "vid", 0, 0);
    net.space = r.String(e, "space", "");
    net.subnet = r.String(e, "subnet", "");
    net.dhcp = r.Bool(e, "dhcp", net.dhcp);
    h.networks.push_back(std::move(net));
  }
}

// The fields a host and a template share.
void ReadHostFields(JsonReader& r, const JsonReader::Node& n, fakes::FakeHostSpec& h) {
  h.type = r.String(n, "type", "lxd");
  if (h.type != "lxd" && h.type != "virsh")
    r.Fail(n.At("type").pointer, "expected \"lxd\" or \"virsh\"");
  h.zone = r.String(n, "zone", "default");
  h.resource_pool = r.String(n, "resource_pool", "default");
  h.tags = r.Strings(n, "tags");
  if (n.Has("architectures")) h.architectures = r.Strings(n, "architectures");
  h.cores = r.Int(n, "cores", std::nullopt, 0, kMaxCores);
  h.memory = r.MemoryMiB(n, "memory");
  if (r.ok() && h.memory < 0) r.Fail(n.At("memory").pointer, "must not be negative");
  if (r.ok() && h.memory > kMaxMemoryMiB) {
    r.Fail(n.At("memory").pointer,
           "must be at most " + std::to_string(kMaxMemoryMiB) + " MiB (1 EiB)");
  }
  if (r.ok() && h.architectures.empty())
    r.Fail(n.At("architectures").pointer, "needs at least one architecture");
  h.cpu_over_commit_ratio = r.Number(n, "cpu_over_commit", 1.0, 0, 10);
  h.memory_over_commit_ratio = r.Number(n, "memory_over_commit", 1.0, 0, 10);
  h.project = r.String(n, "project", "default");
  if (n.Has("profiles")) h.profiles = r.Strings(n, "profiles");
  h.default_storage_pool = r.String(n, "default_storage_pool", "");
  ReadHostHealthAndNetworks(r, n, h);
  if (!n.Has("storage_pools")) {
    r.Fail(n.pointer + "/storage_pools", "required field is missing");
    return;
  }
  const auto pools = n.At("storage_pools");
  const size_t count = r.Array(pools);
  if (count == 0 && r.ok()) r.Fail(pools.pointer, "a VM host needs at least one storage pool");
  std::set<std::string> names;
  for (size_t i = 0; i < count; ++i) {
    const auto p = pools.At(i);
    if (!r.Object(p, {"name", "size", "type"})) return;
    fakes::FakeStoragePoolSpec pool;
    pool.name = r.String(p, "name");
    pool.total = r.Bytes(p, "size");
    pool.type = r.String(p, "type", "dir");
    if (!names.insert(pool.name).second)
      r.Fail(p.At("name").pointer, "duplicate storage pool name");
    if (pool.total <= 0 && r.ok()) r.Fail(p.At("size").pointer, "must be positive");
    if (pool.total > kMaxStorageBytes && r.ok())
      r.Fail(p.At("size").pointer, "must be at most 1 EiB");
    h.storage_pools.push_back(pool);
  }
  if (!h.default_storage_pool.empty() && !names.contains(h.default_storage_pool)) {
    r.Fail(n.At("default_storage_pool").pointer, "not one of this host's storage pools");
  }
}

}  // namespace

void ReadHostList(JsonReader& r, const JsonReader::Node& parent,
                  std::vector<fakes::FakeHostSpec>& out) {
  if (parent.Has("hosts")) {
    const auto hosts = parent.At("hosts");
    for (size_t i = 0, n = r.Array(hosts); i < n && r.ok(); ++i) {
      const auto h = hosts.At(i);
      if (!r.Object(h, kHostFields)) return;
      fakes::FakeHostSpec spec;
      spec.name = r.String(h, "name");
      ReadHostFields(r, h, spec);
      out.push_back(std::move(spec));
    }
  }
  if (parent.Has("templates")) {
    const auto templates = parent.At("templates");
    // The hosts the templates make, counted before any is made.
    int64_t hosts = static_cast<int64_t>(out.size());
    for (size_t i = 0, n = r.Array(templates); i < n && r.ok(); ++i) {
      const auto t = templates.At(i);
      if (!t.Has("count")) continue;
      hosts += r.Int(t, "count", std::nullopt, 1, kMaxHosts);
      if (r.ok() && hosts > kMaxHosts) {
        r.Fail(t.At("count").pointer, "makes more than " + std::to_string(kMaxHosts) + " VM hosts");
      }
    }
    for (size_t i = 0, n = r.Array(templates); i < n && r.ok(); ++i) {
      const auto t = templates.At(i);
      // A host's fields but its name, which the template makes from name_prefix.
      std::vector<std::string_view> fields = {"count", "name_prefix", "zones"};
      fields.insert(fields.end(), kHostFields.begin() + 1, kHostFields.end());
      if (!r.Object(t, fields)) return;
      fakes::FakeHostSpec spec;
      ReadHostFields(r, t, spec);
      const int64_t count = r.Int(t, "count", std::nullopt, 1, kMaxHosts);
      const std::string prefix = r.String(t, "name_prefix", "host-");
      const auto zones = r.Strings(t, "zones");  // round-robin over these, if given
      for (int64_t k = 0; k < count && r.ok(); ++k) {
        fakes::FakeHostSpec h = spec;
        h.name = prefix + std::to_string(k + 1);
        if (!zones.empty()) h.zone = zones[static_cast<size_t>(k) % zones.size()];
        out.push_back(std::move(h));
      }
    }
  }
}

std::vector<fakes::FakeHostSpec> ReadFleet(JsonReader& r, const JsonReader::Node& fleet) {
  std::vector<fakes::FakeHostSpec> hosts;
  if (!r.Object(fleet, {"builtin", "hosts", "templates"})) return hosts;
  if (fleet.Has("builtin")) {
    const std::string name = r.String(fleet, "builtin");
    if (name != "seed") {
      r.Fail(fleet.At("builtin").pointer,
             "unknown built-in fleet \"" + name + "\" (expected \"seed\")");
    }
    hosts = fakes::SeedFleet();
  }
  ReadHostList(r, fleet, hosts);
  if (r.ok() && hosts.empty()) r.Fail(fleet.pointer, "the fleet has no VM hosts");
  std::set<std::string> names;
  for (const auto& h : hosts) {
    if (r.ok() && !names.insert(h.name).second) {
      r.Fail(fleet.pointer, "two VM hosts are named \"" + h.name + "\"");
    }
  }
  return hosts;
}

}  // namespace vmsim::sim::internal
