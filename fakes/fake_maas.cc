#include "fakes/fake_maas.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "core/units.h"
#include "fakes/fake_maas_records.h"
#include "fakes/fake_maas_text.h"
#include "fakes/host_networks.h"
#include "fakes/names.h"

namespace vmsim::fakes {

using core::MaasError;
using core::NodeStatus;

namespace {

constexpr std::string_view kConsoleLoggingTag = "pod-console-logging";

core::Status Invalid(const std::string& what) {
  return core::Status(core::ErrorKind::kInvalidRequest, what);
}

}  // namespace

FakeMaas::FakeMaas(const core::Clock& clock, FakeMaasOptions options)
    : clock_(clock),
      options_(std::move(options)),
      ids_rng_(core::Rng(options_.seed).Fork("fake_maas.system_ids")),
      names_rng_(core::Rng(options_.seed).Fork("fake_maas.hostnames")),
      host_ids_rng_(core::Rng(options_.seed).Fork("fake_maas.host_system_ids")) {
  zones_[kDefaultZoneId] = {kDefaultZoneId, "default", "", "/MAAS/api/2.0/zones/default/"};
  pools_[kDefaultPoolId] = {kDefaultPoolId, "default", "Default pool",
                            "/MAAS/api/2.0/resourcepool/0/"};
}

FakeMaas::~FakeMaas() = default;

// --- Administration ---

namespace {

core::Status ValidateSpec(const FakeHostSpec& s) {
  const std::string where = "VM host \"" + s.name + "\": ";
  if (s.name.empty()) return Invalid("VM host: name is empty");
  if (s.type != "lxd" && s.type != "virsh") {
    return Invalid(where + "type must be \"lxd\" or \"virsh\", got \"" + s.type + "\"");
  }
  if (s.cores < 0 || s.memory < 0) return Invalid(where + "cores and memory cannot be negative");
  if (s.architectures.empty()) return Invalid(where + "needs at least one architecture");
  if (s.storage_pools.empty()) return Invalid(where + "needs at least one storage pool");
  for (double r : {s.cpu_over_commit_ratio, s.memory_over_commit_ratio}) {
    if (!(r >= 0 && r <= 10)) return Invalid(where + "over-commit ratios must be within 0 to 10");
  }
  std::set<std::string> names;
  for (const auto& p : s.storage_pools) {
    if (p.name.empty() || !names.insert(p.name).second) {
      return Invalid(where + "storage pool names must be non-empty and unique");
    }
    if (p.total <= 0 || p.backend_used < 0) {
      return Invalid(where + "storage pool \"" + p.name + "\" needs a positive total");
    }
  }
  if (!s.default_storage_pool.empty() && !names.contains(s.default_storage_pool)) {
    return Invalid(where + "default storage pool \"" + s.default_storage_pool + "\" is not a pool");
  }
  for (const auto& vm : s.existing_vms) {
    for (const auto& [pool, bytes] : vm.disks) {
      if (!names.contains(pool)) {
        return Invalid(where + "existing VM \"" + vm.hostname + "\" uses unknown pool \"" + pool +
                       "\"");
      }
    }
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<int64_t> FakeMaas::AddVMHost(const FakeHostSpec& spec) {
  Settle();
  if (core::Status s = ValidateSpec(spec); !s.ok()) return s;
  if (!host_names_.insert(spec.name).second) {
    return Invalid("Pod " + spec.name + " with type and parameters already exist.");
  }
  auto host = std::make_unique<Host>();
  host->id = next_host_id_++;
  host->spec = spec;
  if (std::find(host->spec.tags.begin(), host->spec.tags.end(), kConsoleLoggingTag) ==
      host->spec.tags.end()) {
    host->spec.tags.emplace_back(kConsoleLoggingTag);
  }
  host->zone_id = ZoneIdFor(spec.zone);
  host->pool_id = PoolIdFor(spec.resource_pool);
  for (size_t i = 0; i < spec.storage_pools.size(); ++i) {
    Host::Pool pool{spec.storage_pools[i], spec.storage_pools[i].backend_used, 0};
    if (pool.spec.path.empty()) pool.spec.path = "/var/lib/lxd/storage-pools/" + pool.spec.name;
    if (pool.spec.name == spec.default_storage_pool) host->default_pool = i;
    host->pools.push_back(std::move(pool));
  }
  if (host->spec.machine) {
    auto& id = host->spec.machine->system_id;
    if (id.empty()) {
      do {
        id = GenerateSystemId(host_ids_rng_);
      } while (machines_.contains(id) || backing_machines_.contains(id));
    } else if (machines_.contains(id) || backing_machines_.contains(id)) {
      host_names_.erase(spec.name);
      return Invalid("VM host \"" + spec.name + "\": machine " + id + " exists already");
    }
    backing_machines_[id] = host->id;
  }
  Host& h = *host;
  hosts_[h.id] = std::move(host);
  for (const auto& vm : spec.existing_vms) {
    ComposeRequest request;
    request.cores = vm.cores;
    request.memory = vm.memory;
    request.architecture = spec.architectures.front();
    request.hostname = vm.hostname;
    request.zone_id = h.zone_id;
    request.pool_id = h.pool_id;
    std::vector<size_t> disk_pools;
    for (const auto& disk : vm.disks) {
      const auto it = std::find_if(h.pools.begin(), h.pools.end(),
                                   [&](const auto& p) { return p.spec.name == disk.first; });
      disk_pools.push_back(static_cast<size_t>(it - h.pools.begin()));
      request.disks.push_back({"", disk.second, {}});
    }
    CreateVM(h, request, vm.project.empty() ? spec.project : vm.project, disk_pools,
             NodeStatus::kDeployed);
  }
  return h.id;
}

core::Status FakeMaas::RemoveVMHost(int64_t id) {
  Settle();
  Host* host = FindHost(id);
  if (host == nullptr) return core::Status(core::ErrorKind::kNotFound, NoPod().body);
  std::vector<std::string> doomed;
  for (const auto& [system_id, m] : machines_) {
    if (m->host_id == id) doomed.push_back(system_id);
  }
  for (const auto& system_id : doomed) DestroyMachine(system_id);
  std::erase_if(pending_decomposes_,
                [&](const auto& entry) { return !machines_.contains(entry.second); });
  host_names_.erase(host->spec.name);
  if (host->spec.machine) backing_machines_.erase(host->spec.machine->system_id);
  hosts_.erase(id);
  return core::Status::Ok();
}

core::Status FakeMaas::SetReachable(int64_t id, bool reachable) {
  Host* host = FindHost(id);
  if (host == nullptr) return core::Status(core::ErrorKind::kNotFound, NoPod().body);
  host->reachable = reachable;
  return core::Status::Ok();
}

core::Status FakeMaas::AddTag(int64_t id, const std::string& tag) {
  Host* host = FindHost(id);
  if (host == nullptr) return core::Status(core::ErrorKind::kNotFound, NoPod().body);
  if (tag.empty()) return Invalid("No provided tag!");
  if (tag.find(',') != std::string::npos) return Invalid("Tag may not contain a \",\".");
  auto& tags = host->spec.tags;
  if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
  return core::Status::Ok();
}

core::Status FakeMaas::RemoveTag(int64_t id, const std::string& tag) {
  Host* host = FindHost(id);
  if (host == nullptr) return core::Status(core::ErrorKind::kNotFound, NoPod().body);
  if (tag.empty()) return Invalid("No provided tag!");
  std::erase(host->spec.tags, tag);
  return core::Status::Ok();
}

core::Result<FakeBackingMachine*> FakeMaas::BackingMachineOf(int64_t id) {
  Host* host = FindHost(id);
  if (host == nullptr) return core::Status(core::ErrorKind::kNotFound, NoPod().body);
  if (!host->spec.machine) {
    return core::Status(
        core::ErrorKind::kNotFound,
        "VM host " + host->spec.name + " has no backing machine (host.system_id is null)");
  }
  return &*host->spec.machine;
}

core::Status FakeMaas::SetHostMachinePower(int64_t id, const std::string& power_state) {
  if (power_state != "on" && power_state != "off" && power_state != "unknown" &&
      power_state != "error") {
    return Invalid("power state must be on, off, unknown or error, got \"" + power_state + "\"");
  }
  auto machine = BackingMachineOf(id);
  if (!machine.ok()) return machine.status();
  (*machine)->power_state = power_state;
  return core::Status::Ok();
}

core::Status FakeMaas::SetHostMachineStatus(int64_t id, core::NodeStatus status) {
  auto machine = BackingMachineOf(id);
  if (!machine.ok()) return machine.status();
  (*machine)->status = status;
  return core::Status::Ok();
}

core::Status FakeMaas::SetOverCommitRatios(int64_t id, double cpu, double memory) {
  Host* host = FindHost(id);
  if (host == nullptr) return core::Status(core::ErrorKind::kNotFound, NoPod().body);
  if (!(cpu >= 0 && cpu <= 10 && memory >= 0 && memory <= 10)) {
    return Invalid("over-commit ratios must be within 0 to 10");
  }
  host->spec.cpu_over_commit_ratio = cpu;
  host->spec.memory_over_commit_ratio = memory;
  return core::Status::Ok();
}

// --- Reads ---

core::MaasResult<std::vector<core::VMHost>> FakeMaas::ListVMHosts() {
  Settle();
  if (options_.vm_hosts_removed) return Gone();
  std::vector<core::VMHost> out;
  out.reserve(hosts_.size());
  for (const auto& [id, h] : hosts_) out.push_back(ToVMHost(*h));
  return out;
}

core::MaasResult<core::VMHost> FakeMaas::GetVMHost(int64_t id) {
  Settle();
  if (options_.vm_hosts_removed) return Gone();
  const Host* host = FindHost(id);
  if (host == nullptr) return NoPod();
  return ToVMHost(*host);
}

core::MaasResult<core::VMHostParameters> FakeMaas::GetVMHostParameters(int64_t id) {
  Settle();
  if (options_.vm_hosts_removed) return Gone();
  const Host* host = FindHost(id);
  if (host == nullptr) return NoPod();
  auto found = PowerParameters(id);
  if (!found.ok()) return found.error();
  auto params = std::move(found).value();
  return core::VMHostParameters{params["power_address"], params["project"]};
}

core::MaasResult<std::map<std::string, std::string>> FakeMaas::PowerParameters(int64_t id) {
  Settle();
  if (options_.vm_hosts_removed) return Gone();
  const Host* host = FindHost(id);
  if (host == nullptr) return NoPod();
  if (!host->power_parameters.empty()) return host->power_parameters;
  if (host->spec.type == "virsh")
    return std::map<std::string, std::string>{
        {"power_address", "qemu+ssh://" + host->spec.name + "/system"}};
  return std::map<std::string, std::string>{
      {"power_address", "https://" + host->spec.name + ":8443"}, {"project", host->spec.project}};
}

core::MaasResult<core::Machine> FakeMaas::GetMachine(std::string_view system_id) {
  Settle();
  const auto it = machines_.find(std::string(system_id));
  if (it != machines_.end()) return ToMachine(*it->second);
  const auto backing = backing_machines_.find(std::string(system_id));
  if (backing != backing_machines_.end()) return ToBackingMachine(*FindHost(backing->second));
  return NoMachine();
}

core::MaasResult<std::vector<core::Machine>> FakeMaas::ListMachines(const core::MachineQuery& q) {
  Settle();
  std::vector<std::pair<int64_t, core::Machine>> found;  // (node id, machine): MAAS lists by id
  const auto add_composed = [&](const MachineRecord& m) {
    if (q.hostname && m.hostname != *q.hostname) return;
    if (q.pod) {
      const Host* host = FindHost(m.host_id);
      if (host == nullptr || host->spec.name != *q.pod) return;
    }
    found.emplace_back(kFirstMachineNodeId + m.vm_id, ToMachine(m));
  };
  const auto add_backing = [&](int64_t host_id) {  // a backing machine belongs to no VM host
    const Host& host = *FindHost(host_id);
    if (!q.pod && !(q.hostname && host.spec.name != *q.hostname)) {
      found.emplace_back(host_id, ToBackingMachine(host));
    }
  };
  if (q.ids.empty()) {
    for (const auto& [system_id, m] : machines_) add_composed(*m);
    for (const auto& [system_id, host_id] : backing_machines_) add_backing(host_id);
  } else {
    for (const auto& id : std::set<std::string>(q.ids.begin(), q.ids.end())) {
      if (const auto it = machines_.find(id); it != machines_.end()) add_composed(*it->second);
      if (const auto it = backing_machines_.find(id); it != backing_machines_.end())
        add_backing(it->second);
    }
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<core::Machine> out;
  out.reserve(found.size());
  for (auto& [id, m] : found) out.push_back(std::move(m));
  return out;
}

size_t FakeMaas::MachineCount() {
  Settle();
  return machines_.size();
}

size_t FakeMaas::PendingDecomposeCount() {
  Settle();
  return pending_decomposes_.size();
}

// --- Compose and decompose ---

core::MaasResult<core::NoContent> FakeMaas::DeleteMachine(std::string_view system_id) {
  return ScheduleDecompose(system_id, false);
}

core::MaasResult<core::NoContent> FakeMaas::DeleteMachineLeavingVM(std::string_view system_id) {
  return ScheduleDecompose(system_id, true);
}

core::MaasResult<core::NoContent> FakeMaas::ScheduleDecompose(std::string_view system_id,
                                                              bool leave_vm) {
  Settle();
  const auto it = machines_.find(std::string(system_id));
  if (it == machines_.end()) return NoMachine();
  MachineRecord& m = *it->second;
  if (!m.deleting) {  // a second DELETE while decomposing is harmless
    m.deleting = true;
    m.leave_backend_vm = leave_vm;
    pending_decomposes_.emplace(clock_.Now() + options_.decompose_delay(), m.system_id);
  }
  return core::NoContent{};
}

core::Result<std::vector<std::string>> FakeMaas::LoseVMs(int64_t id) {
  Settle();
  if (FindHost(id) == nullptr) return core::Status(core::ErrorKind::kNotFound, NoPod().body);
  std::vector<std::string> lost;
  for (const auto& [system_id, m] : machines_) {
    if (m->host_id == id) lost.push_back(system_id);
  }
  for (const auto& system_id : lost) DestroyMachine(system_id);
  std::erase_if(pending_decomposes_,
                [&](const auto& entry) { return !machines_.contains(entry.second); });
  return lost;
}

void FakeMaas::Settle() {
  const core::Timestamp now = clock_.Now();
  while (!pending_decomposes_.empty() && pending_decomposes_.begin()->first <= now) {
    const std::string system_id = pending_decomposes_.begin()->second;
    pending_decomposes_.erase(pending_decomposes_.begin());
    const auto it = machines_.find(system_id);
    DestroyMachine(system_id, it != machines_.end() && it->second->leave_backend_vm);
  }
}

void FakeMaas::DestroyMachine(const std::string& system_id, bool leave_backend_vm) {
  const auto it = machines_.find(system_id);
  if (it == machines_.end()) return;
  const MachineRecord& m = *it->second;
  if (Host* host = FindHost(m.host_id)) {
    const auto vm_it = host->vms.find(m.vm_id);
    if (vm_it != host->vms.end()) {
      const Host::VM& vm = vm_it->second;
      const bool tracked = host->Tracked(vm.project);
      for (const auto& [pool, bytes] : vm.disks) {
        if (!leave_backend_vm) host->pools[pool].backend_used -= bytes;
        if (tracked) {
          host->pools[pool].allocated -= bytes;
          host->used.local_storage -= bytes;
        }
      }
      if (tracked) {
        host->used.cores -= vm.cores;
        host->used.memory -= vm.memory;
      }
      host->vms.erase(vm_it);  // a leaked VM's disks stay counted in backend_used
      if (leave_backend_vm) ++leaked_backend_vms_;
    }
  }
  hostnames_.erase(m.hostname);
  if (m.life) {
    for (const auto& ip : m.life->ip_addresses) ips_in_use_.erase(ip);
  }
  machines_.erase(it);
}

bool FakeMaas::HostnameTaken(const std::string& name) const {
  if (hostnames_.contains(name)) return true;
  // A VM host's own machine is a node named as the host (a set lookup first: composes are hot).
  if (!host_names_.contains(name)) return false;
  return std::any_of(hosts_.begin(), hosts_.end(), [&](const auto& h) {
    return h.second->spec.machine && h.second->spec.name == name;
  });
}

// --- Rendering ---

FakeMaas::Host* FakeMaas::FindHost(int64_t id) {
  const auto it = hosts_.find(id);
  return it == hosts_.end() ? nullptr : it->second.get();
}

core::VMHost FakeMaas::ToVMHost(const Host& h) const {
  core::VMHost v;
  v.id = h.id;
  v.name = h.spec.name;
  v.type = h.spec.type;
  v.tags = h.spec.tags;
  v.architectures = h.spec.architectures;
  v.capabilities = {"dynamic_local_storage", "over_commit", "storage_pools"};
  if (h.spec.composable) v.capabilities.insert(v.capabilities.begin(), "composable");
  for (const auto& p : h.pools) {
    core::StoragePool sp{p.spec.name,
                         p.spec.name,
                         p.spec.type,
                         p.spec.path,
                         p.spec.total,
                         p.allocated,
                         p.spec.total - p.allocated,
                         false};
    sp.is_default = &p == &h.pools[h.default_pool];
    v.total.local_storage += p.spec.total;
    v.storage_pools.push_back(std::move(sp));
  }
  v.total.cores = h.spec.cores;
  v.total.memory = h.spec.memory;
  v.used = h.used;
  v.available = {v.total.cores - v.used.cores, v.total.memory - v.used.memory,
                 v.total.local_storage - v.used.local_storage};
  v.cpu_over_commit_ratio = h.spec.cpu_over_commit_ratio;
  v.memory_over_commit_ratio = h.spec.memory_over_commit_ratio;
  v.zone = ZoneRef(h.zone_id);
  v.pool = PoolRef(h.pool_id);
  if (h.spec.machine) v.host_system_id = h.spec.machine->system_id;
  v.version = h.spec.version;
  v.default_macvlan_mode = h.default_macvlan_mode;
  v.resource_uri = "/MAAS/api/2.0/vm-hosts/" + std::to_string(h.id) + "/";
  return v;
}

core::Machine FakeMaas::ToMachine(const MachineRecord& m) const {
  core::Machine out;
  out.system_id = m.system_id;
  out.hostname = m.hostname;
  out.status = StatusOf(m);
  out.power_type = m.power_type;
  out.cpu_count = m.cores;
  out.memory = m.memory;
  out.architecture = m.architecture;
  out.tag_names = m.tags;
  out.zone = ZoneRef(m.zone_id);
  out.pool = PoolRef(m.pool_id);
  const auto host = hosts_.find(m.host_id);
  if (host != hosts_.end()) {
    out.pod = core::Machine::PodRef{m.host_id, host->second->spec.name,
                                    "/MAAS/api/2.0/pods/" + std::to_string(m.host_id) + "/"};
    // MachineHandler.parent: the machine backing the VM host, as an incomplete object.
    if (const auto& parent = host->second->spec.machine) {
      out.extra["parent"] = {{"system_id", parent->system_id},
                             {"resource_uri", "/MAAS/api/2.0/machines/" + parent->system_id + "/"},
                             {"__incomplete__", true}};
    }
  }
  out.virtualmachine_id = m.vm_id;
  out.resource_uri = "/MAAS/api/2.0/machines/" + m.system_id + "/";
  out.fqdn = m.hostname + ".maas";
  // A composed VM is powered on to commission and test; MAAS powers it off once Ready. The
  // power ops, deploy and release set it since.
  out.power_state = m.life && m.life->power_state      ? *m.life->power_state
                    : out.status == NodeStatus::kReady ? "off"
                                                       : "on";
  return out;
}

core::Machine FakeMaas::ToBackingMachine(const Host& h) const {
  const FakeBackingMachine& b = *h.spec.machine;
  core::Machine out;
  out.system_id = b.system_id;
  out.hostname = h.spec.name;  // LXD's server_name, which named the VM host, is the machine's
  out.fqdn = h.spec.name + ".maas";
  out.status = b.status;
  out.power_state = b.power_state;
  out.cpu_count = h.spec.cores;
  out.memory = h.spec.memory;
  out.architecture = h.spec.architectures.front();
  out.zone = ZoneRef(h.zone_id);
  out.pool = PoolRef(h.pool_id);
  out.resource_uri = "/MAAS/api/2.0/machines/" + b.system_id + "/";
  return out;
}

std::vector<core::NamedRef> FakeMaas::Zones() const {
  std::vector<core::NamedRef> out;
  for (const auto& [id, z] : zones_) out.push_back(z);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::vector<core::NamedRef> FakeMaas::Pools() const {
  std::vector<core::NamedRef> out;
  for (const auto& [id, p] : pools_) out.push_back(p);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

core::NamedRef FakeMaas::ZoneRef(int64_t id) const { return zones_.at(id); }
core::NamedRef FakeMaas::PoolRef(int64_t id) const { return pools_.at(id); }

int64_t FakeMaas::ZoneIdFor(const std::string& name) {
  if (auto id = ZoneNamed(name)) return *id;
  const int64_t id = zones_.rbegin()->first + 1;
  zones_[id] = {id, name, "", "/MAAS/api/2.0/zones/" + name + "/"};
  return id;
}

int64_t FakeMaas::PoolIdFor(const std::string& name) {
  if (auto id = PoolNamed(name)) return *id;
  const int64_t id = pools_.rbegin()->first + 1;
  pools_[id] = {id, name, "", "/MAAS/api/2.0/resourcepool/" + std::to_string(id) + "/"};
  return id;
}

std::string FakeMaas::UniqueSystemId() {
  std::string id;
  do {
    id = GenerateSystemId(ids_rng_);
  } while (machines_.contains(id) || backing_machines_.contains(id));
  return id;
}

std::string FakeMaas::UniqueHostname() {
  // make_unique_hostname: petnames until one is free; past a few tries, a numeric suffix.
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string name = GeneratePetname(names_rng_);
    if (!hostnames_.contains(name)) return name;
  }
  const std::string base = GeneratePetname(names_rng_);
  for (int64_t n = 2;; ++n) {
    std::string name = base + "-" + std::to_string(n);
    if (!hostnames_.contains(name)) return name;
  }
}

}  // namespace vmsim::fakes
