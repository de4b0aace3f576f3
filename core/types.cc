#include "core/types.h"

#include <algorithm>

namespace vmsim::core {
namespace {
bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

bool VMHost::HasTag(std::string_view tag) const { return Contains(tags, tag); }
bool VMHost::HasCapability(std::string_view c) const { return Contains(capabilities, c); }

bool VMHostQueryParams::Matches(const VMHost& host) const {
  if (!type.empty() && host.type != type) return false;
  if (zone && host.zone.name != *zone) return false;
  if (resource_pool && host.pool.name != *resource_pool) return false;
  return std::all_of(tags.begin(), tags.end(), [&](const auto& t) { return host.HasTag(t); });
}

VMHostResources ResourcesOf(const VMHost& host) {
  return {host.total, host.used, host.available, host.storage_pools};
}

}  // namespace vmsim::core
