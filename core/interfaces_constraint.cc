#include "core/interfaces_constraint.h"

#include <algorithm>
#include <array>
#include <set>

namespace vmsim::core {
namespace {

constexpr std::array<std::string_view, 14> kKeys = {
    "id",     "fabric", "fabric_class", "ip",   "mode", "name", "hostname",
    "subnet", "space",  "subnet_cidr",  "type", "vlan", "vid",  "tag"};

Status Malformed(std::string_view constraint) {
  return Status(ErrorKind::kInvalidRequest,
                "Malformed constraint: '" + std::string(constraint) +
                    "' (required format: '<label>:<key>=<value>[,<key2>=<value2>[,...]]')");
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (size_t start = 0;;) {
    const size_t end = s.find(sep, start);
    out.push_back(
        s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// What MAAS's split on ";", then the first ":", then ",", then the first "=" keeps whole.
bool ExpressibleLabel(std::string_view v) {
  return !v.empty() && v.find_first_of(";:") == std::string_view::npos;
}
bool Expressible(std::string_view v) {
  return !v.empty() && v.find_first_of(",;") == std::string_view::npos;
}

// validate_constraint_label_name: re.match("[a-zA-Z0-9]+[a-zA-Z0-9_-]*$"), where `$` also
// matches before a final newline.
bool ValidLabel(std::string_view label) {
  if (label.ends_with('\n')) label.remove_suffix(1);
  const auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (label.empty() || !alnum(label[0])) return false;
  return std::all_of(label.begin(), label.end(),
                     [&](char c) { return alnum(c) || c == '_' || c == '-'; });
}

}  // namespace

bool IsInterfacesConstraintKey(std::string_view key) {
  if (key.starts_with("not_")) key.remove_prefix(4);
  return std::find(kKeys.begin(), kKeys.end(), key) != kKeys.end();
}

Result<std::vector<InterfaceConstraint>> ParseInterfacesConstraint(std::string_view value) {
  std::vector<InterfaceConstraint> out;
  // parse_labeled_constraint_map: a value of at most one character means no constraint.
  size_t code_points = 0;
  for (const char c : value) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (code_points <= 1) return out;
  std::set<std::string, std::less<>> labels;
  for (const std::string_view constraint : Split(value, ';')) {
    const size_t colon = constraint.find(':');
    if (colon == std::string_view::npos) return Malformed(constraint);
    InterfaceConstraint c;
    c.label = std::string(constraint.substr(0, colon));
    if (!ValidLabel(c.label)) {
      return Status(ErrorKind::kInvalidRequest,
                    "Invalid label name: '" + c.label +
                        "' (Must begin with an alphanumeric character, and include only "
                        "alphanumeric characters, dashes, and underscores.)");
    }
    if (!labels.insert(c.label).second) {
      return Status(ErrorKind::kInvalidRequest,
                    "Constraint label defined more than once: '" + c.label + "'");
    }
    for (const std::string_view kv : Split(constraint.substr(colon + 1), ',')) {
      const size_t eq = kv.find('=');
      if (eq == std::string_view::npos) {
        return Status(ErrorKind::kInvalidRequest,
                      "Malformed key/value pair in constraint: '" + std::string(kv) + "'");
      }
      c.keys.emplace_back(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
    out.push_back(std::move(c));
  }
  // interfaces_validator runs on the parsed map, after the syntax is accepted.
  for (const auto& c : out) {
    for (const auto& [key, v] : c.keys) {
      if (!IsInterfacesConstraintKey(key)) {
        return Status(ErrorKind::kInvalidRequest, "Unknown interfaces constraint: '" + key);
      }
    }
  }
  return out;
}

std::string RenderInterfacesConstraint(const std::vector<InterfaceConstraint>& constraints) {
  std::string out;
  for (const auto& c : constraints) {
    if (!out.empty()) out += ';';
    out += c.label + ':';
    for (size_t i = 0; i < c.keys.size(); ++i) {
      out += (i ? "," : "") + c.keys[i].first + '=' + c.keys[i].second;
    }
  }
  return out;
}

Result<std::string> InterfacesConstraintFromNetworkConfig(const NetworkConfigParams& config) {
  std::vector<InterfaceConstraint> out;
  for (size_t i = 0; i < config.interfaces.size(); ++i) {
    const InterfaceConfig& nic = config.interfaces[i];
    const std::string field = "network_config.interfaces[" + std::to_string(i) + "]";
    const auto refuse = [&](const std::string& name, const std::string& why) {
      return Status(ErrorKind::kInvalidRequest, field + "." + name + ": " + why);
    };
    InterfaceConstraint c;
    c.label = nic.name.empty() ? "eth0" : nic.name;
    if (!ExpressibleLabel(c.label))
      return refuse("name", "MAAS's interfaces syntax cannot carry \"" + c.label + "\"");
    if (nic.mac_address) {
      return refuse("mac_address", "MAAS takes no MAC address on compose (LXD assigns one)");
    }
    if (nic.bridge) c.keys.emplace_back("name", *nic.bridge);
    if (const auto& ip = nic.ip_config) {
      if (!ip->gateway.empty()) {
        return refuse(
            "ip_config.gateway",
            "MAAS takes no gateway on compose: it comes from the subnet's settings in MAAS");
      }
      if (!ip->dns_servers.empty()) {
        return refuse(
            "ip_config.dns_servers",
            "MAAS takes no DNS servers on compose: they come from the subnet's settings in MAAS");
      }
      if (!ip->ip_address.empty()) c.keys.emplace_back("ip", ip->ip_address);
      if (!ip->subnet.empty()) c.keys.emplace_back("subnet", ip->subnet);
    }
    for (const auto& [key, v] : c.keys) {
      if (!Expressible(v)) {
        return refuse(key == "name" ? "bridge"
                      : key == "ip" ? "ip_config.ip_address"
                                    : "ip_config.subnet",
                      "MAAS's interfaces syntax cannot carry \"" + v + "\"");
      }
    }
    // A NIC with no constraint still needs a key: any interface on any fabric would do, but
    // MAAS requires at least one key=value, so it is left to MAAS's default NIC instead.
    if (c.keys.empty()) continue;
    out.push_back(std::move(c));
  }
  return RenderInterfacesConstraint(out);
}

}  // namespace vmsim::core
