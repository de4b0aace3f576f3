#include "core/maas_vmhost_extension.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/interfaces_constraint.h"
#include "core/maas_errors.h"
#include "core/storage_constraint.h"

namespace vmsim::core {

Result<int64_t> ParseVMHostId(std::string_view vm_host_id) {
  int64_t id = 0;
  const auto [end, ec] =
      std::from_chars(vm_host_id.data(), vm_host_id.data() + vm_host_id.size(), id);
  if (ec != std::errc() || end != vm_host_id.data() + vm_host_id.size() || vm_host_id.empty()) {
    return Status(ErrorKind::kNotFound,
                  "no VM host \"" + std::string(vm_host_id) +
                      "\": VM host ids are MAAS's numeric ids, e.g. \"3\"",
                  std::string(vm_host_id));
  }
  return id;
}

Result<FormData> ToComposeForm(const ComposeVMParams& params, const VMHost& host) {
  FormData form;
  form.emplace_back("cores", std::to_string(params.cores));
  form.emplace_back("memory", std::to_string(params.memory));
  if (!params.disks.empty()) {
    auto storage = StorageConstraintFromDisks(params.disks);
    if (!storage.ok()) return std::move(storage).status();
    form.emplace_back("storage", std::move(storage).value());
  }
  if (params.network_config) {
    auto interfaces = InterfacesConstraintFromNetworkConfig(*params.network_config);
    if (!interfaces.ok()) return std::move(interfaces).status();
    if (!interfaces->empty()) form.emplace_back("interfaces", std::move(interfaces).value());
  }
  if (!params.hostname.empty()) form.emplace_back("hostname", params.hostname);
  form.emplace_back("zone", std::to_string(params.zone_id.value_or(host.zone.id)));
  if (params.pool_id) form.emplace_back("pool", std::to_string(*params.pool_id));
  return form;
}

Result<VMHost> MaasVMHostExtension::FetchHost(std::string_view vm_host_id) {
  auto id = ParseVMHostId(vm_host_id);
  if (!id.ok()) return id.status();
  auto host = api_.GetVMHost(*id);
  if (!host.ok()) return ClassifyMaasError(host.error(), CallKind::kRead, vm_host_id);
  return std::move(host).value();
}

Status MaasVMHostExtension::CheckLxdCompatibility(const VMHost& host,
                                                  const ComposeVMParams& params) {
  if (host.type != "lxd") return Status::Ok();
  if (!params.profile.empty() && std::find(std::begin(kMaasLxdProfiles), std::end(kMaasLxdProfiles),
                                           params.profile) == std::end(kMaasLxdProfiles)) {
    return Status(ErrorKind::kProfileNotFound,
                  "LXD profile \"" + params.profile +
                      "\" cannot be requested: MAAS composes with the \"default\" and \"maas\" "
                      "profiles only",
                  host.IdString());
  }
  if (params.project.empty()) return Status::Ok();
  auto parameters = api_.GetVMHostParameters(host.id);
  if (!parameters.ok())
    return ClassifyMaasError(parameters.error(), CallKind::kRead, host.IdString());
  if (parameters.value().project != params.project) {
    return Status(ErrorKind::kProjectNotFound,
                  "LXD project \"" + params.project + "\" is not the project VM host " + host.name +
                      " tracks (\"" + parameters.value().project +
                      "\"); MAAS composes only into the tracked project",
                  host.IdString());
  }
  return Status::Ok();
}

Result<std::vector<VMHost>> MaasVMHostExtension::QueryVMHosts(const VMHostQueryParams& params) {
  auto all = api_.ListVMHosts();
  if (!all.ok()) return ClassifyMaasError(all.error(), CallKind::kRead);
  std::vector<VMHost> hosts = std::move(all).value();
  std::erase_if(hosts, [&](const VMHost& h) { return !params.Matches(h); });
  return hosts;
}

Result<ComposedVM> MaasVMHostExtension::ComposeVM(const ComposeVMParams& params) {
  auto id = ParseVMHostId(params.vm_host_id);
  if (!id.ok()) return id.status();
  // The host is read only when needed: for its zone (when no zone id was given), or to
  // check an LXD profile or project. Otherwise MAAS's compose answers for it (404 included).
  VMHost host;
  host.id = *id;
  if (!params.zone_id || !params.profile.empty() || !params.project.empty()) {
    auto fetched = FetchHost(params.vm_host_id);
    if (!fetched.ok()) return fetched.status();
    host = std::move(fetched).value();
    if (Status s = CheckLxdCompatibility(host, params); !s.ok()) return s;
  }
  auto form = ToComposeForm(params, host);
  if (!form.ok()) return std::move(form).status().WithHost(params.vm_host_id);
  auto composed = api_.ComposeMachine(host.id, *form);
  if (!composed.ok()) {
    return ClassifyMaasError(composed.error(), CallKind::kMutation, params.vm_host_id);
  }
  ComposedVM vm;
  vm.system_id = composed.value().system_id;
  vm.vm_host_id = params.vm_host_id;
  if (!params.zone_id) vm.availability_zone = host.zone.name;
  // MAAS answers only the system_id; the rest comes from the machine itself. If that read
  // fails the VM still exists, so report it with what is known rather than fail.
  auto machine = api_.GetMachine(vm.system_id);
  if (machine.ok()) {
    vm.availability_zone = machine.value().zone.name;
    vm.status = NodeStatusName(machine.value().status);
    vm.hostname = machine.value().hostname;
  }
  return vm;
}

Status MaasVMHostExtension::DecomposeVM(std::string_view vm_host_id, std::string_view system_id) {
  auto id = ParseVMHostId(vm_host_id);
  if (!id.ok()) return id.status();
  auto machine = api_.GetMachine(system_id);
  if (!machine.ok()) return ClassifyMaasError(machine.error(), CallKind::kRead, vm_host_id);
  if (!machine.value().pod || machine.value().pod->id != *id) {
    return Status(ErrorKind::kNotFound,
                  "machine " + std::string(system_id) + " was not composed on this VM host",
                  std::string(vm_host_id));
  }
  auto deleted = api_.DeleteMachine(system_id);
  if (!deleted.ok()) return ClassifyMaasError(deleted.error(), CallKind::kMutation, vm_host_id);
  return Status::Ok();
}

Result<VMHostResources> MaasVMHostExtension::GetVMHostResources(std::string_view vm_host_id) {
  auto host = FetchHost(vm_host_id);
  if (!host.ok()) return host.status();
  return ResourcesOf(*host);
}

Result<std::optional<ComposedVM>> MaasVMHostExtension::FindVMByHostname(std::string_view hostname) {
  auto machines =
      api_.ListMachines({.pod = std::nullopt, .hostname = std::string(hostname), .ids = {}});
  if (!machines.ok()) return ClassifyMaasError(machines.error(), CallKind::kRead);
  for (const auto& m : machines.value()) {
    if (m.hostname != hostname || !m.pod) continue;
    return std::optional<ComposedVM>(ComposedVM{m.system_id, std::to_string(m.pod->id), m.zone.name,
                                                std::string(NodeStatusName(m.status)), m.hostname});
  }
  return std::optional<ComposedVM>();
}

Result<UnhealthyHosts> MaasVMHostExtension::CheckHostHealth(const std::vector<VMHost>& hosts) {
  MachineQuery query;
  for (const VMHost& h : hosts) {
    if (h.host_system_id) query.ids.push_back(*h.host_system_id);
  }
  std::map<std::string, Machine, std::less<>> machines;
  if (!query.ids.empty()) {
    auto listed = api_.ListMachines(query);
    if (!listed.ok()) return ClassifyMaasError(listed.error(), CallKind::kRead);
    for (auto& m : std::move(listed).value()) machines.emplace(m.system_id, std::move(m));
  }
  UnhealthyHosts out;
  for (const VMHost& h : hosts) {
    const Machine* machine = nullptr;
    if (h.host_system_id) {
      const auto it = machines.find(*h.host_system_id);
      if (it != machines.end()) machine = &it->second;
    }
    if (const HostHealth health = AssessHostHealth(h, machine); health != HostHealth::kHealthy) {
      out.emplace(h.id, health);
    }
  }
  return out;
}

}  // namespace vmsim::core
