// FakeMaas: the VM host lifecycle over the API (POST/PUT/DELETE vm-hosts/, op=refresh), as MAAS
// 3.7's api/pods.py and forms/pods.py PodForm answer it.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "fakes/fake_maas.h"
#include "fakes/fake_maas_records.h"
#include "fakes/form_body.h"
#include "fakes/hostname_rules.h"

namespace vmsim::fakes {

using core::MaasError;

namespace {

MaasError Text(int status, std::string body) {
  return MaasError{status, std::move(body), false, std::nullopt};
}
MaasError Fields(const nlohmann::json& errors) {
  return MaasError{400, errors.dump(), true, std::nullopt};
}
const char* kInvalidChoice =
    "Select a valid choice. That choice is not one of the available choices.";

// A FloatField within 0..10, or its Django error.
std::optional<std::string> RatioError(const std::string& v, double& out) {
  char* end = nullptr;
  out = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size()) return "Enter a number.";
  if (out < 0) return "Ensure this value is greater than or equal to 0.";
  if (out > 10) return "Ensure this value is less than or equal to 10.";
  return std::nullopt;
}

std::vector<std::string> CommaList(const std::string& s) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= s.size()) {
    const size_t comma = s.find(',', at);
    std::string item = s.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

// The name discovery gives a host added by address: its host part, as a DNS label.
std::string NameFromAddress(const std::string& address) {
  std::string host = address;
  if (const size_t scheme = host.find("://"); scheme != std::string::npos)
    host = host.substr(scheme + 3);
  host = host.substr(0, host.find_first_of(":/"));
  if (const size_t at = host.find('@'); at != std::string::npos) host = host.substr(at + 1);
  for (char& c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
  }
  return host.empty() ? "vm-host" : host;
}

// PodForm's default_macvlan_mode: one of MAAS's MACVLAN_MODE_CHOICES, or "" (also when absent).
std::optional<std::string> MacvlanModeError(const std::optional<std::string>& mode) {
  static const std::set<std::string> kModes = {"", "bridge", "passthru", "private", "vepa"};
  if (!mode || kModes.contains(*mode)) return std::nullopt;
  return "Select a valid choice. " + *mode + " is not one of the available choices.";
}

// The power fields PodForm takes for a driver (its BMC-scope settings), from `form`, over
// `params`. LXD's trust password only authenticates the first connection: sync drops it.
void TakePowerFields(const std::string& type, const core::FormData& form,
                     std::map<std::string, std::string>& params) {
  const std::vector<const char*> fields =
      type == "lxd" ? std::vector<const char*>{"power_address", "project", "certificate", "key"}
                    : std::vector<const char*>{"power_address", "power_pass"};
  for (const char* f : fields) {
    if (auto v = FirstValue(form, f)) params[f] = StrippedField(*v);
  }
  if (type == "lxd" && params["project"].empty()) params["project"] = "default";
}

}  // namespace

core::MaasResult<core::VMHost> FakeMaas::CreateVMHostFromForm(const core::FormData& form) {
  Settle();
  if (options_.vm_hosts_removed)
    return Text(410, "VM host (KVM) support has been removed from MAAS.");
  const auto value = [&](const char* n) { return FirstValue(form, n); };
  nlohmann::json errors = nlohmann::json::object();
  const auto type = value("type");
  if (!type || type->empty()) {
    errors["type"] = {"This field is required."};
  } else if (*type != "lxd" && *type != "virsh") {
    errors["type"] = {"Select a valid choice. " + *type + " is not one of the available choices."};
  } else if (!value("power_address") || value("power_address")->empty()) {
    errors["power_address"] = {"This field is required."};
  }
  FakeHostSpec spec;
  if (auto z = value("zone")) {
    if (!ZoneNamed(*z)) {
      errors["zone"] = {kInvalidChoice};
    }
    spec.zone = *z;
  }
  if (auto p = value("pool")) {
    if (!PoolNamed(*p)) {
      errors["pool"] = {kInvalidChoice};
    }
    spec.resource_pool = *p;
  }
  for (const char* r : {"cpu_over_commit_ratio", "memory_over_commit_ratio"}) {
    if (auto v = value(r)) {
      double ratio = 1;
      if (auto e = RatioError(*v, ratio)) errors[r] = {*e};
      (std::string(r).starts_with("cpu") ? spec.cpu_over_commit_ratio
                                         : spec.memory_over_commit_ratio) = ratio;
    }
  }
  if (auto e = MacvlanModeError(value("default_macvlan_mode")))
    errors["default_macvlan_mode"] = {*e};
  if (!errors.empty()) return Fields(errors);
  const std::string address = *value("power_address");
  spec.type = *type;
  std::map<std::string, std::string> params;
  TakePowerFields(spec.type, form, params);
  if (spec.type == "lxd") spec.project = params["project"];
  // PodForm.save: the same driver with the same non-secret parameters is a duplicate.
  for (const auto& [id, h] : hosts_) {
    auto theirs = PowerParameters(id).value();
    const bool same = h->spec.type == spec.type &&
                      theirs["power_address"] == params["power_address"] &&
                      theirs["project"] == params["project"];
    if (same) return Text(400, "Pod " + h->spec.name + " with type and parameters already exist.");
  }
  spec.name = value("name").value_or("");
  if (spec.name.empty()) spec.name = NameFromAddress(address);
  if (host_names_.contains(spec.name))
    return Text(400, "Pod " + spec.name + " with type and parameters already exist.");
  if (auto t = value("tags")) spec.tags = CommaList(*t);
  spec.storage_pools = options_.discovered_storage_pools;
  spec.machine = std::nullopt;  // an LXD MAAS did not deploy: no machine behind it
  auto id = AddVMHost(spec);
  if (!id.ok()) return Text(400, id.status().message());
  Host& created = *FindHost(*id);
  created.power_parameters = std::move(params);
  created.default_macvlan_mode = value("default_macvlan_mode").value_or("");
  return ToVMHost(*FindHost(*id));
}

core::MaasResult<core::VMHost> FakeMaas::UpdateVMHostFromForm(int64_t id,
                                                              const core::FormData& form) {
  Settle();
  if (options_.vm_hosts_removed)
    return Text(410, "VM host (KVM) support has been removed from MAAS.");
  Host* host = FindHost(id);
  if (host == nullptr) return Text(404, "No Pod matches the given query.");
  const auto value = [&](const char* n) { return FirstValue(form, n); };
  nlohmann::json errors = nlohmann::json::object();
  Host next = *host;
  if (auto t = value("type"); t && *t != host->spec.type) {
    errors["type"] = {
        "Cannot change the type of a pod. Delete and re-create the pod with a different type."};
  }
  if (auto n = value("name"); n && *n != host->spec.name) {
    if (n->empty() || host_names_.contains(*n))
      errors["name"] = {"Pod with this Name already exists."};
    next.spec.name = *n;
  }
  std::optional<std::string> new_zone, new_pool;
  if (auto z = value("zone")) {
    if (!ZoneNamed(*z)) {
      errors["zone"] = {kInvalidChoice};
    }
    new_zone = *z;
  }
  if (auto p = value("pool")) {
    if (!PoolNamed(*p)) {
      errors["pool"] = {kInvalidChoice};
    }
    new_pool = *p;
  }
  for (const char* r : {"cpu_over_commit_ratio", "memory_over_commit_ratio"}) {
    if (auto v = value(r)) {
      double ratio = 1;
      if (auto e = RatioError(*v, ratio)) errors[r] = {*e};
      (std::string(r).starts_with("cpu") ? next.spec.cpu_over_commit_ratio
                                         : next.spec.memory_over_commit_ratio) = ratio;
    }
  }
  if (auto d = value("default_storage_pool")) {
    const auto it = std::find_if(next.pools.begin(), next.pools.end(),
                                 [&](const auto& p) { return p.spec.name == *d; });
    if (it == next.pools.end())
      errors["default_storage_pool"] = {kInvalidChoice};
    else
      next.default_pool = static_cast<size_t>(it - next.pools.begin());
  }
  if (auto t = value("tags")) {
    next.spec.tags = CommaList(*t);
    if (std::find(next.spec.tags.begin(), next.spec.tags.end(), "pod-console-logging") ==
        next.spec.tags.end()) {
      next.spec.tags.emplace_back("pod-console-logging");
    }
  }
  if (auto e = MacvlanModeError(value("default_macvlan_mode")))
    errors["default_macvlan_mode"] = {*e};
  if (!errors.empty()) return Fields(errors);
  // Omitted power fields keep their values (PodForm fills them from the instance).
  if (next.power_parameters.empty()) next.power_parameters = PowerParameters(id).value();
  TakePowerFields(next.spec.type, form, next.power_parameters);
  next.default_macvlan_mode = value("default_macvlan_mode").value_or("");
  if (new_zone) next.zone_id = ZoneIdFor(*new_zone);
  if (new_pool) next.pool_id = PoolIdFor(*new_pool);
  host_names_.erase(host->spec.name);
  host_names_.insert(next.spec.name);
  *host = std::move(next);
  return ToVMHost(*host);
}

core::MaasResult<core::NoContent> FakeMaas::DeleteVMHost(int64_t id, bool decompose) {
  Settle();
  if (options_.vm_hosts_removed)
    return Text(410, "VM host (KVM) support has been removed from MAAS.");
  const Host* host = FindHost(id);
  if (host == nullptr) return Text(404, "No Pod matches the given query.");
  // Without decompose the VMs stay on the backend, which MAAS no longer knows.
  const size_t vms = host->vms.size();
  if (core::Status s = RemoveVMHost(id); !s.ok()) return Text(404, s.message());
  if (!decompose) leaked_backend_vms_ += vms;
  return core::NoContent{};
}

core::MaasResult<core::VMHost> FakeMaas::RefreshVMHost(int64_t id) {
  Settle();
  if (options_.vm_hosts_removed)
    return Text(410, "VM host (KVM) support has been removed from MAAS.");
  const Host* host = FindHost(id);
  if (host == nullptr) return Text(404, "No Pod matches the given query.");
  if (!host->reachable) {
    return Text(503, "Failed talking to pod: Pod " + std::to_string(id) +
                         ": Failed to connect to the LXD REST API: [Errno 113] No route to host");
  }
  return ToVMHost(*host);  // discovery finds what MAAS already has
}

}  // namespace vmsim::fakes
