// FakeMaas: an in-process MAAS (3.4-3.8 semantics) behind the wire-level seam core::MaasApi.
// It answers what MAAS answers, status codes and texts included (reference section 9):
// totals and tracked-project `used`, available = total - used (unclamped), per-VM caps and the
// aggregate over-commit check, storage pools with MAAS's allocation accounting and the LXD
// driver's pool choice, compose defaults, system_ids, the commissioning lifecycle driven by the
// injected clock, and asynchronous decompose. Deterministic: the same seed and call sequence
// give the same ids and answers. Not thread-safe: callers serialise (the HTTP server locks).
#ifndef VMSIM_FAKES_FAKE_MAAS_H_
#define VMSIM_FAKES_FAKE_MAAS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/maas_api.h"
#include "core/rng.h"
#include "core/status.h"
#include "core/time.h"
#include "fakes/compose_form.h"
#include "fakes/fake_host.h"

namespace vmsim::fakes {

struct FakeMaasOptions {
  uint64_t seed = 1;
  // How long a composed machine commissions, then tests, before it is Ready. MAAS's sources
  // give no figure; these defaults are assumptions a scenario overrides. Each call draws one.
  std::function<core::Duration()> commissioning_duration = [] {
    return core::Duration::Minutes(3);
  };
  std::function<core::Duration()> testing_duration = [] { return core::Duration::Minutes(1); };
  // From DELETE machines/{id}/ until the decompose callback frees the host's resources.
  std::function<core::Duration()> decompose_delay = [] { return core::Duration::Seconds(5); };
  // The HTTP status a storage shortfall surfaces as (500 by reading MAAS's code; inferred).
  int storage_failure_status = 500;
  // MAAS after 3.8 (master): every vm-host endpoint answers 410 Gone.
  bool vm_hosts_removed = false;
  // From op=deploy until the machine is Deployed. MAAS gives no figure; an assumption.
  core::Duration deploy_duration = core::Duration::Seconds(30);
  // The release of a power-controlled machine: Releasing until the power-off is seen.
  core::Duration release_duration = core::Duration::Seconds(5);
  // What discovery finds on an LXD or virsh host created with POST vm-hosts/: its storage pools
  // (the first is the default). Cores and memory stay 0, as MAAS reports them until the host's
  // commissioning data is processed (reference 1.3).
  std::vector<FakeStoragePoolSpec> discovered_storage_pools = {
      {"default", "dir", "", 100'000'000'000, 0}};
  // The distro_series a deploy gets without one (MAAS 3.7's default_distro_series).
  std::string default_distro_series = "noble";
};

// A tag (GET tags/{name}/).
struct FakeTag {
  std::string name;
  std::string comment;
  std::string definition;
  std::string kernel_opts;
};

// One disk of a machine, for its blockdevice_set.
struct FakeMachineDisk {
  int64_t size = 0;  // bytes
  std::string pool;  // the VM host's storage pool backing it; empty for a physical disk
  std::vector<std::string> tags;
};

// What the wire shows of a machine beyond core::Machine.
struct FakeMachineDetails {
  std::optional<std::string> owner;
  std::string description;
  std::string osystem;
  std::string distro_series;
  std::string hwe_kernel;  // empty: null
  std::string min_hwe_kernel;
  bool netboot = true;
  bool dynamic = false;
  std::vector<FakeMachineDisk> disks;
  std::string mac_address;
  std::vector<std::string> ip_addresses;
  int64_t id = 0;  // the node's primary key (block device, interface and NUMA ids derive from it)
};

class FakeMaas final : public core::MaasApi {
 public:
  // `clock` must outlive this object.
  FakeMaas(const core::Clock& clock, FakeMaasOptions options = {});
  FakeMaas(const FakeMaas&) = delete;
  FakeMaas& operator=(const FakeMaas&) = delete;
  ~FakeMaas() override;

  // --- Administration (what an operator or the simulator does outside the API) ---
  // Adds a VM host (as POST vm-hosts/ plus discovery would); zones and resource pools are
  // created by name. Returns its id. kInvalidRequest names what is wrong with `spec`.
  core::Result<int64_t> AddVMHost(const FakeHostSpec& spec);
  // DELETE vm-hosts/{id}/: its machines leave MAAS at once. kNotFound for an unknown id.
  core::Status RemoveVMHost(int64_t id);
  // A host whose LXD API cannot be reached: composes fail with MAAS's 503 driver text.
  core::Status SetReachable(int64_t id, bool reachable);
  // POST vm-hosts/{id}/op-add_tag and op-remove_tag: idempotent. kInvalidRequest with
  // MAAS's text for an empty tag ("No provided tag!") or one with a comma.
  core::Status AddTag(int64_t id, const std::string& tag);
  core::Status RemoveTag(int64_t id, const std::string& tag);
  // A host whose disks are gone: every VM on it (and its machine) disappears at once.
  // Returns the system_ids of the machines lost. kNotFound for an unknown id.
  core::Result<std::vector<std::string>> LoseVMs(int64_t id);
  // DELETE machines/{id}/ whose decompose fails in LXD: MAAS still forgets the machine (and
  // its `used`) after the delay, but the VM stays on the backend, holding its disk space.
  core::MaasResult<core::NoContent> DeleteMachineLeavingVM(std::string_view system_id);
  // The machine backing host `id` (FakeHostSpec::machine) changes power state ("on", "off",
  // "unknown", "error") or status, as an operator or a failure would change it. kNotFound for
  // an unknown host or one without a backing machine; kInvalidRequest for another power state.
  core::Status SetHostMachinePower(int64_t id, const std::string& power_state);
  core::Status SetHostMachineStatus(int64_t id, core::NodeStatus status);
  // PUT vm-hosts/{id}/ with new over-commit ratios (MAAS accepts 0 to 10).
  core::Status SetOverCommitRatios(int64_t id, double cpu, double memory);

  // --- core::MaasApi ---
  core::MaasResult<std::vector<core::VMHost>> ListVMHosts() override;
  core::MaasResult<core::VMHost> GetVMHost(int64_t id) override;
  core::MaasResult<core::VMHostParameters> GetVMHostParameters(int64_t id) override;
  core::MaasResult<core::ComposeResponse> ComposeMachine(int64_t vm_host_id,
                                                         const core::FormData& form) override;
  core::MaasResult<core::Machine> GetMachine(std::string_view system_id) override;
  core::MaasResult<std::vector<core::Machine>> ListMachines(
      const core::MachineQuery& query) override;
  core::MaasResult<core::NoContent> DeleteMachine(std::string_view system_id) override;

  // --- MAAS's machine API beyond the client seam (fakes/fake_maas_lifecycle.cc) ---
  // Each takes MAAS's form fields and answers as MAAS's handler does (status codes and texts of
  // reference section 5 and MAAS 3.7's api/machines.py). `user` is the caller's username.

  // POST machines/ op=allocate: the cheapest Ready machine matching the constraints (name,
  // system_id, cpu_count, mem, arch, zone, pool, tags, pod, not_pod, pod_type), now Allocated to
  // `user`; else, without system_id, a machine composed on a matching VM host with
  // skip_commissioning and dynamic (deleted on release); else 409 NodesNotAvailable.
  core::MaasResult<core::Machine> AllocateMachine(const core::FormData& form,
                                                  const std::string& user);
  // POST machines/{id}/ op=deploy: Ready (allocated to `user` first) or Allocated -> Deploying,
  // Deployed after options.deploy_duration; osystem/distro_series set. 409 in other states.
  core::MaasResult<core::Machine> DeployMachine(std::string_view system_id,
                                                const core::FormData& form,
                                                const std::string& user);
  // POST machines/{id}/ op=release: Ready/Releasing a no-op; releasable states -> Ready (owner
  // and OS cleared, powered off); a dynamic machine is decomposed. 409 otherwise. A VM composed
  // through vm-hosts keeps its resources.
  core::MaasResult<core::Machine> ReleaseMachine(std::string_view system_id,
                                                 const std::string& user);
  // POST machines/{id}/ op=power_on / op=power_off. power_on of an unowned machine: 409; of an
  // Allocated one: starts deployment, as MAAS does.
  core::MaasResult<core::Machine> PowerMachine(std::string_view system_id, bool on,
                                               const std::string& user);
  // PUT machines/{id}/: hostname, description, domain, zone and pool (by name), cpu_count, memory,
  // architecture, min_hwe_kernel; omitted fields unchanged, unknown ones ignored; 400 field errors.
  core::MaasResult<core::Machine> UpdateMachine(std::string_view system_id,
                                                const core::FormData& form);
  // Whether `system_id` is a VM host's own machine (FakeHostSpec::machine).
  bool IsHostMachine(std::string_view system_id);
  // DELETE machines/{id}/ of a VM host's own machine: 400 "The following VM hosts must be removed
  // first: <name>"; with `force` (?force=true) the VM host is deleted (its machines leave MAAS),
  // then the machine. 404 when `system_id` is not a VM host's machine.
  core::MaasResult<core::NoContent> DeleteHostMachine(std::string_view system_id, bool force);
  // Whether `user` may see/edit the machine (MAAS without RBAC: unowned, owned by them, or admin).
  bool MachineVisibleTo(std::string_view system_id, const std::string& user, bool admin);
  // What the wire shows of a machine beyond core::Machine's typed fields; nullopt when unknown.
  std::optional<FakeMachineDetails> MachineDetails(std::string_view system_id);

  // Tags: POST tags/ (name, comment, definition, kernel_opts), GET tags/ and tags/{name}/,
  // POST tags/{name}/ op=update_nodes (add=, remove= system_ids: {"added": n, "removed": n}).
  core::MaasResult<FakeTag> CreateTag(const core::FormData& form);
  std::vector<FakeTag> Tags() const;
  core::MaasResult<FakeTag> GetTag(const std::string& name) const;
  core::MaasResult<std::pair<int64_t, int64_t>> UpdateTagNodes(
      const std::string& name, const std::vector<std::string>& add,
      const std::vector<std::string>& remove);
  core::MaasResult<std::vector<core::Machine>> TagMachines(const std::string& name);

  // The VM host lifecycle over the API (fakes/fake_maas_vmhosts.cc): POST vm-hosts/ (PodForm:
  // type, power_address, name, zone, pool, tags, project, ratios), PUT vm-hosts/{id}/,
  // DELETE vm-hosts/{id}/ (decompose: the VMs leave the backend too), op=refresh.
  core::MaasResult<core::VMHost> CreateVMHostFromForm(const core::FormData& form);
  core::MaasResult<core::VMHost> UpdateVMHostFromForm(int64_t id, const core::FormData& form);
  core::MaasResult<core::NoContent> DeleteVMHost(int64_t id, bool decompose);
  core::MaasResult<core::VMHost> RefreshVMHost(int64_t id);
  // GET vm-hosts/{id}/?op=parameters as MAAS answers it (secrets included): what the PodForm
  // stored, or for a fleet host its address (and LXD project). 404 for an unknown id.
  core::MaasResult<std::map<std::string, std::string>> PowerParameters(int64_t id);

  // GET zones/ and resourcepools/: every zone and pool the fleet defines, ordered by name as
  // MAAS lists them (the default zone, id 1, and the default pool, id 0, always exist).
  std::vector<core::NamedRef> Zones() const;
  std::vector<core::NamedRef> Pools() const;

  // --- Introspection for tests ---
  // Machines MAAS knows, including those whose decompose is still pending.
  size_t MachineCount();
  // Decomposes not yet finished.
  size_t PendingDecomposeCount();
  // VMs left on backends by failed decomposes (MAAS no longer knows them).
  size_t LeakedBackendVMCount() const { return leaked_backend_vms_; }

 private:
  struct Host;
  struct MachineRecord;

  // Finishes every decompose whose time has come. Every entry point calls it first.
  void Settle();
  Host* FindHost(int64_t id);
  // A machine MAAS shows (not one whose decompose is under way), or nullptr.
  MachineRecord* FindMachine(std::string_view system_id);
  core::NodeStatus StatusOf(const MachineRecord& m) const;
  void SetStatus(MachineRecord& m, core::NodeStatus s);
  core::VMHost ToVMHost(const Host& host) const;
  core::Machine ToMachine(const MachineRecord& m) const;
  core::Machine ToBackingMachine(const Host& host) const;
  // fakes/fake_maas_host_machines.cc: the VM host whose own machine is `system_id`, or nullptr.
  Host* HostOfMachine(std::string_view system_id);
  core::MaasError HostsMustGoFirst(const Host& host) const;
  // deploy (409 in the machine's state), release (400 while it hosts a VM host), power on/off
  // of a VM host's own machine; nullopt when `system_id` is not one.
  enum class HostMachineOp { kDeploy, kRelease, kPowerOn, kPowerOff };
  std::optional<core::MaasResult<core::Machine>> HostMachineOperation(std::string_view system_id,
                                                                      HostMachineOp op);
  // The host's backing machine for an administration call, or kNotFound.
  core::Result<FakeBackingMachine*> BackingMachineOf(int64_t id);
  core::NamedRef ZoneRef(int64_t id) const;
  // The id of the zone or pool named `name`, if there is one.
  std::optional<int64_t> ZoneNamed(const std::string& name) const;
  std::optional<int64_t> PoolNamed(const std::string& name) const;
  core::NamedRef PoolRef(int64_t id) const;
  int64_t ZoneIdFor(const std::string& name);
  int64_t PoolIdFor(const std::string& name);
  // Whether a node (a machine, or a VM host's own machine) has `name` as its hostname.
  bool HostnameTaken(const std::string& name) const;
  std::string UniqueSystemId();
  std::string UniqueHostname();
  // Records a VM on `host` (and a machine, when in the tracked project); returns its system_id
  // or "" for a VM outside the tracked project.
  std::string CreateVM(Host& host, const ComposeRequest& request, const std::string& project,
                       const std::vector<size_t>& disk_pools, core::NodeStatus fixed_status);
  // Removes the machine and its VM; with `leave_backend_vm`, the VM's disks stay on the
  // backend (a failed LXD decompose).
  void DestroyMachine(const std::string& system_id, bool leave_backend_vm = false);
  core::MaasResult<core::NoContent> ScheduleDecompose(std::string_view system_id, bool leave_vm);
  core::MaasResult<std::vector<size_t>> PlaceDisks(
      const Host& host, const std::vector<core::StorageDisk>& disks) const;

  const core::Clock& clock_;
  FakeMaasOptions options_;
  core::Rng ids_rng_;
  core::Rng names_rng_;
  core::Rng host_ids_rng_;  // backing machines' system_ids: composes' ids do not shift
  int64_t next_host_id_ = 1;
  int64_t next_vm_id_ = 1;
  std::map<int64_t, std::unique_ptr<Host>> hosts_;
  std::set<std::string> host_names_;
  std::map<std::string, std::unique_ptr<MachineRecord>> machines_;
  std::map<std::string, int64_t> backing_machines_;  // system_id -> VM host id
  std::set<std::string> hostnames_;
  std::multimap<core::Timestamp, std::string> pending_decomposes_;  // FIFO among equal times
  size_t leaked_backend_vms_ = 0;
  std::map<int64_t, core::NamedRef> zones_;
  std::map<int64_t, core::NamedRef> pools_;
  std::map<std::string, FakeTag> tags_;
  std::set<std::string> ips_in_use_;  // claimed by interfaces' ip=
};

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_FAKE_MAAS_H_
