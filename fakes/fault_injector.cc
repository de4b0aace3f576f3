#include "fakes/fault_injector.h"

#include <algorithm>

namespace vmsim::fakes {
namespace {

core::MaasError Text(int status, std::string body, std::optional<int> retry_after = std::nullopt) {
  return core::MaasError{status, std::move(body), false, retry_after};
}

}  // namespace

bool IsFaultSite(std::string_view site) {
  return std::find(std::begin(kFaultSites), std::end(kFaultSites), site) != std::end(kFaultSites);
}

FaultInjector::FaultInjector(FakeMaas& maas, const core::Clock& clock,
                             std::vector<FaultSpec> faults, core::Rng rng)
    : maas_(maas), clock_(clock), faults_(std::move(faults)), rng_(rng) {
  core::Rng activation = rng_.Fork("activation");
  for (const auto& f : faults_) {
    active_.push_back(!f.activation_probability ||
                      activation.Uniform01() < *f.activation_probability);
  }
}

bool FaultInjector::Selects(const FaultSpec& spec, int64_t host) {
  if (spec.host.empty()) return true;
  if (host == 0) return false;
  auto it = host_names_.find(host);
  if (it == host_names_.end()) {
    auto h = maas_.GetVMHost(host);
    if (!h.ok()) return false;
    it = host_names_.emplace(host, std::make_pair(h.value().name, h.value().zone.name)).first;
  }
  const auto& [name, zone] = it->second;
  return spec.host.starts_with("zone:") ? spec.host.substr(5) == zone : spec.host == name;
}

bool FaultInjector::Fires(std::string_view site, int64_t host) {
  const core::Timestamp now = clock_.Now();
  for (size_t i = 0; i < faults_.size(); ++i) {
    const FaultSpec& f = faults_[i];
    if (f.site != site || !active_[i] || now < f.from || now >= f.until) continue;
    if (!Selects(f, host)) continue;
    if (f.probability < 1.0 && !(rng_.Uniform01() < f.probability)) continue;
    SiteStats& s = stats_[f.site];
    ++s.fired;
    if (!s.first) s.first = now;
    s.last = now;
    fired_ = f.site;
    if (on_fire_) on_fire_(site, host);
    return true;
  }
  return false;
}

core::MaasResult<std::vector<core::VMHost>> FaultInjector::ListVMHosts() {
  if (last_list_ && Fires("query.stale", 0)) return *last_list_;
  auto hosts = maas_.ListVMHosts();
  if (hosts.ok() && !faults_.empty()) last_list_ = hosts.value();
  return hosts;
}

core::MaasResult<core::ComposeResponse> FaultInjector::ComposeMachine(int64_t vm_host_id,
                                                                      const core::FormData& form) {
  if (Fires("host.unreachable", vm_host_id) || Fires("compose.transient_503", vm_host_id)) {
    return Text(503, "Unable to compose machine because: Failed talking to pod: Pod " +
                         std::to_string(vm_host_id) +
                         ": Failed to connect to the LXD REST API: [Errno 111] Connection refused");
  }
  if (Fires("compose.no_rack", vm_host_id)) {
    return Text(503, "Unable to connect to any rack controller; no connections available.", 10);
  }
  auto composed = maas_.ComposeMachine(vm_host_id, form);
  if (composed.ok() && Fires("compose.timeout_after_success", vm_host_id)) {
    return Text(504, "Gateway Timeout");
  }
  return composed;
}

core::MaasResult<core::NoContent> FaultInjector::DeleteMachine(std::string_view system_id) {
  bool orphan = false;
  for (const auto& f : faults_) orphan = orphan || f.site == "decompose.fails_orphan";
  if (orphan) {
    auto machine = maas_.GetMachine(system_id);
    const int64_t host = machine.ok() && machine.value().pod ? machine.value().pod->id : 0;
    if (machine.ok() && Fires("decompose.fails_orphan", host))
      return maas_.DeleteMachineLeavingVM(system_id);
  }
  return maas_.DeleteMachine(system_id);
}

}  // namespace vmsim::fakes
