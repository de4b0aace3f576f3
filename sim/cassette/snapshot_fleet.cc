#include "sim/cassette/snapshot_fleet.h"

#include <algorithm>
#include <map>

#include "core/json_codec.h"

namespace vmsim::sim {
namespace {

struct RecordedMachine {
  std::string system_id;
  std::string hostname;
  int64_t cores = 0;
  int64_t memory = 0;
  std::string power_state;
  std::optional<core::NodeStatus> status;
};

int64_t IntOr(const nlohmann::json& j, const char* key, int64_t fallback) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

std::string StringOr(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// Machines by the id of the VM host that composed them (-1: not composed), and by system_id.
struct MachineIndex {
  std::map<int64_t, std::vector<RecordedMachine>> by_pod;
  std::map<std::string, RecordedMachine> by_system_id;
};

MachineIndex IndexMachines(const nlohmann::json& machines) {
  MachineIndex index;
  for (const auto& m : machines) {
    if (!m.is_object()) continue;
    RecordedMachine r{StringOr(m, "system_id"),   StringOr(m, "hostname"),
                      IntOr(m, "cpu_count", 1),   IntOr(m, "memory", 1024),
                      StringOr(m, "power_state"), std::nullopt};
    if (const auto s = m.find("status"); s != m.end() && s->is_number_integer()) {
      r.status = static_cast<core::NodeStatus>(s->get<int>());
    }
    const auto pod = m.find("pod");
    const int64_t pod_id = pod != m.end() && pod->is_object() ? IntOr(*pod, "id", -1) : -1;
    index.by_system_id[r.system_id] = r;
    index.by_pod[pod_id].push_back(std::move(r));
  }
  return index;
}

fakes::FakeHostSpec SpecOf(const core::VMHost& h, const MachineIndex& machines) {
  fakes::FakeHostSpec s;
  s.name = h.name;
  s.type = h.type;
  s.zone = h.zone.name.empty() ? "default" : h.zone.name;
  s.resource_pool = h.pool.name.empty() ? "default" : h.pool.name;
  s.tags = h.tags;
  if (!h.architectures.empty()) s.architectures = h.architectures;
  s.cores = h.total.cores;
  s.memory = h.total.memory;
  s.cpu_over_commit_ratio = h.cpu_over_commit_ratio;
  s.memory_over_commit_ratio = h.memory_over_commit_ratio;
  if (h.version) s.version = *h.version;
  for (const auto& p : h.storage_pools) {
    s.storage_pools.push_back({p.name, p.type, p.path, p.total, 0});
    if (p.is_default) s.default_storage_pool = p.name;
  }
  if (h.host_system_id) {
    fakes::FakeBackingMachine backing{*h.host_system_id};
    if (const auto it = machines.by_system_id.find(*h.host_system_id);
        it != machines.by_system_id.end()) {
      if (!it->second.power_state.empty()) backing.power_state = it->second.power_state;
      if (it->second.status) backing.status = *it->second.status;
    }
    s.machine = backing;
  }
  core::ResourceInfo seen;
  if (const auto it = machines.by_pod.find(h.id); it != machines.by_pod.end()) {
    for (const auto& m : it->second) {
      s.existing_vms.push_back({m.hostname, "", m.cores, m.memory, {}});
      seen.cores += m.cores;
      seen.memory += m.memory;
    }
  }
  const int64_t unseen_cores = h.used.cores - seen.cores;
  const int64_t unseen_memory = h.used.memory - seen.memory;
  if (unseen_cores > 0 || unseen_memory > 0 ||
      (s.existing_vms.empty() && h.used.local_storage > 0)) {
    s.existing_vms.push_back({"vmsim-unseen-" + h.name,
                              "",
                              std::max<int64_t>(unseen_cores, 0),
                              std::max<int64_t>(unseen_memory, 0),
                              {}});
  }
  if (!s.existing_vms.empty()) {
    for (const auto& p : h.storage_pools) {
      if (p.used > 0) s.existing_vms.front().disks.emplace_back(p.name, p.used);
    }
  }
  return s;
}

}  // namespace

core::Result<std::vector<SnapshotHost>> FleetFromSnapshot(const nlohmann::json& vm_hosts,
                                                          const nlohmann::json& machines,
                                                          const std::string& where) {
  const MachineIndex index = IndexMachines(machines);
  std::vector<SnapshotHost> fleet;
  for (size_t i = 0; i < vm_hosts.size(); ++i) {
    auto host = core::DecodeJson<core::VMHost>(vm_hosts[i], "VM host");
    if (!host.ok()) {
      return core::Status(
          core::ErrorKind::kInvalidRequest,
          where + "/vm_hosts/" + std::to_string(i) + ": " + host.status().message());
    }
    fleet.push_back({host->id, SpecOf(*host, index)});
  }
  std::sort(fleet.begin(), fleet.end(), [](const SnapshotHost& a, const SnapshotHost& b) {
    return a.recorded_id < b.recorded_id;
  });
  return fleet;
}

}  // namespace vmsim::sim
