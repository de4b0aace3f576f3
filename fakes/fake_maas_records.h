// FakeMaas's private records: a VM host (its backend and MAAS's accounting) and a machine (what
// MAAS stores for it). Included only by fakes/fake_maas*.cc; not part of the fake's interface.
#ifndef VMSIM_FAKES_FAKE_MAAS_RECORDS_H_
#define VMSIM_FAKES_FAKE_MAAS_RECORDS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fakes/fake_maas.h"

namespace vmsim::fakes {

inline constexpr int64_t kDefaultZoneId = 1;
inline constexpr int64_t kDefaultPoolId = 0;
// A composed machine's node id (its block device and interface ids derive from it) is this plus
// its VM's id: clear of the VM hosts' own machines, whose node ids are the hosts' ids.
inline constexpr int64_t kFirstMachineNodeId = 100;

struct FakeMaas::Host {
  struct Pool {
    FakeStoragePoolSpec spec;
    int64_t backend_used = 0;  // what the backend holds: every project, plus outside use
    int64_t allocated = 0;     // MAAS's accounting: tracked-project disks only
  };
  struct VM {
    std::string project;
    int64_t cores = 0;
    int64_t memory = 0;
    std::vector<std::pair<size_t, int64_t>> disks;  // (pool index, bytes)
  };
  int64_t id = 0;
  FakeHostSpec spec;
  int64_t zone_id = kDefaultZoneId;
  int64_t pool_id = kDefaultPoolId;
  std::vector<Pool> pools;
  size_t default_pool = 0;
  core::ResourceInfo used;  // tracked project only
  bool reachable = true;
  // The power parameters POST / PUT vm-hosts/ gave (power_address, power_pass; for LXD
  // project, certificate, key); empty for the fleet's hosts (FakeMaas::PowerParameters).
  std::map<std::string, std::string> power_parameters;
  // null until a PodForm save, which makes it "" unless one of MAAS's modes is given.
  std::optional<std::string> default_macvlan_mode;
  std::map<int64_t, VM> vms;

  bool Tracked(const std::string& project) const { return project == spec.project; }
};

struct FakeMaas::MachineRecord {
  std::string system_id;
  std::string hostname;
  int64_t host_id = 0;
  int64_t vm_id = 0;
  std::string power_type;
  std::string architecture;
  int64_t cores = 0;
  int64_t memory = 0;
  std::vector<std::string> tags;
  int64_t zone_id = kDefaultZoneId;
  int64_t pool_id = kDefaultPoolId;
  core::Timestamp testing_at;
  core::Timestamp ready_at;
  std::optional<core::NodeStatus> fixed_status;
  // What MAAS's machine operations (allocate, deploy, release, power, update) set: allocated
  // on the first of them, so a machine that is only composed and deleted carries no more.
  struct Lifecycle {
    std::string owner;  // empty: none
    std::string description;
    std::string osystem;
    std::string distro_series;
    std::string min_hwe_kernel;
    std::optional<std::string> power_state;  // otherwise it follows the status
    // A transition under way (Deploying -> Deployed, Releasing -> Ready): at `first`, `second`.
    std::optional<std::pair<core::Timestamp, core::NodeStatus>> next_status;
    std::vector<std::string> ip_addresses;  // claimed by the compose's interfaces ip=
  };
  std::unique_ptr<Lifecycle> life;
  bool dynamic = false;  // composed by allocate: deleted on release
  Lifecycle& Life() {
    if (!life) life = std::make_unique<Lifecycle>();
    return *life;
  }
  const std::string& Owner() const {
    static const std::string kNone;
    return life ? life->owner : kNone;
  }
  bool deleting = false;
  bool leave_backend_vm = false;  // its decompose fails in LXD
};

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_FAKE_MAAS_RECORDS_H_
