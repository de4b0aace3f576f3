#include "core/placement.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace vmsim::core {
namespace {

constexpr std::array<std::pair<std::string_view, PlacementPolicy>, 5> kPolicies = {{
    {"first-fit", PlacementPolicy::kFirstFit},
    {"best-fit", PlacementPolicy::kBestFit},
    {"worst-fit", PlacementPolicy::kWorstFit},
    {"seed-optimal", PlacementPolicy::kSeedOptimal},
    {"cluster-api", PlacementPolicy::kClusterApi},
}};

// Over-commit room exactly as MAAS checks it: total * ratio - (used + requested) >= 0.
bool Room(int64_t total, double ratio, int64_t used, int64_t requested) {
  return static_cast<double>(total) * ratio - static_cast<double>(used + requested) >= 0;
}

const StoragePool* PoolFor(const VMHost& host, const std::string& name) {
  for (const auto& p : host.storage_pools) {
    if (name.empty() ? p.is_default : p.name == name) return &p;
  }
  // An unknown pool name falls back to the default pool, as MAAS does.
  if (!name.empty()) return PoolFor(host, "");
  return nullptr;
}

bool StorageFits(const VMHost& host, const PlacementRequest& r) {
  std::vector<std::pair<const StoragePool*, int64_t>> need;
  for (const auto& [pool, bytes] : r.disks) {
    const StoragePool* p = PoolFor(host, pool);
    if (p == nullptr) return false;
    auto it = std::find_if(need.begin(), need.end(), [&](const auto& e) { return e.first == p; });
    if (it == need.end()) {
      need.emplace_back(p, bytes);
    } else {
      it->second += bytes;
    }
  }
  return std::all_of(need.begin(), need.end(),
                     [](const auto& e) { return e.second <= e.first->available; });
}

double SeedScore(const VMHost& h) {
  return static_cast<double>(h.used.cores + h.used.memory) /
         static_cast<double>(h.available.cores + h.available.memory + 1);
}

}  // namespace

std::tuple<double, double> ClusterApiKey(const VMHost& h, const PlacementRequest& r) {
  int64_t group = 0;
  if (r.group_vms != nullptr) {
    const auto it = r.group_vms->find(h.id);
    if (it != r.group_vms->end()) group = it->second;
  }
  const double score = static_cast<double>(h.available.cores) / static_cast<double>(r.cores) +
                       static_cast<double>(h.available.memory) / static_cast<double>(r.memory);
  return {static_cast<double>(group), -score};
}

Result<PlacementPolicy> ParsePlacementPolicy(std::string_view name) {
  for (const auto& [n, p] : kPolicies) {
    if (n == name) return p;
  }
  return Status(ErrorKind::kInvalidRequest,
                "unknown placement policy \"" + std::string(name) +
                    "\" (expected first-fit, best-fit, worst-fit, seed-optimal or cluster-api)");
}

bool Fits(const VMHost& h, const PlacementRequest& r) {
  if (!h.HasCapability("composable") || h.HasTag(kMaintenanceTag)) return false;
  if (r.unhealthy != nullptr && r.unhealthy->contains(h.id)) return false;
  if (r.exclude_hosts.contains(h.id) || r.avoid_zones.contains(h.zone.name)) return false;
  if (r.host && h.id != *r.host) return false;
  if (r.zone && h.zone.name != *r.zone) return false;
  if (r.resource_pool && h.pool.name != *r.resource_pool) return false;
  for (const auto& t : r.tags) {
    if (!h.HasTag(t)) return false;
  }
  if (!r.architecture.empty() && std::find(h.architectures.begin(), h.architectures.end(),
                                           r.architecture) == h.architectures.end()) {
    return false;
  }
  if (r.cores > h.total.cores || r.memory > h.total.memory) return false;
  return Room(h.total.cores, h.cpu_over_commit_ratio, h.used.cores, r.cores) &&
         Room(h.total.memory, h.memory_over_commit_ratio, h.used.memory, r.memory) &&
         StorageFits(h, r);
}

void AccountVM(VMHost& h, const PlacementRequest& r, int64_t sign) {
  h.used.cores += sign * r.cores;
  h.used.memory += sign * r.memory;
  h.available.cores -= sign * r.cores;
  h.available.memory -= sign * r.memory;
  for (const auto& [pool, bytes] : r.disks) {
    h.used.local_storage += sign * bytes;
    h.available.local_storage -= sign * bytes;
    StoragePool* target = nullptr;
    for (auto& p : h.storage_pools) {
      if (p.name == pool || (target == nullptr && p.is_default)) target = &p;
    }
    if (target != nullptr) {  // an unknown pool name means the default pool, as in MAAS
      target->used += sign * bytes;
      target->available -= sign * bytes;
    }
  }
}

std::optional<size_t> ChooseHost(const std::vector<VMHost>& hosts, const PlacementRequest& r,
                                 PlacementPolicy policy) {
  std::optional<size_t> best;
  // Lower keys win; ties go to the lower id (hosts are in id order, so the first seen).
  using Key = std::tuple<double, double>;
  Key best_key{};
  for (size_t i = 0; i < hosts.size(); ++i) {
    const VMHost& h = hosts[i];
    if (!Fits(h, r)) continue;
    if (policy == PlacementPolicy::kFirstFit) return i;
    const double mem_left = static_cast<double>(h.available.memory - r.memory);
    const double cores_left = static_cast<double>(h.available.cores - r.cores);
    Key key;
    switch (policy) {
      case PlacementPolicy::kBestFit:
        key = {mem_left, cores_left};
        break;
      case PlacementPolicy::kWorstFit:
        key = {-mem_left, -cores_left};
        break;
      case PlacementPolicy::kSeedOptimal:
        key = {SeedScore(h), 0};
        break;
      case PlacementPolicy::kClusterApi:
        key = ClusterApiKey(h, r);
        break;
      case PlacementPolicy::kFirstFit:
        break;
    }
    if (!best || key < best_key) {
      best = i;
      best_key = key;
    }
  }
  return best;
}

}  // namespace vmsim::core
