// A stateful model test of FakeMaas through the VMHostExtension seam (rc::state): random
// sequences of composes (valid and invalid, every storage form), composes with every form field
// that changes accounting (pinned_cores, hugepages_backed, several disks over several pools,
// interfaces with ip=), decomposes (known, unknown, twice), queries with filters, host
// additions, failures, over-commit changes and clock advances, checked after every command
// against a small model of MAAS's accounting.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/client_extensions.h"
#include "core/clock.h"
#include "core/units.h"
#include "fakes/fake_maas.h"

namespace vmsim {
namespace {

using core::ErrorKind;

constexpr int64_t kGB = core::kBytesPerGB;
constexpr int64_t kDecomposeDelaySeconds = 5;

// Each of `items`, kept or not (RapidCheck shrinks towards keeping none).
std::vector<std::string> Subset(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    if (*rc::gen::arbitrary<bool>()) out.push_back(item);
  }
  return out;
}

struct ModelPool {
  std::string name;
  int64_t total = 0;
};

struct ModelHost {
  int64_t id = 0;
  std::string zone, resource_pool;
  std::vector<std::string> tags;
  int64_t cores = 0, memory = 0;
  double cpu_ratio = 1, memory_ratio = 1;
  std::vector<ModelPool> pools;  // the first is the default
  int64_t foreign_bytes = 0;     // a VM of another LXD project in the default pool
  bool reachable = true;
};

struct ModelVM {
  int64_t host = 0;
  int64_t cores = 0, memory = 0;
  std::vector<std::pair<size_t, int64_t>> disks;  // (pool index, bytes)
  std::optional<int64_t> gone_at_us;              // when MAAS's decompose finishes
  std::string ip;  // claimed by interfaces ip=, until the machine is gone
};

// VMs are named by handle: the count of successful composes before them. The model predicts
// every compose's outcome, so it knows handles; the Sut maps them to MAAS's system_ids.
struct Model {
  int64_t now_us = 0;
  std::vector<ModelHost> hosts;
  std::map<int, ModelVM> vms;  // includes those being decomposed
  std::set<int> gone;          // decomposed and removed from MAAS
  int next_handle = 0;

  const ModelHost* Host(int64_t id) const {
    for (const auto& h : hosts) {
      if (h.id == id) return &h;
    }
    return nullptr;
  }
  core::ResourceInfo Used(int64_t host) const {
    core::ResourceInfo u;
    for (const auto& [id, vm] : vms) {
      if (vm.host != host) continue;
      u.cores += vm.cores;
      u.memory += vm.memory;
      for (const auto& d : vm.disks) u.local_storage += d.second;
    }
    return u;
  }
  int64_t PoolUsed(int64_t host, size_t pool) const {
    int64_t used = 0;
    for (const auto& [id, vm] : vms) {
      if (vm.host != host) continue;
      for (const auto& d : vm.disks) used += d.first == pool ? d.second : 0;
    }
    return used;
  }
  bool IpInUse(const std::string& ip) const {
    return std::any_of(vms.begin(), vms.end(), [&](const auto& e) { return e.second.ip == ip; });
  }
  void Settle() {
    for (auto it = vms.begin(); it != vms.end();) {
      if (it->second.gone_at_us && *it->second.gone_at_us <= now_us) {
        gone.insert(it->first);
        it = vms.erase(it);
      } else {
        ++it;
      }
    }
  }
};

struct Sut {
  core::ManualClock clock;
  fakes::FakeMaas maas{
      clock,
      {.seed = 1,
       .commissioning_duration = [] { return core::Duration::Minutes(3); },
       .testing_duration = [] { return core::Duration::Minutes(1); },
       .decompose_delay = [] { return core::Duration::Seconds(kDecomposeDelaySeconds); },
       .storage_failure_status = 500,
       .vm_hosts_removed = false}};
  core::ClientExtensions extensions{maas};
  std::map<int, std::string> system_ids;  // by handle
  std::set<std::string> seen_system_ids;
  core::VMHostExtension& ext() { return extensions.VMHosts(); }
};

using Cmd = rc::state::Command<Model, Sut>;

// After every command: MAAS's figures equal the model's, per host and per storage pool.
void CheckAccounting(const Model& m, Sut& sut) {
  for (const auto& h : m.hosts) {
    auto r = sut.ext().GetVMHostResources(std::to_string(h.id));
    RC_ASSERT(r.ok());
    const core::ResourceInfo used = m.Used(h.id);
    RC_ASSERT(r->used == used);
    RC_ASSERT(r->available.cores == r->total.cores - r->used.cores);
    RC_ASSERT(r->available.memory == r->total.memory - r->used.memory);
    RC_ASSERT(r->available.local_storage == r->total.local_storage - r->used.local_storage);
    RC_ASSERT(r->storage_pools.size() == h.pools.size());
    for (size_t i = 0; i < h.pools.size(); ++i) {
      RC_ASSERT(r->storage_pools[i].used == m.PoolUsed(h.id, i));
      RC_ASSERT(r->storage_pools[i].available ==
                r->storage_pools[i].total - r->storage_pools[i].used);
    }
  }
  RC_ASSERT(sut.maas.MachineCount() == m.vms.size());
}

struct AddHost : Cmd {
  ModelHost host;
  explicit AddHost(const Model& m) {
    host.id = static_cast<int64_t>(m.hosts.size()) + 1;
    host.zone = *rc::gen::element<std::string>("z1", "z2", "z3");
    host.resource_pool = *rc::gen::element<std::string>("default", "p2");
    host.tags = Subset(std::vector<std::string>{"a", "b"});
    host.cores = *rc::gen::element<int64_t>(0, 4, 16);
    host.memory = host.cores == 0 ? 0 : *rc::gen::element<int64_t>(8192, 32768);
    host.cpu_ratio = *rc::gen::element(1.0, 1.5, 2.0);
    host.memory_ratio = *rc::gen::element(1.0, 1.5);
    host.pools.push_back({"default", *rc::gen::inRange<int64_t>(1, 6) * 100 * kGB});
    if (*rc::gen::arbitrary<bool>()) host.pools.push_back({"fast", 50 * kGB});
    host.foreign_bytes = *rc::gen::element<int64_t>(0, 0, 40 * kGB);
  }
  void checkPreconditions(const Model& m) const override { RC_PRE(m.hosts.size() < 6u); }
  void apply(Model& m) const override { m.hosts.push_back(host); }
  void run(const Model& m, Sut& sut) const override {
    fakes::FakeHostSpec spec;
    spec.name = "host-" + std::to_string(host.id);
    spec.zone = host.zone;
    spec.resource_pool = host.resource_pool;
    spec.tags = host.tags;
    spec.cores = host.cores;
    spec.memory = host.memory;
    spec.cpu_over_commit_ratio = host.cpu_ratio;
    spec.memory_over_commit_ratio = host.memory_ratio;
    for (const auto& p : host.pools) spec.storage_pools.push_back({p.name, "dir", "", p.total, 0});
    spec.machine = fakes::FakeBackingMachine{};  // a known host, for interfaces constraints
    spec.networks = {{"eth0", "fabric-0", 0, "", "10.0.0.0/24", true}};
    if (host.foreign_bytes > 0) {
      spec.projects = {"other"};
      spec.existing_vms = {{"foreign-" + std::to_string(host.id),
                            "other",
                            2,
                            2048,
                            {{"default", host.foreign_bytes}}}};
    }
    auto id = sut.maas.AddVMHost(spec);
    RC_ASSERT(id.ok());
    RC_ASSERT(*id == host.id);
    CheckAccounting(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "AddHost(" << host.id << ", " << host.cores << "c/" << host.memory << "MiB, x"
       << host.cpu_ratio << ", pools " << host.pools.size() << ", foreign " << host.foreign_bytes
       << ")";
  }
};

struct Compose : Cmd {
  int64_t host_id = 0;
  int64_t cores = 1, memory = 1024;
  std::vector<core::DiskSpec> disks;
  std::string project, profile;

  explicit Compose(const Model& m) {
    const int64_t n = static_cast<int64_t>(m.hosts.size());
    host_id = *rc::gen::inRange<int64_t>(1, n + 2);  // sometimes an unknown host
    cores = *rc::gen::inRange<int64_t>(1, 20);
    memory = *rc::gen::element<int64_t>(512, 1024, 2048, 4096, 8192, 40000);
    const auto sizes =
        rc::gen::element<std::string>("20GB", "8GiB", "0.5TB", "30", "1.5", "garbage", "0GB");
    const auto pools = rc::gen::element<std::string>("", "default", "fast", "nosuch");
    const int ndisks = *rc::gen::inRange(0, 3);
    for (int i = 0; i < ndisks; ++i) disks.push_back({*sizes, *pools});
    project = *rc::gen::element<std::string>("", "", "", "default", "other");
    profile = *rc::gen::element<std::string>("", "", "", "maas", "gpu");
  }

  // What MAAS, through the client, answers: an error kind, or nullopt for success.
  std::optional<ErrorKind> Expected(const Model& m,
                                    std::vector<std::pair<size_t, int64_t>>* placed) const {
    const ModelHost* h = m.Host(host_id);
    if (h == nullptr) return ErrorKind::kNotFound;
    if (profile == "gpu") return ErrorKind::kProfileNotFound;
    if (project == "other") return ErrorKind::kProjectNotFound;
    std::vector<std::pair<std::string, int64_t>> wanted;
    for (const auto& d : disks) {
      auto b = core::ParseBytes(d.size, core::BareUnit::kGB);
      if (!b.ok() || *b <= 0) return ErrorKind::kStorageConfiguration;
      wanted.emplace_back(d.pool, *b);
    }
    if (wanted.empty()) wanted.emplace_back("", 8 * kGB);  // MAAS's default root disk
    if (cores > h->cores)
      return h->cores == 0 ? ErrorKind::kHostUnavailable : ErrorKind::kInsufficientResources;
    if (memory > h->memory)
      return h->memory == 0 ? ErrorKind::kHostUnavailable : ErrorKind::kInsufficientResources;
    if (memory < 1024) return ErrorKind::kInvalidRequest;
    const core::ResourceInfo used = m.Used(h->id);
    if (static_cast<double>(h->cores) * h->cpu_ratio - static_cast<double>(used.cores + cores) <
            0 ||
        static_cast<double>(h->memory) * h->memory_ratio -
                static_cast<double>(used.memory + memory) <
            0) {
      return ErrorKind::kInsufficientResources;
    }
    if (!h->reachable) return ErrorKind::kHostUnavailable;
    for (const auto& [pool, bytes] : wanted) {
      size_t index = 0;
      for (size_t i = 0; i < h->pools.size(); ++i) {
        if (h->pools[i].name == pool) index = i;
      }
      const int64_t backend = m.PoolUsed(h->id, index) + (index == 0 ? h->foreign_bytes : 0);
      if (bytes > h->pools[index].total - backend) return ErrorKind::kInsufficientResources;
      placed->emplace_back(index, bytes);
    }
    return std::nullopt;
  }

  void apply(Model& m) const override {
    std::vector<std::pair<size_t, int64_t>> placed;
    if (!Expected(m, &placed))
      m.vms[m.next_handle++] = {host_id, cores, memory, placed, std::nullopt, ""};
  }

  void run(const Model& m, Sut& sut) const override {
    core::ComposeVMParams p;
    p.vm_host_id = std::to_string(host_id);
    p.cores = cores;
    p.memory = memory;
    p.disks = disks;
    p.project = project;
    p.profile = profile;
    std::vector<std::pair<size_t, int64_t>> placed;
    const auto expected = Expected(m, &placed);
    auto vm = sut.ext().ComposeVM(p);
    if (expected) {
      RC_ASSERT(!vm.ok());
      RC_ASSERT(vm.status().kind() == *expected);
      if (*expected == ErrorKind::kInsufficientResources &&
          host_id <= static_cast<int64_t>(m.hosts.size())) {
        // MAAS's own words: the over-commit 503, a per-VM cap, or the LXD driver's storage text.
        const std::string msg = vm.status().message();
        RC_ASSERT(msg.find("Unable to compose KVM instance") != std::string::npos ||
                  msg.find("less than or equal to") != std::string::npos ||
                  msg.find("Not enough") != std::string::npos);
      }
      CheckAccounting(m, sut);
      return;
    }
    RC_ASSERT(vm.ok());
    RC_ASSERT(sut.seen_system_ids.insert(vm->system_id).second);  // system_ids are unique
    sut.system_ids[m.next_handle] = vm->system_id;
    const Model next = nextState(m);
    CheckAccounting(next, sut);
    // An accepted compose never breaks the over-commit ratios.
    const ModelHost* h = m.Host(host_id);
    const auto used = next.Used(host_id);
    RC_ASSERT(static_cast<double>(used.cores) <= static_cast<double>(h->cores) * h->cpu_ratio);
    RC_ASSERT(static_cast<double>(used.memory) <= static_cast<double>(h->memory) * h->memory_ratio);
  }
  void show(std::ostream& os) const override {
    os << "Compose(host " << host_id << ", " << cores << "c/" << memory << "MiB, disks";
    for (const auto& d : disks) os << " " << d.size << "@" << (d.pool.empty() ? "-" : d.pool);
    os << ", project '" << project << "', profile '" << profile << "')";
  }
};

// A compose through MAAS's form itself, with the fields the client seam does not carry.
struct ComposeForm : Cmd {
  int64_t host_id = 0;
  int64_t cores = 1, memory = 1024;
  std::vector<int64_t> pinned;
  bool hugepages = false;
  std::vector<std::pair<int64_t, std::string>> disks;  // (GB, pool tag)
  std::string ip;

  explicit ComposeForm(const Model& m) {
    RC_PRE(!m.hosts.empty());
    host_id = *rc::gen::inRange<int64_t>(1, static_cast<int64_t>(m.hosts.size()) + 1);
    cores = *rc::gen::inRange<int64_t>(1, 6);
    memory = *rc::gen::element<int64_t>(1024, 2048, 4096);
    const int npinned = *rc::gen::element(0, 0, 1, 3);
    for (int i = 0; i < npinned; ++i) pinned.push_back(*rc::gen::inRange<int64_t>(0, 18));
    hugepages = *rc::gen::arbitrary<bool>();
    const int ndisks = *rc::gen::inRange(0, 4);
    for (int i = 0; i < ndisks; ++i) {
      disks.emplace_back(*rc::gen::element<int64_t>(5, 20, 60),
                         *rc::gen::element<std::string>("default", "fast", "nosuch"));
    }
    if (*rc::gen::arbitrary<bool>()) ip = "10.0.0." + std::to_string(*rc::gen::inRange(1, 4));
  }

  core::FormData Form() const {
    core::FormData f = {{"cores", std::to_string(cores)},
                        {"memory", std::to_string(memory)},
                        {"hugepages_backed", hugepages ? "true" : "false"}};
    for (const int64_t c : pinned) f.emplace_back("pinned_cores", std::to_string(c));
    std::string storage;
    for (size_t i = 0; i < disks.size(); ++i) {
      storage += (i ? "," : "") + std::string("d") + std::to_string(i) + ":" +
                 std::to_string(disks[i].first) + "(" + disks[i].second + ")";
    }
    if (!storage.empty()) f.emplace_back("storage", storage);
    if (!ip.empty()) f.emplace_back("interfaces", "eth0:ip=" + ip);
    return f;
  }

  // MAAS's HTTP status for the compose (200 on success), and where the disks go.
  int Expected(const Model& m, ModelVM* vm) const {
    const ModelHost* h = m.Host(host_id);
    if (cores > h->cores || memory > h->memory) return 400;  // the hints cap each field
    for (const int64_t c : pinned) {
      if (c >= h->cores) return 400;
    }
    const core::ResourceInfo used = m.Used(h->id);
    if (static_cast<double>(h->cores) * h->cpu_ratio - static_cast<double>(used.cores + cores) <
            0 ||
        static_cast<double>(h->memory) * h->memory_ratio -
                static_cast<double>(used.memory + memory) <
            0) {
      return 503;  // the over-commit check counts `cores`, not the pinned ones
    }
    if (!h->reachable) return 503;
    if (!ip.empty() && m.IpInUse(ip)) return 404;
    std::vector<std::pair<std::string, int64_t>> wanted;
    for (const auto& [gb, pool] : disks) wanted.emplace_back(pool, gb * kGB);
    if (wanted.empty()) wanted.emplace_back("local", 8 * kGB);
    std::map<size_t, int64_t> taking;
    for (const auto& [pool, bytes] : wanted) {
      size_t index = 0;  // a tag naming no pool: the default pool
      for (size_t i = 0; i < h->pools.size(); ++i) {
        if (h->pools[i].name == pool) index = i;
      }
      const int64_t backend = m.PoolUsed(h->id, index) + (index == 0 ? h->foreign_bytes : 0);
      if (bytes > h->pools[index].total - backend) return 500;  // checked disk by disk
      vm->disks.emplace_back(index, bytes);
    }
    vm->host = host_id;
    vm->cores = pinned.empty() ? cores : static_cast<int64_t>(pinned.size());  // LXD pins
    vm->memory = memory;  // hugepages-backed memory is used memory too
    vm->ip = ip;
    return 200;
  }

  void apply(Model& m) const override {
    ModelVM vm;
    if (Expected(m, &vm) == 200) m.vms[m.next_handle++] = vm;
  }

  void run(const Model& m, Sut& sut) const override {
    ModelVM vm;
    const int expected = Expected(m, &vm);
    auto r = sut.maas.ComposeMachine(host_id, Form());
    RC_ASSERT((r.ok() ? 200 : r.error().http_status) == expected);
    if (r.ok()) {
      RC_ASSERT(sut.seen_system_ids.insert(r.value().system_id).second);
      sut.system_ids[m.next_handle] = r.value().system_id;
      auto machine = sut.maas.GetMachine(r.value().system_id);
      RC_ASSERT(machine.ok());
      RC_ASSERT(machine.value().cpu_count == vm.cores);
    }
    CheckAccounting(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "ComposeForm(host " << host_id << ", " << cores << "c/" << memory << "MiB, pinned "
       << pinned.size() << (hugepages ? ", hugepages" : "") << ", disks";
    for (const auto& [gb, pool] : disks) os << " " << gb << "GB@" << pool;
    os << (ip.empty() ? "" : ", ip " + ip) << ")";
  }
};

struct Decompose : Cmd {
  enum class Target { kLive, kGone, kUnknown, kWrongHost };
  Target target = Target::kLive;
  int handle = 0;
  explicit Decompose(const Model& m) {
    target = *rc::gen::element(Target::kLive, Target::kLive, Target::kGone, Target::kUnknown,
                               Target::kWrongHost);
    if (target == Target::kLive || target == Target::kWrongHost) {
      RC_PRE(!m.vms.empty());
      std::vector<int> handles;
      for (const auto& e : m.vms) handles.push_back(e.first);
      handle = *rc::gen::elementOf(handles);
      if (target == Target::kWrongHost) RC_PRE(m.hosts.size() > 1u);
    } else if (target == Target::kGone) {
      RC_PRE(!m.gone.empty());
      handle = *rc::gen::elementOf(std::vector<int>(m.gone.begin(), m.gone.end()));
    }
  }
  void apply(Model& m) const override {
    if (target != Target::kLive) return;
    auto& vm = m.vms.at(handle);
    if (!vm.gone_at_us)
      vm.gone_at_us = m.now_us + kDecomposeDelaySeconds * 1000000;  // twice: harmless
  }
  void run(const Model& m, Sut& sut) const override {
    std::string host = "1", system_id = "zzzzzz";
    if (target != Target::kUnknown) {
      system_id = sut.system_ids.at(handle);
      const int64_t h = target == Target::kGone ? 1 : m.vms.at(handle).host;
      host = std::to_string(
          target == Target::kWrongHost ? (h % static_cast<int64_t>(m.hosts.size())) + 1 : h);
    }
    const core::Status s = sut.ext().DecomposeVM(host, system_id);
    if (target == Target::kLive) {
      RC_ASSERT(s.ok());
    } else {
      RC_ASSERT(!s.ok());
      RC_ASSERT(s.kind() == ErrorKind::kNotFound);
    }
    CheckAccounting(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    const char* names[] = {"live", "gone", "unknown", "wrong-host"};
    os << "Decompose(" << names[static_cast<int>(target)] << " #" << handle << ")";
  }
};

struct AdvanceClock : Cmd {
  int64_t seconds = *rc::gen::inRange<int64_t>(0, 12);
  void apply(Model& m) const override {
    m.now_us += seconds * 1000000;
    m.Settle();
  }
  void run(const Model& m, Sut& sut) const override {
    sut.clock.Advance(core::Duration::Seconds(seconds));
    CheckAccounting(nextState(m), sut);
  }
  void show(std::ostream& os) const override { os << "AdvanceClock(" << seconds << "s)"; }
};

struct SetReachable : Cmd {
  int64_t host = 0;
  bool reachable = *rc::gen::arbitrary<bool>();
  explicit SetReachable(const Model& m) {
    RC_PRE(!m.hosts.empty());
    host = *rc::gen::inRange<int64_t>(1, static_cast<int64_t>(m.hosts.size()) + 1);
  }
  void apply(Model& m) const override {
    m.hosts[static_cast<size_t>(host - 1)].reachable = reachable;
  }
  void run(const Model& m, Sut& sut) const override {
    RC_ASSERT(sut.maas.SetReachable(host, reachable).ok());
    CheckAccounting(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << (reachable ? "RecoverHost(" : "FailHost(") << host << ")";
  }
};

struct ChangeOverCommit : Cmd {
  int64_t host = 0;
  double cpu = *rc::gen::element(0.5, 1.0, 1.5, 3.0);
  double memory = *rc::gen::element(0.5, 1.0, 2.0);
  explicit ChangeOverCommit(const Model& m) {
    RC_PRE(!m.hosts.empty());
    host = *rc::gen::inRange<int64_t>(1, static_cast<int64_t>(m.hosts.size()) + 1);
  }
  void apply(Model& m) const override {
    auto& h = m.hosts[static_cast<size_t>(host - 1)];
    h.cpu_ratio = cpu;
    h.memory_ratio = memory;
  }
  void run(const Model& m, Sut& sut) const override {
    RC_ASSERT(sut.maas.SetOverCommitRatios(host, cpu, memory).ok());
    CheckAccounting(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "ChangeOverCommit(" << host << ", cpu " << cpu << ", memory " << memory << ")";
  }
};

struct Query : Cmd {
  core::VMHostQueryParams q;
  Query() {
    if (*rc::gen::arbitrary<bool>()) q.zone = *rc::gen::element<std::string>("z1", "z2", "z9");
    if (*rc::gen::arbitrary<bool>())
      q.resource_pool = *rc::gen::element<std::string>("default", "p2");
    q.tags = Subset(std::vector<std::string>{"a", "b", "pod-console-logging"});
    q.type = *rc::gen::element<std::string>("", "", "lxd", "virsh");
  }
  void run(const Model& m, Sut& sut) const override {
    auto hosts = sut.ext().QueryVMHosts(q);
    RC_ASSERT(hosts.ok());
    std::vector<int64_t> expected;
    for (const auto& h : m.hosts) {
      bool match = (q.type.empty() || q.type == "lxd") && (!q.zone || *q.zone == h.zone) &&
                   (!q.resource_pool || *q.resource_pool == h.resource_pool);
      for (const auto& t : q.tags) {
        match = match && (t == "pod-console-logging" ||
                          std::find(h.tags.begin(), h.tags.end(), t) != h.tags.end());
      }
      if (match) expected.push_back(h.id);
    }
    std::vector<int64_t> got;
    for (const auto& h : *hosts) got.push_back(h.id);
    RC_ASSERT(got == expected);  // exactly the matching hosts, in id order
  }
  void show(std::ostream& os) const override {
    os << "Query(zone " << q.zone.value_or("*") << ", pool " << q.resource_pool.value_or("*")
       << ", " << q.tags.size() << " tags, type '" << q.type << "')";
  }
};

RC_GTEST_PROP(FakeMaasModel, AccountingMatchesTheModelAfterEveryCommand, ()) {
  Sut sut;
  rc::state::check(
      Model{}, sut,
      rc::state::gen::execOneOfWithArgs<AddHost, Compose, Compose, Compose, ComposeForm,
                                        ComposeForm, Decompose, Decompose, AdvanceClock,
                                        SetReachable, ChangeOverCommit, Query>());
}

}  // namespace
}  // namespace vmsim
