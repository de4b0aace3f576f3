// The compose-time half of MAAS's `interfaces` constraint
// (ComposeMachineForm._get_requested_machine_interfaces_via_constraints, reference 2.4):
// which host network each label's constraints select, and the 400 text/plain answers when
// none can be found. A host's networks are FakeHostSpec::networks. Pure function; thread-safe.
#ifndef VMSIM_FAKES_HOST_NETWORKS_H_
#define VMSIM_FAKES_HOST_NETWORKS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/interfaces_constraint.h"
#include "core/maas_api.h"
#include "fakes/fake_host.h"

namespace vmsim::fakes {

// nullopt when `host` can attach a NIC for every label of `interfaces` (REQUIRES: non-empty);
// otherwise MAAS's 400 text/plain answer, checked in MAAS's order:
//   "Pod must be on a known host if interfaces are specified."  (no backing machine)
//   "This pod does not match the specified networks."           (some label matches nothing)
//   "MAAS DHCP must be enabled on at least one VLAN attached to the specified interfaces."
// Keys checked against the host's networks: name, fabric, space, subnet, subnet_cidr (a CIDR,
// optionally "cidr:"-prefixed), vid, vlan ("vid:N" or N), ip (IPv4 within the subnet), and
// their not_ forms. The other keys MAAS knows (id, fabric_class, mode, hostname, type, tag)
// are not modelled: they match every network.
std::optional<core::MaasError> MatchInterfaces(
    const FakeHostSpec& host, const std::vector<core::InterfaceConstraint>& interfaces);

// The addresses the constraints ask for (each label's ip=, in order; not_ip excluded): MAAS
// claims them for the new machine's NICs once it exists.
std::vector<std::string> RequestedIps(const std::vector<core::InterfaceConstraint>& interfaces);

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_HOST_NETWORKS_H_
