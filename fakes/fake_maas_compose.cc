// FakeMaas: compose, as MAAS's ComposeMachineForm and the LXD driver do it: the form
// validated, the over-commit check, disks placed on storage pools, the VM and its machine made.
#include <algorithm>
#include <optional>

#include "core/units.h"
#include "fakes/fake_maas.h"
#include "fakes/fake_maas_records.h"
#include "fakes/fake_maas_text.h"
#include "fakes/host_networks.h"
#include "fakes/names.h"

namespace vmsim::fakes {

using core::MaasError;
using core::NodeStatus;

core::MaasResult<core::ComposeResponse> FakeMaas::ComposeMachine(int64_t vm_host_id,
                                                                 const core::FormData& form) {
  Settle();
  if (options_.vm_hosts_removed) return Gone();
  Host* host = FindHost(vm_host_id);
  if (host == nullptr) return NoPod();
  // api/pods.py compose: a VM host without the capability refuses before the form is read.
  if (!host->spec.composable) return TextError(400, "VM host does not support composability.");
  const ComposeFormContext context{host->spec.cores,
                                   host->spec.memory,
                                   0,  // hints.cpu_speed: the fake's hosts report none
                                   host->spec.architectures,
                                   kDefaultZoneId,
                                   host->pool_id,
                                   [this](int64_t id) { return zones_.contains(id); },
                                   [this](int64_t id) { return pools_.contains(id); },
                                   [this](const std::string& name) { return HostnameTaken(name); }};
  auto request = ValidateComposeForm(form, context);
  if (!request.ok()) return request.error();
  const ComposeRequest& r = request.value();

  // Pod.check_over_commit_ratios, before the interfaces are resolved: tracked-project usage,
  // ratios applied, no rounding, the requested `cores` (not the pinned ones).
  std::string over;
  const auto& s = host->spec;
  if (static_cast<double>(s.cores) * s.cpu_over_commit_ratio -
          static_cast<double>(host->used.cores + r.cores) <
      0) {
    over = "CPU overcommit ratio is " + PythonFloat(s.cpu_over_commit_ratio) + " and there are " +
           std::to_string(s.cores - host->used.cores) + " available resources; " +
           std::to_string(r.cores) + " requested.";
  }
  if (static_cast<double>(s.memory) * s.memory_over_commit_ratio -
          static_cast<double>(host->used.memory + r.memory) <
      0) {
    over += "Memory overcommit ratio is " + PythonFloat(s.memory_over_commit_ratio) +
            " and there are " + std::to_string(s.memory - host->used.memory) +
            " available resources; " + std::to_string(r.memory) + " requested.";
  }
  if (!over.empty()) {
    return TextError(503, "Unable to compose KVM instance in '" + s.name + "'. " + over);
  }
  // get_requested_machine resolves the NICs' host interfaces (400 text/plain when it cannot).
  if (!r.interfaces.empty()) {
    if (auto refused = MatchInterfaces(host->spec, r.interfaces)) return *refused;
  }
  if (!host->reachable) {
    return TextError(503,
                     "Unable to compose machine because: Failed talking to pod: Pod " +
                         std::to_string(host->id) +
                         ": Failed to connect to the LXD REST API: [Errno 113] No route to host");
  }
  // The requested IPs are claimed once the machine exists (StaticIPAddress.allocate_new).
  const std::vector<std::string> ips = RequestedIps(r.interfaces);
  for (const auto& ip : ips) {
    if (ips_in_use_.contains(ip) || std::count(ips.begin(), ips.end(), ip) > 1) {
      return TextError(404, "The IP address " + ip + " is already in use.");
    }
  }
  auto disk_pools = PlaceDisks(*host, r.disks);
  if (!disk_pools.ok()) return disk_pools.error();
  const std::string system_id =
      CreateVM(*host, r, s.project, disk_pools.value(), NodeStatus::kCommissioning);
  if (!ips.empty()) {
    machines_.at(system_id)->Life().ip_addresses = ips;
    ips_in_use_.insert(ips.begin(), ips.end());
  }
  return core::ComposeResponse{system_id, "/MAAS/api/2.0/machines/" + system_id + "/"};
}

core::MaasResult<std::vector<size_t>> FakeMaas::PlaceDisks(
    const Host& host, const std::vector<core::StorageDisk>& disks) const {
  // drivers/pod/lxd.py _get_usable_storage_pool, per disk, against the backend's free space.
  const auto fits = [](const Host::Pool& p, int64_t size) {
    return size <= p.spec.total - p.backend_used;
  };
  std::vector<size_t> chosen;
  for (const auto& disk : disks) {
    std::vector<size_t> tagged;
    for (size_t i = 0; i < host.pools.size(); ++i) {
      const auto& tags = disk.tags;
      if (std::find(tags.begin(), tags.end(), host.pools[i].spec.name) != tags.end()) {
        tagged.push_back(i);
      }
    }
    std::optional<size_t> pick;
    std::string failure;
    if (!tagged.empty()) {
      for (size_t i : tagged) {
        if (!pick && fits(host.pools[i], disk.size_bytes)) pick = i;
      }
      failure = "Not enough storage space on storage pools: ";
      for (size_t k = 0; k < tagged.size(); ++k) {
        failure += (k ? ", " : "") + host.pools[tagged[k]].spec.name;
      }
    } else {
      const auto& def = host.pools[host.default_pool];
      if (fits(def, disk.size_bytes)) pick = host.default_pool;
      failure = "Not enough space in default storage pool: " + def.spec.name;
    }
    if (!pick) return TextError(options_.storage_failure_status, failure);
    chosen.push_back(*pick);
  }
  return chosen;
}

std::string FakeMaas::CreateVM(Host& host, const ComposeRequest& r, const std::string& project,
                               const std::vector<size_t>& disk_pools, NodeStatus status) {
  const int64_t vm_id = next_vm_id_++;
  const int64_t cores = r.VmCores(host.spec.type == "lxd");
  Host::VM vm{project, cores, r.memory, {}};
  const bool tracked = host.Tracked(project);
  for (size_t i = 0; i < r.disks.size(); ++i) {
    const int64_t bytes = r.disks[i].size_bytes;
    vm.disks.emplace_back(disk_pools[i], bytes);
    host.pools[disk_pools[i]].backend_used += bytes;
    if (tracked) {
      host.pools[disk_pools[i]].allocated += bytes;
      host.used.local_storage += bytes;
    }
  }
  if (tracked) {
    host.used.cores += cores;
    host.used.memory += r.memory;
  }
  host.vms[vm_id] = std::move(vm);
  if (!tracked) return "";

  auto m = std::make_unique<MachineRecord>();
  m->system_id = UniqueSystemId();
  m->hostname = r.hostname.empty() ? UniqueHostname() : r.hostname;
  m->host_id = host.id;
  m->vm_id = vm_id;
  m->power_type = host.spec.type;
  m->architecture = r.architecture;
  m->cores = cores;
  m->memory = r.memory;
  m->tags = host.spec.tags;  // composed machines inherit the host's tags
  m->zone_id = r.zone_id;
  m->pool_id = r.pool_id;
  const core::Timestamp now = clock_.Now();
  if (status == NodeStatus::kCommissioning && !r.skip_commissioning) {
    m->testing_at = now + options_.commissioning_duration();
    m->ready_at = m->testing_at + options_.testing_duration();
  } else {
    m->fixed_status = r.skip_commissioning ? NodeStatus::kReady : status;
  }
  hostnames_.insert(m->hostname);
  const std::string system_id = m->system_id;
  machines_[system_id] = std::move(m);
  return system_id;
}

}  // namespace vmsim::fakes
