// How a fake VM host is described: what the LXD (or virsh) backend has, and what MAAS was
// configured with. Plain structs; FakeMaas::AddVMHost validates them.
#ifndef VMSIM_FAKES_FAKE_HOST_H_
#define VMSIM_FAKES_FAKE_HOST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/maas_api.h"

namespace vmsim::fakes {

// The MAAS machine an LXD host was deployed on (the vm-host's host.system_id): GET
// machines/{id}/ returns it, with the power state and status a client checks before placing.
struct FakeBackingMachine {
  std::string system_id;           // empty: FakeMaas draws one, as MAAS would have
  std::string power_state = "on";  // "on", "off", "unknown" or "error"
  core::NodeStatus status = core::NodeStatus::kDeployed;
};

// One host network a VM's NIC can attach to (the host interface and its VLAN), for MAAS's
// `interfaces` compose constraint. Empty strings are unset (e.g. no space).
struct FakeHostNetwork {
  std::string name = "eth0";        // the host interface (a bridge or physical NIC)
  std::string fabric = "fabric-0";  // MAAS's first fabric
  int64_t vid = 0;                  // 0: the untagged VLAN
  std::string space;
  std::string subnet;  // CIDR, e.g. "10.0.0.0/24"
  bool dhcp = true;    // MAAS DHCP on the VLAN
};

struct FakeStoragePoolSpec {
  std::string name;
  std::string type = "dir";  // the LXD driver
  std::string path;          // empty: "/var/lib/lxd/storage-pools/<name>"
  int64_t total = 0;         // bytes
  int64_t backend_used = 0;  // bytes the backend already uses outside MAAS's accounting
};

// A VM that exists on the backend before MAAS composes anything. In the tracked project it
// is a MAAS machine (Deployed) and counts in `used`; in another project it only takes space.
struct FakeExistingVMSpec {
  std::string hostname;
  std::string project;  // empty: the tracked project
  int64_t cores = 1;
  int64_t memory = 1024;                               // MiB
  std::vector<std::pair<std::string, int64_t>> disks;  // (pool name, bytes)
};

struct FakeHostSpec {
  std::string name;
  std::string type = "lxd";  // "lxd" or "virsh"
  std::string zone = "default";
  std::string resource_pool = "default";
  std::vector<std::string> tags;  // MAAS adds "pod-console-logging"
  std::vector<std::string> architectures = {"amd64/generic"};
  int64_t cores = 0;   // 0 until MAAS has processed the host's commissioning data
  int64_t memory = 0;  // MiB; likewise
  std::vector<FakeStoragePoolSpec> storage_pools;
  std::string default_storage_pool;  // empty: the first pool
  double cpu_over_commit_ratio = 1.0;
  double memory_over_commit_ratio = 1.0;
  std::string project = "default";    // the LXD project MAAS tracks
  std::vector<std::string> projects;  // other LXD projects on the host
  std::vector<std::string> profiles = {"default", "maas"};
  std::string version = "5.21.1";
  // The machine backing the host; nullopt: MAAS knows no machine behind it (host.system_id
  // null), and then it refuses an `interfaces` constraint.
  std::optional<FakeBackingMachine> machine;
  std::vector<FakeHostNetwork> networks = {FakeHostNetwork{}};
  std::vector<FakeExistingVMSpec> existing_vms;
  // Whether the driver composes (capability "composable"); MAAS refuses a compose otherwise.
  bool composable = true;
};

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_FAKE_HOST_H_
