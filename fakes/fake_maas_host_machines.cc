// FakeMaas: the machine operations on a VM host's own machine (FakeHostSpec::machine), the
// deployed node an LXD host runs on. MAAS 3.7.3 refuses to delete or release it while VM hosts
// live on it (models/node.py _pre_delete / release: "The following VM hosts must be removed
// first: ..."), deletes the VM hosts first with force=true, and deploys it only from a state
// deploy accepts.
#include <algorithm>

#include "fakes/fake_maas.h"
#include "fakes/fake_maas_records.h"

namespace vmsim::fakes {
namespace {

core::MaasError Text(int status, std::string body) {
  return {status, std::move(body), false, std::nullopt};
}

}  // namespace

FakeMaas::Host* FakeMaas::HostOfMachine(std::string_view system_id) {
  const auto it = backing_machines_.find(std::string(system_id));
  return it == backing_machines_.end() ? nullptr : FindHost(it->second);
}

bool FakeMaas::IsHostMachine(std::string_view system_id) {
  Settle();
  return HostOfMachine(system_id) != nullptr;
}

core::MaasError FakeMaas::HostsMustGoFirst(const Host& host) const {
  return Text(400, "The following VM hosts must be removed first: " + host.spec.name);
}

core::MaasResult<core::NoContent> FakeMaas::DeleteHostMachine(std::string_view system_id,
                                                              bool force) {
  Settle();
  Host* host = HostOfMachine(system_id);
  if (host == nullptr) return Text(404, "No Machine matches the given query.");
  if (!force) return HostsMustGoFirst(*host);
  // Pod.delete_and_wait: the VM host's machines leave MAAS with it; then the node itself.
  if (core::Status s = RemoveVMHost(host->id); !s.ok()) return Text(404, s.message());
  return core::NoContent{};
}

std::optional<core::MaasResult<core::Machine>> FakeMaas::HostMachineOperation(
    std::string_view system_id, HostMachineOp op) {
  Host* host = HostOfMachine(system_id);
  if (host == nullptr) return std::nullopt;
  FakeBackingMachine& machine = *host->spec.machine;
  switch (op) {
    case HostMachineOp::kDeploy:
      return Text(409, "Can't deploy a machine that is in the '" +
                           std::string(core::NodeStatusName(machine.status)) + "' state");
    case HostMachineOp::kRelease:
      return HostsMustGoFirst(*host);
    case HostMachineOp::kPowerOn:
    case HostMachineOp::kPowerOff:
      machine.power_state = op == HostMachineOp::kPowerOn ? "on" : "off";
      return ToBackingMachine(*host);
  }
  return std::nullopt;
}

}  // namespace vmsim::fakes
