#include "core/adapters.h"

#include "core/maas_vmhost_extension.h"
#include "core/units.h"

namespace vmsim::core {
namespace {

// Whole GB rounded down, also below zero (MAAS never clamps `available`): -1.5 GB is -2,
// so an over-allocated host never looks as if it had room.
int64_t FloorGB(int64_t bytes) {
  const int64_t q = bytes / kBytesPerGB;
  return bytes % kBytesPerGB < 0 ? q - 1 : q;
}

lxd::ResourceInfo ToLxdResources(const ResourceInfo& r) {
  return {r.cores, r.memory, FloorGB(r.local_storage)};
}

}  // namespace

std::vector<lxd::LXDHost> VMHostsToLXDHosts(const std::vector<VMHost>& hosts) {
  std::vector<lxd::LXDHost> out;
  out.reserve(hosts.size());
  for (const VMHost& h : hosts) {
    lxd::LXDHost l;
    l.vm_host_id = h.IdString();
    l.host_system_id = h.host_system_id.value_or("");
    l.hostname = h.name;
    l.availability_zone = h.zone.name;
    l.resource_pool = h.pool.name;
    l.tags = h.tags;
    l.available = ToLxdResources(h.available);
    l.used = ToLxdResources(h.used);
    l.capabilities.vm_support = h.HasCapability("composable");
    l.capabilities.profiles.assign(std::begin(kMaasLxdProfiles), std::end(kMaasLxdProfiles));
    for (const auto& p : h.storage_pools) l.capabilities.storage_pools.push_back(p.name);
    out.push_back(std::move(l));
  }
  return out;
}

ComposeVMParams LXDVMSpecAdapter::ToComposeVMParams() const {
  ComposeVMParams p;
  p.vm_host_id = vm_host_id_;
  p.cores = spec_.cores;
  p.memory = spec_.memory;
  p.disks = spec_.disks;
  p.profile = spec_.profile;
  p.project = spec_.project;
  p.user_data = spec_.user_data;
  p.tags = spec_.tags;
  p.hostname = spec_.hostname;
  if (const auto& n = spec_.network_config) {
    InterfaceConfig nic;
    nic.name =
        n->static_ip_config && !n->static_ip_config->interface.empty() ? n->static_ip_config->interface : "eth0";
    nic.bridge = n->bridge;
    nic.mac_address = n->mac_address;
    if (const auto& ip = n->static_ip_config) {
      nic.ip_config = StaticIPParams{ip->ip_address, ip->gateway, ip->subnet, ip->dns_servers};
    }
    p.network_config = NetworkConfigParams{{std::move(nic)}};
  }
  return p;
}

lxd::LXDVMResult ComposedVMAdapter::ToLXDVMResult(std::string_view project) const {
  lxd::LXDVMResult r;
  r.system_id = vm_.system_id;
  r.host_id = vm_.vm_host_id;
  r.provider_id = ProviderID(vm_.availability_zone, vm_.system_id);
  r.failure_domain = vm_.availability_zone;
  r.project = std::string(project);
  r.status = vm_.status;
  return r;
}

std::string ProviderID(std::string_view zone, std::string_view system_id) {
  return "maas:///" + std::string(zone) + "/" + std::string(system_id);
}

std::optional<ParsedProviderID> ParseProviderID(std::string_view id) {
  constexpr std::string_view kPrefix = "maas:///";
  if (!id.starts_with(kPrefix)) return std::nullopt;
  id.remove_prefix(kPrefix.size());
  const size_t slash = id.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == id.size()) return std::nullopt;
  const std::string_view system_id = id.substr(slash + 1);
  if (system_id.find('/') != std::string_view::npos) return std::nullopt;
  return ParsedProviderID{std::string(id.substr(0, slash)), std::string(system_id)};
}

}  // namespace vmsim::core
