// The seed's value types (pkg/maas/client/vmhost.go), shaped by what real MAAS returns:
// VMHost is MAAS's vm-host object with every field MAAS displays. Units follow MAAS:
// cores as counts, memory in MiB, storage in bytes. Plain structs; thread-compatible.
#ifndef VMSIM_CORE_TYPES_H_
#define VMSIM_CORE_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vmsim::core {

// total / used / available, as MAAS reports them.
struct ResourceInfo {
  int64_t cores = 0;
  int64_t memory = 0;         // MiB
  int64_t local_storage = 0;  // bytes
  bool operator==(const ResourceInfo&) const = default;
};

// A zone or resource pool as MAAS nests it in other objects.
struct NamedRef {
  int64_t id = 0;
  std::string name;
  std::string description;
  std::string resource_uri;
  bool operator==(const NamedRef&) const = default;
};

// One entry of a VM host's storage_pools. For LXD, id == name.
struct StoragePool {
  std::string id;
  std::string name;
  std::string type;  // LXD driver: dir, zfs, btrfs, lvm, ...
  std::string path;
  int64_t total = 0;        // bytes
  int64_t used = 0;         // bytes: MAAS's allocation accounting, not the backend's usage
  int64_t available = 0;    // total - used, never clamped
  bool is_default = false;  // "default" on the wire
  bool operator==(const StoragePool&) const = default;
};

// MAAS's vm-host object (DISPLAYED_POD_FIELDS plus resource_uri).
struct VMHost {
  int64_t id = 0;  // the BMC primary key; the seed's VMHostID is its decimal string
  std::string name;
  std::string type;  // "lxd" or "virsh"
  std::vector<std::string> tags;
  std::vector<std::string> architectures;  // e.g. "amd64/generic"
  std::vector<std::string> capabilities;
  ResourceInfo total;
  ResourceInfo used;
  ResourceInfo available;  // total - used, with no over-commit factor and no clamp
  double cpu_over_commit_ratio = 1.0;
  double memory_over_commit_ratio = 1.0;
  std::vector<StoragePool> storage_pools;
  NamedRef zone;
  NamedRef pool;                              // the resource pool; the default pool has id 0
  std::optional<std::string> host_system_id;  // host.system_id; null when MAAS has no machine
  std::optional<std::string> default_macvlan_mode;
  std::optional<std::string> version;  // absent in payloads of older MAAS releases
  std::string resource_uri;
  bool operator==(const VMHost&) const = default;

  std::string IdString() const { return std::to_string(id); }
  bool HasTag(std::string_view tag) const;
  bool HasCapability(std::string_view capability) const;
};

// The seed's VMHostQueryParams. MAAS ignores filters on GET /vm-hosts/, so they are applied
// by the client: every field that is set must match; Tags must all be present.
struct VMHostQueryParams {
  std::string type;                          // empty: any type
  std::optional<std::string> zone;           // zone name, exact
  std::optional<std::string> resource_pool;  // resource pool name, exact
  std::vector<std::string> tags;             // every one must be on the host

  bool Matches(const VMHost& host) const;
};

// The seed's DiskSpec: a size with units ("20GB" decimal, "8GiB" binary) and a storage pool.
struct DiskSpec {
  std::string size;
  std::string pool;  // empty: the VM host's default storage pool
  bool operator==(const DiskSpec&) const = default;
};

// The seed's StaticIPParams. MAAS takes only the address on compose (the `ip` key of the
// `interfaces` constraint); the gateway and DNS servers come from the subnet's settings in
// MAAS, so a request for them cannot be honoured (interfaces_constraint.h).
struct StaticIPParams {
  std::string ip_address;
  std::string gateway;
  std::string subnet;  // a MAAS subnet specifier, e.g. a CIDR "10.0.0.0/24"
  std::vector<std::string> dns_servers;
  bool operator==(const StaticIPParams&) const = default;
};

// The seed's InterfaceConfig: one NIC of the VM.
struct InterfaceConfig {
  std::string name;                   // the VM's interface, e.g. "eth0": the label
  std::optional<std::string> bridge;  // the host interface to attach to
  std::optional<std::string> mac_address;
  std::optional<StaticIPParams> ip_config;
  bool operator==(const InterfaceConfig&) const = default;
};

// The seed's NetworkConfigParams.
struct NetworkConfigParams {
  std::vector<InterfaceConfig> interfaces;
  bool operator==(const NetworkConfigParams&) const = default;
};

// The seed's ComposeVMParams. Profile and Project are not MAAS compose parameters: the client
// checks them against what MAAS will do (it composes into the host's tracked project and
// applies the "default" and "maas" profiles). UserData and Tags are not compose parameters
// either (MAAS would ignore them); they travel to deployment, not to compose.
struct ComposeVMParams {
  std::string vm_host_id;  // decimal VM host id
  int64_t cores = 0;
  int64_t memory = 0;  // MiB
  std::vector<DiskSpec> disks;
  std::string profile;
  std::string project;
  std::string user_data;
  std::vector<std::string> tags;
  // Sent as MAAS's `interfaces` constraint; unset: MAAS's default NIC.
  std::optional<NetworkConfigParams> network_config;
  // Additions real MAAS needs: the machine's hostname (empty: MAAS picks a petname) and its
  // zone id (unset: the VM host's zone; MAAS alone would use the default zone).
  std::string hostname;
  std::optional<int64_t> zone_id;
  std::optional<int64_t> pool_id;
};

// The seed's ComposedVM, filled from the machine MAAS created.
struct ComposedVM {
  std::string system_id;
  std::string vm_host_id;
  std::string availability_zone;
  std::string status;  // MAAS status_name, e.g. "Commissioning"
  std::string hostname;
};

// The seed's VMHostResources, with storage as MAAS reports it.
struct VMHostResources {
  ResourceInfo total;
  ResourceInfo used;
  ResourceInfo available;
  std::vector<StoragePool> storage_pools;
};

VMHostResources ResourcesOf(const VMHost& host);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_TYPES_H_
