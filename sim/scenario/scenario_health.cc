// Scenario parsing for host health and networks: the set_host_power / set_host_status events
// (the backing machine of a VM host) and a VM shape's "network" (the seed's VMNetworkConfig).
#include "sim/scenario/scenario_parts.h"

namespace vmsim::sim::internal {

void ReadHealthEvent(JsonReader& r, const JsonReader::Node& n, TimedEvent& e) {
  using A = TimedEvent::Action;
  for (const std::string_view key : {"power_state", "status"}) {
    const bool wanted =
        key == "power_state" ? e.action == A::kSetHostPower : e.action == A::kSetHostStatus;
    if (n.Has(key) && !wanted && r.ok()) {
      r.Fail(n.At(key).pointer, std::string(key) + " belongs to " +
                                    (key == "power_state" ? "set_host_power" : "set_host_status") +
                                    " only");
    }
  }
  if (!r.ok()) return;
  if (e.action == A::kSetHostPower) {
    e.power_state = r.String(n, "power_state");
    if (r.ok() && e.power_state != "on" && e.power_state != "off" && e.power_state != "unknown" &&
        e.power_state != "error") {
      r.Fail(n.At("power_state").pointer,
             "expected \"on\", \"off\", \"unknown\" or \"error\" (MAAS's power states)");
    }
  } else if (e.action == A::kSetHostStatus) {
    const std::string name = r.String(n, "status");
    const auto status = core::NodeStatusFromName(name);
    if (r.ok() && !status) {
      r.Fail(
          n.At("status").pointer,
          "expected a MAAS status name such as \"Deployed\" or \"Broken\", got \"" + name + "\"");
    }
    if (status) e.status = *status;
  }
}

void ReadNetworkConfig(JsonReader& r, const JsonReader::Node& shape, lxd::VMSpec& spec) {
  if (!shape.Has("network")) return;
  const auto n = shape.At("network");
  if (!r.Object(n, {"bridge", "mac_address", "static_ip"})) return;
  lxd::VMNetworkConfig config;
  if (n.Has("bridge")) config.bridge = r.String(n, "bridge");
  if (n.Has("mac_address")) config.mac_address = r.String(n, "mac_address");
  if (n.Has("static_ip")) {
    const auto ip = n.At("static_ip");
    if (!r.Object(ip, {"interface", "ip_address", "gateway", "subnet", "dns_servers"})) return;
    config.static_ip_config = lxd::StaticIPSpec{
        r.String(ip, "ip_address", ""), r.String(ip, "gateway", ""), r.String(ip, "subnet", ""),
        r.Strings(ip, "dns_servers"), r.String(ip, "interface", "")};
  }
  spec.network_config = std::move(config);
}

}  // namespace vmsim::sim::internal
