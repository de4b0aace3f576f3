#include "fakes/host_networks.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace vmsim::fakes {
namespace {

core::MaasError Text400(std::string body) { return {400, std::move(body), false, std::nullopt}; }

std::optional<uint32_t> ParseIPv4(std::string_view s) {
  uint32_t out = 0;
  for (int part = 0; part < 4; ++part) {
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || v > 255 || end == s.data()) return std::nullopt;
    out = out << 8 | v;
    s.remove_prefix(static_cast<size_t>(end - s.data()));
    if (part < 3) {
      if (s.empty() || s[0] != '.') return std::nullopt;
      s.remove_prefix(1);
    }
  }
  if (!s.empty()) return std::nullopt;
  return out;
}

// True when `ip` lies in `cidr` ("10.0.0.0/24").
bool InSubnet(std::string_view ip, std::string_view cidr) {
  const size_t slash = cidr.find('/');
  if (slash == std::string_view::npos) return false;
  const auto addr = ParseIPv4(ip), net = ParseIPv4(cidr.substr(0, slash));
  unsigned bits = 0;
  const auto tail = cidr.substr(slash + 1);
  const auto [end, ec] = std::from_chars(tail.data(), tail.data() + tail.size(), bits);
  if (!addr || !net || ec != std::errc() || end != tail.data() + tail.size() || bits > 32)
    return false;
  const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (*addr & mask) == (*net & mask);
}

bool KeyMatches(const FakeHostNetwork& n, std::string_view key, std::string_view v) {
  const auto strip = [&](std::string_view prefix) {
    if (v.starts_with(prefix)) v.remove_prefix(prefix.size());
  };
  if (key == "name") return n.name == v;
  if (key == "fabric") return n.fabric == v;
  if (key == "space") return n.space == v;
  if (key == "subnet" || key == "subnet_cidr") {
    strip("cidr:");
    return !n.subnet.empty() && n.subnet == v;
  }
  if (key == "vid" || key == "vlan") {
    strip("vid:");
    return std::to_string(n.vid) == v;
  }
  if (key == "ip") return InSubnet(v, n.subnet);
  return true;  // not modelled
}

bool Matches(const FakeHostNetwork& n, const core::InterfaceConstraint& c) {
  for (const auto& [key, value] : c.keys) {
    std::string_view k = key;
    const bool negated = k.starts_with("not_");
    if (negated) k.remove_prefix(4);
    const bool modelled = k == "name" || k == "fabric" || k == "space" || k == "subnet" ||
                          k == "subnet_cidr" || k == "vid" || k == "vlan" || k == "ip";
    if (modelled && KeyMatches(n, k, value) == negated) return false;
  }
  return true;
}

}  // namespace

std::optional<core::MaasError> MatchInterfaces(
    const FakeHostSpec& host, const std::vector<core::InterfaceConstraint>& interfaces) {
  if (!host.machine) return Text400("Pod must be on a known host if interfaces are specified.");
  bool dhcp = false;
  for (const auto& c : interfaces) {
    const FakeHostNetwork* chosen = nullptr;
    for (const auto& n : host.networks) {
      if (Matches(n, c)) {
        chosen = &n;
        break;
      }
    }
    if (chosen == nullptr) return Text400("This pod does not match the specified networks.");
    dhcp = dhcp || chosen->dhcp;
  }
  if (!dhcp) {
    return Text400(
        "MAAS DHCP must be enabled on at least one VLAN attached to the specified interfaces.");
  }
  return std::nullopt;
}

std::vector<std::string> RequestedIps(const std::vector<core::InterfaceConstraint>& interfaces) {
  std::vector<std::string> ips;
  for (const auto& c : interfaces) {
    for (const auto& [key, value] : c.keys) {
      if (key == "ip") ips.push_back(value);
    }
  }
  return ips;
}

}  // namespace vmsim::fakes
