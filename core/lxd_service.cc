#include "core/lxd_service.h"

#include "core/adapters.h"
#include "core/maas_vmhost_extension.h"
#include "core/placement_group.h"
#include "core/units.h"

namespace vmsim::core {

LxdService::LxdService(VMHostExtension& extension, const Clock& clock, LxdServiceOptions options)
    : extension_(extension),
      clock_(clock),
      options_(options),
      inventory_(extension, clock, options.inventory_refresh) {}

Result<PlacementRequest> ToPlacementRequest(const lxd::VMSpec& spec,
                                            const PlacementConstraints& c) {
  PlacementRequest r;
  r.cores = spec.cores;
  r.memory = spec.memory;
  for (const auto& d : spec.disks) {
    auto bytes = ParseBytes(d.size, BareUnit::kGB);
    if (!bytes.ok()) return Status(ErrorKind::kStorageConfiguration, bytes.status().message());
    r.disks.emplace_back(d.pool, *bytes);
  }
  if (spec.disks.empty()) r.disks.emplace_back("", 8 * kBytesPerGB);  // MAAS's default root disk
  r.zone = c.zone;
  r.resource_pool = c.resource_pool;
  r.tags = c.tags;
  r.architecture = c.architecture;
  r.avoid_zones = c.avoid_zones;
  r.exclude_hosts = c.exclude_hosts;
  r.host = c.host;
  r.group_vms = c.group_vms;
  return r;
}

Result<lxd::LXDVMResult> LxdService::ComposeVM(const lxd::VMSpec& spec,
                                               const PlacementConstraints& constraints,
                                               std::optional<PlacementPolicy> policy) {
  if (Status s = inventory_.RefreshIfStale(); !s.ok()) return s;
  auto request = RequestFor(spec, constraints);
  if (!request.ok()) return request.status();
  Status last;
  for (int tried = 0; tried < options_.max_hosts_per_request; ++tried) {
    const auto index = inventory_.Choose(*request, policy.value_or(options_.policy));
    if (!index) {
      if (tried == 0 && BlockedByHealth(*request, policy.value_or(options_.policy)))
        ++blocked_by_health_;
      break;
    }
    const VMHost& host = inventory_.hosts()[*index];
    lxd::VMSpec placed = spec;
    placed.host_id = host.IdString();
    ComposeVMParams params = LXDVMSpecAdapter(placed, host.IdString()).ToComposeVMParams();
    params.zone_id = host.zone.id;  // the VM's failure domain is its host's zone
    auto vm = extension_.ComposeVM(params);
    if (vm.ok()) {
      inventory_.ApplyCompose(*index, *request);
      const std::string project = spec.project.empty() ? "default" : spec.project;
      return ComposedVMAdapter(std::move(vm).value()).ToLXDVMResult(project);
    }
    last = vm.status();
    if ((last.kind() == ErrorKind::kOutcomeUnknown || last.kind() == ErrorKind::kAlreadyExists) &&
        !spec.hostname.empty()) {
      return Reconcile(spec, *request, *index, last);
    }
    if (last.kind() == ErrorKind::kHostUnavailable &&
        last.message().find("Failed talking to pod") != std::string::npos) {
      unreachable_until_[host.id] = clock_.Now() + options_.unreachable_cooldown;
      request->exclude_hosts.insert(host.id);
      continue;  // that host's LXD is down: try another
    }
    if (last.kind() == ErrorKind::kNetworkConfiguration) {
      // This host's networks do not match the VM's interfaces; another host's may.
      request->exclude_hosts.insert(host.id);
      continue;
    }
    if (last.kind() != ErrorKind::kInsufficientResources) return last;
    // MAAS knows better than our view: reload it and try elsewhere.
    ++stale_refusals_;
    request->exclude_hosts.insert(host.id);
    if (Status s = inventory_.Refresh(); !s.ok()) return s;
  }
  if (!last.ok()) return last;
  int64_t disk_bytes = 0;
  for (const auto& d : request->disks) disk_bytes += d.second;
  return Status(ErrorKind::kInsufficientResources, "no VM host fits " + std::to_string(spec.cores) +
                                                       " cores, " + std::to_string(spec.memory) +
                                                       " MiB and " + FormatBytes(disk_bytes) +
                                                       " of disk under the constraints");
}

Result<PlacementRequest> LxdService::RequestFor(const lxd::VMSpec& spec,
                                                const PlacementConstraints& constraints) {
  auto request = ToPlacementRequest(spec, constraints);
  if (!request.ok()) return request.status();
  std::erase_if(unreachable_until_, [&](const auto& e) { return e.second <= clock_.Now(); });
  for (const auto& [id, until] : unreachable_until_) request->exclude_hosts.insert(id);
  request->unhealthy = &inventory_.unhealthy();
  return request;
}

Status LxdService::PlanGroup(const std::vector<lxd::VMSpec>& specs,
                             const PlacementConstraints& constraints, bool distinct_zones,
                             std::optional<PlacementPolicy> policy) {
  if (Status s = inventory_.RefreshIfStale(); !s.ok()) return s;
  PlacementGroup group(constraints, distinct_zones);
  std::vector<std::pair<int64_t, PlacementRequest>> placed;  // tentatively, to undo
  Status status;
  for (size_t i = 0; i < specs.size() && status.ok(); ++i) {
    auto request = RequestFor(specs[i], group.Constrain(constraints));
    if (!request.ok()) {
      status = request.status();
      break;
    }
    const auto index = inventory_.Choose(*request, policy.value_or(options_.policy));
    if (!index) {
      status = Status(ErrorKind::kInsufficientResources,
                      "the group of " + std::to_string(specs.size()) +
                          " VMs does not fit: no VM host for member " + std::to_string(i + 1) +
                          (distinct_zones ? " in a zone of its own" : ""));
      break;
    }
    const VMHost& host = inventory_.hosts()[*index];
    inventory_.ApplyCompose(*index, *request);
    placed.emplace_back(host.id, *request);
    group.Remember(host.zone.name, host.id);
  }
  for (const auto& [host_id, request] : placed) inventory_.ApplyDecompose(host_id, request);
  return status;
}

bool LxdService::BlockedByHealth(const PlacementRequest& request, PlacementPolicy policy) const {
  if (inventory_.unhealthy().empty()) return false;
  PlacementRequest ignoring_health = request;
  ignoring_health.unhealthy = nullptr;
  return ChooseHost(inventory_.hosts(), ignoring_health, policy).has_value();
}

Result<lxd::LXDVMResult> LxdService::Reconcile(const lxd::VMSpec& spec,
                                               const PlacementRequest& request, size_t index,
                                               const Status& error) {
  auto found = extension_.FindVMByHostname(spec.hostname);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return Status(ErrorKind::kHostUnavailable,
                  "no machine \"" + spec.hostname + "\" after: " + error.message() + "; retry",
                  error.host_id());
  }
  if (deleted_.contains((*found)->system_id)) {
    return Status(ErrorKind::kHostUnavailable,
                  "machine \"" + spec.hostname + "\" (" + (*found)->system_id +
                      ") is still being deleted; retry",
                  error.host_id());
  }
  ++reconciled_;
  if ((*found)->vm_host_id == inventory_.hosts()[index].IdString())
    inventory_.ApplyCompose(index, request);
  const std::string project = spec.project.empty() ? "default" : spec.project;
  return ComposedVMAdapter(std::move(**found)).ToLXDVMResult(project);
}

Status LxdService::DeleteVM(const std::string& vm_host_id, const std::string& system_id,
                            const lxd::VMSpec& spec) {
  Status s = extension_.DecomposeVM(vm_host_id, system_id);
  if (s.ok()) {
    while (!deleted_order_.empty() &&
           deleted_order_.front().first + kForgetDeletedAfter <= clock_.Now()) {
      deleted_.erase(deleted_order_.front().second);
      deleted_order_.pop_front();
    }
    if (deleted_.insert(system_id).second) deleted_order_.emplace_back(clock_.Now(), system_id);
    auto request = ToPlacementRequest(spec, {});
    auto id = ParseVMHostId(vm_host_id);
    if (request.ok() && id.ok()) inventory_.ApplyDecompose(*id, *request);
  }
  return s;
}

}  // namespace vmsim::core
