// FakeMaas: the machine API beyond the client seam (allocate, deploy, release, power, update)
// as MAAS 3.7's api/machines.py and models/node.py answer them.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <set>

#include "fakes/fake_maas.h"
#include "fakes/fake_maas_records.h"
#include "fakes/fake_maas_text.h"
#include "fakes/form_body.h"
#include "fakes/hostname_rules.h"

namespace vmsim::fakes {

using core::MaasError;
using core::NodeStatus;

namespace {

const char* kInvalidChoice =
    "Select a valid choice. That choice is not one of the available choices.";

std::optional<int64_t> ToInt(const std::string& s) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Python's float() of a form value, as AcquireNodeForm coerces cpu_count and mem: "2", "1.0",
// " 3 " and "1e3" are numbers; "plenty" is not.
std::optional<double> ToFloat(const std::string& s) {
  const std::string t = StrippedField(s);
  if (t.empty() || t.find_first_of("xX") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) return std::nullopt;
  return v;
}

// parse_legacy_tags: each value is split into the runs of re.findall(r"[^\s,]+").
std::vector<std::string> LegacyTags(const core::FormData& form) {
  std::vector<std::string> out;
  for (const auto& [k, v] : form) {
    if (k != "tags") continue;
    size_t at = 0;
    while ((at = v.find_first_not_of(" \t\n\r\f\v,", at)) != std::string::npos) {
      const size_t end = v.find_first_of(" \t\n\r\f\v,", at);
      out.push_back(v.substr(at, end == std::string::npos ? std::string::npos : end - at));
      at = end;
    }
  }
  return out;
}

// The owner as MAAS shows it. A release that waits for the power to go off keeps the owner
// until it finishes (Node._finalize_release clears it), i.e. until the Releasing -> Ready
// transition has come. A template, so that it takes FakeMaas's private machine record.
template <typename Record>
const std::string& OwnerAt(const Record& m, core::Timestamp now) {
  static const std::string kNone;
  const auto& next = m.life ? m.life->next_status : std::nullopt;
  if (next && next->second == NodeStatus::kReady && now >= next->first) return kNone;
  return m.Owner();
}

std::string Label(NodeStatus s) { return std::string(core::NodeStatusName(s)); }

// Python's repr of a str, as MAAS prints constraint values.
std::string PyRepr(const std::string& s) { return "'" + s + "'"; }

bool Releasable(NodeStatus s) {
  switch (static_cast<int>(s)) {
    case 10:
    case 5:
    case 8:
    case 9:
    case 6:
    case 11:
    case 15:
    case 13:
      return true;  // RELEASABLE_STATUSES
    default:
      return false;
  }
}

// AcquireNodeForm's fields that vmsim matches, and the options MAAS accepts beside them.
const std::set<std::string>& KnownAllocateFields() {
  static const std::set<std::string> kFields = {"name",
                                                "system_id",
                                                "arch",
                                                "cpu_count",
                                                "mem",
                                                "tags",
                                                "not_tags",
                                                "zone",
                                                "not_in_zone",
                                                "pool",
                                                "not_in_pool",
                                                "pod",
                                                "not_pod",
                                                "pod_type",
                                                "not_pod_type",
                                                "storage",
                                                "interfaces",
                                                "fabrics",
                                                "not_fabrics",
                                                "fabric_classes",
                                                "not_fabric_classes",
                                                "subnets",
                                                "not_subnets",
                                                "vlans",
                                                "not_vlans",
                                                "link_speed",
                                                "cpu_speed",
                                                "devices",
                                                "owner",
                                                "not_owner",
                                                "power_state",
                                                "not_power_state",
                                                "deployment_target",
                                                "not_deployment_target",
                                                "comment",
                                                "agent_name",
                                                "bridge_all",
                                                "bridge_type",
                                                "bridge_stp",
                                                "bridge_fd",
                                                "dry_run",
                                                "verbose",
                                                "op"};
  return kFields;
}

std::vector<std::string> Values(const core::FormData& form, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : form) {
    if (k != name) continue;
    size_t at = 0;  // multi-valued constraints take repeats or comma lists
    while (at <= v.size()) {
      const size_t comma = v.find(',', at);
      const std::string item =
          v.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
      if (!item.empty()) out.push_back(item);
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
  }
  return out;
}

// AcquireNodeForm's 409 when nothing matches: the constraints as given, then as resolved.
MaasError NoMachineMatches(const core::FormData& form) {
  std::string listed, resolved;
  std::vector<std::string> keys;
  for (const auto& [k, v] : form) {
    if (k != "op" && std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  }
  if (keys.empty()) return TextError(409, "No machine available.");
  for (const auto& k : keys) {
    std::string values;
    for (const auto& [fk, fv] : form) {
      if (fk == k) values += (values.empty() ? "" : ", ") + PyRepr(fv);
    }
    listed += (listed.empty() ? "" : ", ") + std::string("(") + PyRepr(k) + ", [" + values + "])";
  }
  std::sort(keys.begin(), keys.end());
  for (const auto& k : keys) {
    std::string v = *FirstValue(form, k.c_str());
    if ((k == "cpu_count" || k == "mem") && ToInt(v)) v += ".0";
    resolved += (resolved.empty() ? "" : " ") + k + "=" + v;
  }
  return TextError(409, "No available machine matches constraints: [" + listed +
                            "] (resolved to \"" + resolved + "\")");
}

}  // namespace

NodeStatus FakeMaas::StatusOf(const MachineRecord& m) const {
  const core::Timestamp now = clock_.Now();
  if (m.life && m.life->next_status && now >= m.life->next_status->first)
    return m.life->next_status->second;
  if (m.fixed_status) return *m.fixed_status;
  return now < m.testing_at ? NodeStatus::kCommissioning
         : now < m.ready_at ? NodeStatus::kTesting
                            : NodeStatus::kReady;
}

void FakeMaas::SetStatus(MachineRecord& m, NodeStatus s) {
  m.fixed_status = s;
  if (m.life) m.life->next_status.reset();
}

FakeMaas::MachineRecord* FakeMaas::FindMachine(std::string_view system_id) {
  const auto it = machines_.find(std::string(system_id));
  return it == machines_.end() || it->second->deleting ? nullptr : it->second.get();
}

bool FakeMaas::MachineVisibleTo(std::string_view system_id, const std::string& user, bool admin) {
  Settle();
  const MachineRecord* m = FindMachine(system_id);
  if (m == nullptr)
    return admin || HostOfMachine(system_id) == nullptr;  // the admin deployed hosts
  const std::string& owner = OwnerAt(*m, clock_.Now());
  return admin || owner.empty() || owner == user;
}

std::optional<int64_t> FakeMaas::ZoneNamed(const std::string& name) const {
  for (const auto& [id, z] : zones_) {
    if (z.name == name) return id;
  }
  return std::nullopt;
}

std::optional<int64_t> FakeMaas::PoolNamed(const std::string& name) const {
  for (const auto& [id, p] : pools_) {
    if (p.name == name) return id;
  }
  return std::nullopt;
}

std::optional<FakeMachineDetails> FakeMaas::MachineDetails(std::string_view system_id) {
  Settle();
  const auto it = machines_.find(std::string(system_id));
  if (it != machines_.end()) {
    const MachineRecord& m = *it->second;
    FakeMachineDetails d;
    if (m.life) {
      if (const std::string& owner = OwnerAt(m, clock_.Now()); !owner.empty()) d.owner = owner;
      d.description = m.life->description;
      d.osystem = m.life->osystem;
      d.distro_series = m.life->distro_series;
      d.min_hwe_kernel = m.life->min_hwe_kernel;
      if (!d.distro_series.empty()) d.hwe_kernel = "ga-24.04";
    }
    const NodeStatus s = StatusOf(m);
    d.netboot = s != NodeStatus::kDeployed;
    d.dynamic = m.dynamic;
    if (m.life) d.ip_addresses = m.life->ip_addresses;
    // The disks are the VM's, as the host's backend holds them; commissioning tags them ssd.
    if (const Host* host = FindHost(m.host_id)) {
      if (const auto vm = host->vms.find(m.vm_id); vm != host->vms.end()) {
        for (const auto& [pool, bytes] : vm->second.disks)
          d.disks.push_back({bytes, host->pools[pool].spec.name, {"ssd"}});
      }
    }
    d.id = kFirstMachineNodeId + m.vm_id;
    const int64_t node_id = d.id;
    char mac[18];
    std::snprintf(
        mac, sizeof mac, "00:16:3e:%02x:%02x:%02x", static_cast<unsigned>((node_id >> 16) & 0xff),
        static_cast<unsigned>((node_id >> 8) & 0xff), static_cast<unsigned>(node_id & 0xff));
    d.mac_address = mac;
    return d;
  }
  const auto backing = backing_machines_.find(std::string(system_id));
  if (backing == backing_machines_.end()) return std::nullopt;
  FakeMachineDetails d;  // a deployed LXD host: deployed by the admin, Ubuntu
  d.owner = "admin";
  d.osystem = "ubuntu";
  d.distro_series = options_.default_distro_series;
  d.hwe_kernel = "ga-24.04";
  d.netboot = false;
  d.id = backing->second;
  char mac[18];
  std::snprintf(mac, sizeof mac, "52:54:00:00:%02x:%02x",
                static_cast<unsigned>((backing->second >> 8) & 0xff),
                static_cast<unsigned>(backing->second & 0xff));
  d.mac_address = mac;
  return d;
}

core::MaasResult<core::Machine> FakeMaas::AllocateMachine(const core::FormData& form,
                                                          const std::string& user) {
  Settle();
  // AcquireNodeForm: every field's error in one 400 dict, as MAASAPIValidationError renders it.
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& [k, v] : form) {
    if (!KnownAllocateFields().contains(k)) errors[k] = {"No such constraint."};
  }
  const auto first = [&](const char* name) { return FirstValue(form, name); };
  // cpu_count and mem coerce every value with float() and match machines with at least the
  // largest; a compose asks for int() of the smallest.
  const auto numbers = [&](const char* name, const char* message) {
    std::vector<double> out;
    for (const auto& [k, v] : form) {
      if (k != name) continue;
      if (auto n = ToFloat(v)) {
        out.push_back(*n);
      } else {
        errors[name] = {message};
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto cpus = numbers("cpu_count", "Invalid CPU count: number required.");
  const auto mems = numbers("mem", "Invalid memory: number of MiB required.");
  // clean_arch: an arch/subarch of a usable architecture, or a wildcard for all its subarches
  // ("arm" for armhf's), else "Architecture not recognised.".
  std::set<std::string> usable;
  for (const auto& [id, h] : hosts_)
    usable.insert(h->spec.architectures.begin(), h->spec.architectures.end());
  for (const auto& [sid, m] : machines_) usable.insert(m->architecture);
  std::vector<std::string> arches;
  for (const auto& [k, v] : form) {
    if (k != "arch") continue;
    const std::string wildcard = (v == "arm" ? "armhf" : v) + "/";
    const size_t before = arches.size();
    for (const auto& a : usable) {
      if (a == v || a.starts_with(wildcard)) arches.push_back(a);
    }
    if (arches.size() == before) errors["arch"] = {"Architecture not recognised."};
  }
  // detect_nonexistent_names: the unknown names, sorted, in one message.
  const auto unknown_names = [&](const std::vector<std::string>& names, const char* field,
                                 const char* what, auto exists) {
    std::set<std::string> unknown;
    for (const auto& n : names) {
      if (!exists(n)) unknown.insert(n);
    }
    std::string listed;
    for (const auto& n : unknown) listed += (listed.empty() ? "" : ", ") + n;
    if (!unknown.empty()) errors[field] = {std::string("No such ") + what + "(s): " + listed + "."};
  };
  const auto zones = Values(form, "zone");
  unknown_names(zones, "zone", "zone", [&](const std::string& n) { return ZoneNamed(n); });
  const auto pools = Values(form, "pool");
  unknown_names(pools, "pool", "pool", [&](const std::string& n) { return PoolNamed(n); });
  // clean_tags: the names must exist (a VM host's tags count here); all unknown ones named.
  const auto tags = LegacyTags(form);
  std::string unknown_tags;
  std::set<std::string> seen;
  for (const auto& t : tags) {
    bool known = tags_.contains(t);
    for (const auto& [id, h] : hosts_)
      known = known || std::count(h->spec.tags.begin(), h->spec.tags.end(), t);
    if (!known && seen.insert(t).second)
      unknown_tags += (unknown_tags.empty() ? "'" : ", '") + t + "'";
  }
  if (!unknown_tags.empty()) errors["tags"] = {"No such tag(s): " + unknown_tags + "."};
  if (!errors.empty()) return MaasError{400, errors.dump(), true, std::nullopt};
  const auto pods = Values(form, "pod");
  const auto not_pods = Values(form, "not_pod");
  const auto pod_types = Values(form, "pod_type");
  const auto not_pod_types = Values(form, "not_pod_type");
  const auto in = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  const auto host_ok = [&](const Host& h) {
    return (pods.empty() || in(pods, h.spec.name)) && !in(not_pods, h.spec.name) &&
           (pod_types.empty() || in(pod_types, h.spec.type)) && !in(not_pod_types, h.spec.type);
  };
  // not_tags excludes machines having any of the tags.
  const auto not_tags = Values(form, "not_tags");
  const auto has_none_of = [&](const std::vector<std::string>& have) {
    return std::none_of(not_tags.begin(), not_tags.end(),
                        [&](const auto& t) { return in(have, t); });
  };

  MachineRecord* best = nullptr;
  const auto cost = [](const MachineRecord& m) {
    return static_cast<double>(m.cores) + static_cast<double>(m.memory) / 1024.0;
  };
  for (auto& [sid, mp] : machines_) {
    MachineRecord& m = *mp;
    if (m.deleting || StatusOf(m) != NodeStatus::kReady || !OwnerAt(m, clock_.Now()).empty())
      continue;
    if (auto v = first("system_id"); v && *v != m.system_id) continue;
    if (auto v = first("name"); v && *v != m.hostname && *v != m.hostname + ".maas") continue;
    if (!arches.empty() && std::find(arches.begin(), arches.end(), m.architecture) == arches.end())
      continue;
    if ((!cpus.empty() && static_cast<double>(m.cores) < cpus.back()) ||
        (!mems.empty() && static_cast<double>(m.memory) < mems.back()))
      continue;
    if (!zones.empty() &&
        std::find(zones.begin(), zones.end(), ZoneRef(m.zone_id).name) == zones.end())
      continue;
    if (!pools.empty() &&
        std::find(pools.begin(), pools.end(), PoolRef(m.pool_id).name) == pools.end())
      continue;
    if (std::any_of(tags.begin(), tags.end(), [&](const auto& t) {
          return std::find(m.tags.begin(), m.tags.end(), t) == m.tags.end();
        }))
      continue;
    if (!has_none_of(m.tags)) continue;
    const Host* h = FindHost(m.host_id);
    if ((!pods.empty() || !not_pods.empty() || !pod_types.empty() || !not_pod_types.empty()) &&
        (h == nullptr || !host_ok(*h)))
      continue;
    if (best == nullptr || cost(m) < cost(*best) ||
        (cost(m) == cost(*best) && m.vm_id < best->vm_id))
      best = &m;
  }
  if (best == nullptr && !first("system_id")) {
    // ComposeMachineForPodsForm: compose on a matching VM host, skip commissioning, dynamic.
    core::FormData compose = {{"skip_commissioning", "true"}};
    if (!cpus.empty())
      compose.emplace_back("cores", std::to_string(static_cast<int64_t>(cpus.front())));
    if (!mems.empty())
      compose.emplace_back("memory", std::to_string(static_cast<int64_t>(mems.front())));
    if (auto v = first("storage")) compose.emplace_back("storage", *v);
    if (!arches.empty())
      compose.emplace_back("architecture", *std::min_element(arches.begin(), arches.end()));
    std::vector<int64_t> candidates;
    for (const auto& entry : hosts_) {
      const Host& h = *entry.second;  // not a structured binding: clang 14 cannot capture one
      const bool zone_ok = zones.empty() || std::find(zones.begin(), zones.end(),
                                                      ZoneRef(h.zone_id).name) != zones.end();
      const bool tags_ok = std::all_of(tags.begin(), tags.end(), [&](const auto& t) {
        return std::find(h.spec.tags.begin(), h.spec.tags.end(), t) != h.spec.tags.end();
      });
      // pods.exclude(tags__contains=not_tags): a VM host having all of them.
      const bool not_tags_ok =
          not_tags.empty() || !std::all_of(not_tags.begin(), not_tags.end(),
                                           [&](const auto& t) { return in(h.spec.tags, t); });
      if (zone_ok && tags_ok && not_tags_ok && host_ok(h)) candidates.push_back(entry.first);
    }
    for (int64_t id : candidates) {
      auto composed = ComposeMachine(id, compose);
      if (!composed.ok()) continue;
      best = FindMachine(composed.value().system_id);
      best->dynamic = true;
      break;
    }
  }
  if (best == nullptr) {
    if (auto v = first("system_id"))
      return TextError(409, "No machine with system ID " + *v + " available.");
    return NoMachineMatches(form);
  }
  if (FirstValue(form, "dry_run").value_or("") != "true") {
    // Allocation does not touch the power: a Ready VM stays off.
    best->Life().power_state = ToMachine(*best).power_state;
    SetStatus(*best, NodeStatus::kAllocated);
    best->Life().owner = user;
  }
  return ToMachine(*best);
}

core::MaasResult<core::Machine> FakeMaas::DeployMachine(std::string_view system_id,
                                                        const core::FormData& form,
                                                        const std::string& user) {
  Settle();
  MachineRecord* m = FindMachine(system_id);
  if (m == nullptr) {
    if (auto answer = HostMachineOperation(system_id, HostMachineOp::kDeploy)) return *answer;
    return NoMachine();
  }
  if (FirstValue(form, "install_rackd").value_or("") == "true") {
    return TextError(
        400, "Deploying a machine as a rackd has been disabled and it's not supported anymore.");
  }
  // MAAS checks the state (acquiring a Ready machine first) before the form reads
  // distro_series; the request is one transaction, so a refusal leaves the machine as it was.
  NodeStatus s = StatusOf(*m);
  const bool acquire = s == NodeStatus::kReady;
  if (acquire) {
    const std::string& owner = OwnerAt(*m, clock_.Now());
    if (!owner.empty() && owner != user)
      return TextError(409, "Can't allocate a machine belonging to another user.");
    s = NodeStatus::kAllocated;
  }
  if (s != NodeStatus::kAllocated)
    return TextError(409, "Can't deploy a machine that is in the '" + Label(s) + "' state");
  std::string series = FirstValue(form, "distro_series").value_or("");
  if (series.starts_with("ubuntu/")) series = series.substr(7);
  if (series == "20.04") series = "focal";
  if (series == "22.04") series = "jammy";
  if (series == "24.04") series = "noble";
  if (series.empty()) series = options_.default_distro_series;
  if (series != "focal" && series != "jammy" && series != "noble") {
    return FieldError(
        "distro_series",
        "'" + FirstValue(form, "distro_series").value_or("") +
            "' is not a valid distro_series.  It should be one of: '', 'ubuntu/focal', "
            "'ubuntu/jammy', 'ubuntu/noble'.");
  }
  auto& life = m->Life();
  if (acquire) life.owner = user;
  life.osystem = "ubuntu";
  life.distro_series = series;
  life.power_state = "on";
  m->fixed_status = NodeStatus::kDeploying;
  life.next_status = {clock_.Now() + options_.deploy_duration, NodeStatus::kDeployed};
  return ToMachine(*m);
}

core::MaasResult<core::Machine> FakeMaas::ReleaseMachine(std::string_view system_id,
                                                         const std::string& user) {
  Settle();
  MachineRecord* m = FindMachine(system_id);
  if (m == nullptr) {
    if (auto answer = HostMachineOperation(system_id, HostMachineOp::kRelease)) return *answer;
    return NoMachine();
  }
  (void)user;
  const NodeStatus s = StatusOf(*m);
  if (s == NodeStatus::kReady || s == NodeStatus::kReleasing) return ToMachine(*m);
  if (!Releasable(s))
    return TextError(409, "Machine cannot be released in its current state ('" + Label(s) + "').");
  // Node._release: a machine already off is released at once (_finalize_release: Ready, owner
  // cleared); one that is on (LXD and virsh power can be queried) stays Releasing, still owned,
  // until the power-off is seen. Either way the OS fields are cleared now.
  const bool off = ToMachine(*m).power_state == "off";
  auto& life = m->Life();
  life.osystem.clear();
  life.distro_series.clear();
  life.power_state = "off";
  m->fixed_status = NodeStatus::kReleasing;
  life.next_status = {clock_.Now() + options_.release_duration, NodeStatus::kReady};
  if (m->dynamic) {  // _finalize_release: self.delete(); the answer is the Releasing machine
    core::Machine answer = ToMachine(*m);
    life.owner.clear();
    (void)ScheduleDecompose(system_id, false);
    return answer;
  }
  if (off) {
    life.owner.clear();
    SetStatus(*m, NodeStatus::kReady);
  }
  return ToMachine(*m);
}

core::MaasResult<core::Machine> FakeMaas::PowerMachine(std::string_view system_id, bool on,
                                                       const std::string& user) {
  Settle();
  MachineRecord* m = FindMachine(system_id);
  if (m == nullptr) {
    if (auto answer = HostMachineOperation(system_id,
                                           on ? HostMachineOp::kPowerOn : HostMachineOp::kPowerOff))
      return *answer;
    return NoMachine();
  }
  if (!on) {
    m->Life().power_state = "off";
    return ToMachine(*m);
  }
  if (OwnerAt(*m, clock_.Now()).empty())
    return TextError(409, "Can't start node: it hasn't been allocated.");
  if (StatusOf(*m) == NodeStatus::kAllocated) return DeployMachine(system_id, {}, user);
  m->Life().power_state = "on";
  return ToMachine(*m);
}

core::MaasResult<core::Machine> FakeMaas::UpdateMachine(std::string_view system_id,
                                                        const core::FormData& form) {
  Settle();
  MachineRecord* m = FindMachine(system_id);
  if (m == nullptr) {
    if (backing_machines_.contains(std::string(system_id))) {
      return TextError(400, "vmsim does not model changing a VM host's own machine");
    }
    return NoMachine();
  }
  const auto value = [&](const char* name) { return FirstValue(form, name); };
  // Validated into a copy of the editable fields, applied only when every field is valid.
  struct Edit {
    std::string hostname, description, min_hwe_kernel;
    int64_t zone_id, pool_id, cores, memory;
  } next{m->hostname,
         m->life ? m->life->description : "",
         m->life ? m->life->min_hwe_kernel : "",
         m->zone_id,
         m->pool_id,
         m->cores,
         m->memory};
  nlohmann::json errors = nlohmann::json::object();
  bool random_hostname = false;
  if (auto v = value("hostname")) {
    // The form's CharField strips it and refuses NULs; the model's validate_hostname speaks
    // next, then Node.clean_hostname_domain: a dotted name is an FQDN whose domain must exist
    // ("maas" only, here). An empty name gets a random one on save; a taken one fails
    // validate_unique.
    std::string name = StrippedField(*v);
    std::vector<std::string> problems;
    if (name.find('\0') != std::string::npos) {
      problems.emplace_back("Null characters are not allowed.");
    } else {
      problems = HostnameErrors(name);
      if (const size_t dot = name.find('.'); dot != std::string::npos) {
        if (name.substr(dot + 1) == "maas") {
          name.resize(dot);
        } else {
          problems.emplace_back("Nonexistant domain.");  // sic
        }
      }
      if (problems.empty() && name != m->hostname && HostnameTaken(name))
        problems.emplace_back("Node with this Hostname already exists.");
    }
    if (!problems.empty()) errors["hostname"] = problems;
    random_hostname = name.empty();
    next.hostname = name;
  }
  if (auto v = value("description")) next.description = *v;
  if (auto v = value("domain"); v && *v != "maas" && *v != "0") {
    errors["domain"] = {"Unable to find domain " + *v};
  }
  if (auto v = value("zone")) {
    if (auto id = ZoneNamed(*v)) {
      next.zone_id = *id;
    } else {
      errors["zone"] = {kInvalidChoice};
    }
  }
  if (auto v = value("pool")) {
    if (auto id = PoolNamed(*v)) {
      next.pool_id = *id;
    } else {
      errors["pool"] = {kInvalidChoice};
    }
  }
  for (const char* f : {"cpu_count", "memory"}) {
    if (auto v = value(f)) {
      auto n = ToInt(*v);
      if (!n) {
        errors[f] = {"Enter a whole number."};
      } else {
        (std::string(f) == "cpu_count" ? next.cores : next.memory) = *n;
      }
    }
  }
  if (auto v = value("min_hwe_kernel")) next.min_hwe_kernel = *v;
  if (!errors.empty()) return MaasError{400, errors.dump(), true, std::nullopt};
  hostnames_.erase(m->hostname);
  if (random_hostname) next.hostname = UniqueHostname();
  hostnames_.insert(next.hostname);
  m->hostname = next.hostname;
  m->zone_id = next.zone_id;
  m->pool_id = next.pool_id;
  m->cores = next.cores;
  m->memory = next.memory;
  if (!next.description.empty() || !next.min_hwe_kernel.empty() || m->life) {
    m->Life().description = next.description;
    m->Life().min_hwe_kernel = next.min_hwe_kernel;
  }
  return ToMachine(*m);
}

// --- Tags ---

}  // namespace vmsim::fakes
