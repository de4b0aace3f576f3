// MAAS's `interfaces` compose parameter, "label:key=value[,key=value];label2:...": parsed by
// the fake exactly as MAAS's LabeledConstraintMapField and interfaces_validator do
// (provisioningserver/utils/constraints.py, maasserver/forms/pods.py; reference 2.4), and
// rendered by the client from the seed's network config. Pure functions; thread-safe.
#ifndef VMSIM_CORE_INTERFACES_CONSTRAINT_H_
#define VMSIM_CORE_INTERFACES_CONSTRAINT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace vmsim::core {

// One label's constraints, keys in the order given (a key may repeat).
struct InterfaceConstraint {
  std::string label;
  std::vector<std::pair<std::string, std::string>> keys;
  bool operator==(const InterfaceConstraint&) const = default;
};

// True for MAAS's interface constraint keys: id, fabric, fabric_class, ip, mode, name,
// hostname, subnet, space, subnet_cidr, type, vlan, vid, tag, and each with "not_" before it.
bool IsInterfacesConstraintKey(std::string_view key);

// Parses `value` as MAAS's parse_labeled_constraint_map and interfaces_validator do; a value of
// at most one character is no constraint (empty). Errors are kInvalidRequest with MAAS's text:
//   Malformed constraint: '<c>' (required format: '<label>:<key>=<value>[,<key2>=<value2>[,...]]')
//   Invalid label name: '<l>' (Must begin with an alphanumeric character, and include only ...)
//   Constraint label defined more than once: '<l>'
//   Malformed key/value pair in constraint: '<kv>'
//   Unknown interfaces constraint: '<key>            (sic: MAAS's text has no closing quote)
Result<std::vector<InterfaceConstraint>> ParseInterfacesConstraint(std::string_view value);

// The inverse of ParseInterfacesConstraint for well-formed constraints.
std::string RenderInterfacesConstraint(const std::vector<InterfaceConstraint>& constraints);

// The seed's network config as MAAS's `interfaces` value, one label per NIC (its name, or
// "eth0"): bridge -> name=<host interface>, ip_config.ip_address -> ip=, ip_config.subnet ->
// subnet=. MAAS cannot take the rest on compose: a MAC address (LXD makes one), a gateway and
// DNS servers (they come from the subnet's settings in MAAS). Asking for those, or a value
// the syntax cannot carry ("," or ";" in a value, ":" or ";" in a name), is kInvalidRequest naming
// the field, e.g. "network_config.interfaces[0].ip_config.gateway: ...". Not retryable: no host can
// help.
Result<std::string> InterfacesConstraintFromNetworkConfig(const NetworkConfigParams& config);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_INTERFACES_CONSTRAINT_H_
