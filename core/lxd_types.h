// The seed's LXD service types (pkg/maas/lxd/interfaces.go): what a provider asks for
// (VMSpec) and gets back (LXDVMResult), and its view of a host (LXDHost). Plain structs.
#ifndef VMSIM_CORE_LXD_TYPES_H_
#define VMSIM_CORE_LXD_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace vmsim::lxd {

using DiskSpec = core::DiskSpec;

// lxd.ResourceInfo: memory in MiB, disk in whole decimal GB (rounded down).
struct ResourceInfo {
  int64_t cores = 0;
  int64_t memory = 0;
  int64_t disk = 0;
  bool operator==(const ResourceInfo&) const = default;
};

struct LXDCapabilities {
  bool vm_support = false;
  std::vector<std::string> projects;  // known: the tracked project, when it was fetched
  std::vector<std::string> profiles;  // what a MAAS compose applies: "default", "maas"
  std::vector<std::string> storage_pools;
  std::vector<std::string> network_bridges;  // MAAS does not report them: empty
};

// The seed's LXDHost. The seed's field SystemID held the VM host id; it is vm_host_id here,
// and the machine backing the host (MAAS's host.system_id) is host_system_id.
struct LXDHost {
  std::string vm_host_id;
  std::string host_system_id;
  std::string hostname;
  std::string availability_zone;
  std::string resource_pool;
  std::vector<std::string> tags;
  ResourceInfo available;
  ResourceInfo used;
  LXDCapabilities capabilities;
};

// The seed's StaticIPSpec and VMNetworkConfig (one NIC).
struct StaticIPSpec {
  std::string ip_address;
  std::string gateway;
  std::string subnet;
  std::vector<std::string> dns_servers;
  std::string interface;  // the VM's interface; empty: "eth0"
  bool operator==(const StaticIPSpec&) const = default;
};

struct VMNetworkConfig {
  std::optional<std::string> bridge;
  std::optional<std::string> mac_address;
  std::optional<StaticIPSpec> static_ip_config;
  bool operator==(const VMNetworkConfig&) const = default;
};

struct VMSpec {
  int64_t cores = 0;
  int64_t memory = 0;  // MiB
  std::vector<DiskSpec> disks;
  std::string profile;
  std::string project;
  std::string user_data;
  std::string host_id;
  std::vector<std::string> tags;
  std::string hostname;  // addition: the machine's hostname (empty: MAAS picks one)
  std::optional<VMNetworkConfig> network_config;
};

struct LXDVMResult {
  std::string system_id;
  std::string host_id;
  std::string provider_id;
  std::string failure_domain;  // the availability zone
  std::vector<std::string> ip_addresses;
  std::string project;
  std::string status;
};

}  // namespace vmsim::lxd

#endif  // VMSIM_CORE_LXD_TYPES_H_
