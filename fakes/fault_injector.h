// FaultInjector: the wire-level seam (core::MaasApi) around a FakeMaas, forwarding every call
// and breaking only what its faults say, with MAAS's own answers (status codes and texts), so
// that the client's real classification and retry code meets them. Faults are named sites,
// each active in a time window, for a host selector, with a per-call probability, or activated
// once per run at random; decisions come from the injector's own RNG substream. Not
// thread-safe (like FakeMaas).
#ifndef VMSIM_FAKES_FAULT_INJECTOR_H_
#define VMSIM_FAKES_FAULT_INJECTOR_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/maas_api.h"
#include "core/rng.h"
#include "core/time.h"
#include "fakes/fake_maas.h"

namespace vmsim::fakes {

// The fault sites and what each does when it fires:
//   compose.transient_503          compose answers 503 "Failed talking to pod" (LXD unreachable)
//   compose.no_rack                compose answers 503 with Retry-After: 10 (no rack controller)
//   compose.timeout_after_success  the VM is composed, but the caller hears 504 (outcome unknown)
//   decompose.fails_orphan         MAAS forgets the machine, the VM stays on the LXD host
//   query.stale                    GET vm-hosts/ answers the previous list (a stale read)
//   host.unreachable               every compose on the selected hosts fails as LXD unreachable
inline constexpr std::string_view kFaultSites[] = {
    "compose.transient_503",  "compose.no_rack", "compose.timeout_after_success",
    "decompose.fails_orphan", "query.stale",     "host.unreachable"};

bool IsFaultSite(std::string_view site);

struct FaultSpec {
  std::string site;
  double probability = 1.0;                                        // per call, while active
  core::Timestamp from;                                            // active from ...
  core::Timestamp until = core::Timestamp::FromMicros(INT64_MAX);  // ... until (exclusive)
  std::string host;  // a VM host name, "zone:<zone>", or empty for every host
  std::optional<double> activation_probability;  // active this run with this probability
};

class FaultInjector final : public core::MaasApi {
 public:
  struct SiteStats {
    int64_t fired = 0;
    std::optional<core::Timestamp> first, last;
  };

  // `maas` and `clock` must outlive this object. Randomised activations are drawn here.
  FaultInjector(FakeMaas& maas, const core::Clock& clock, std::vector<FaultSpec> faults,
                core::Rng rng);

  // Called with the site and the VM host id (or 0) each time a fault fires.
  void set_on_fire(std::function<void(std::string_view site, int64_t host)> f) {
    on_fire_ = std::move(f);
  }
  // Per site that fired at least once.
  const std::map<std::string, SiteStats>& stats() const { return stats_; }
  // The site that fired during the calls since the last TakeFired(), if any.
  std::optional<std::string> TakeFired() { return std::exchange(fired_, std::nullopt); }

  core::MaasResult<std::vector<core::VMHost>> ListVMHosts() override;
  core::MaasResult<core::VMHost> GetVMHost(int64_t id) override { return maas_.GetVMHost(id); }
  core::MaasResult<core::VMHostParameters> GetVMHostParameters(int64_t id) override {
    return maas_.GetVMHostParameters(id);
  }
  core::MaasResult<core::ComposeResponse> ComposeMachine(int64_t vm_host_id,
                                                         const core::FormData& form) override;
  core::MaasResult<core::Machine> GetMachine(std::string_view system_id) override {
    return maas_.GetMachine(system_id);
  }
  core::MaasResult<std::vector<core::Machine>> ListMachines(const core::MachineQuery& q) override {
    return maas_.ListMachines(q);
  }
  core::MaasResult<core::NoContent> DeleteMachine(std::string_view system_id) override;

 private:
  // True when a fault of `site` fires now for VM host `host` (0: no host).
  bool Fires(std::string_view site, int64_t host);
  bool Selects(const FaultSpec& spec, int64_t host);

  FakeMaas& maas_;
  const core::Clock& clock_;
  std::vector<FaultSpec> faults_;
  std::vector<bool> active_;  // per fault: false when randomised activation said no
  core::Rng rng_;
  std::map<std::string, SiteStats> stats_;
  std::optional<std::string> fired_;
  std::function<void(std::string_view, int64_t)> on_fire_;
  std::optional<std::vector<core::VMHost>> last_list_;                 // for query.stale
  std::map<int64_t, std::pair<std::string, std::string>> host_names_;  // id -> (name, zone)
};

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_FAULT_INJECTOR_H_
