#include "core/host_index.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vmsim::core {
namespace {

// Over-commit room as MAAS computes it: total * ratio - used.
double CoresRoom(const VMHost& h) {
  return static_cast<double>(h.total.cores) * h.cpu_over_commit_ratio -
         static_cast<double>(h.used.cores);
}
double MemoryRoom(const VMHost& h) {
  return static_cast<double>(h.total.memory) * h.memory_over_commit_ratio -
         static_cast<double>(h.used.memory);
}
double SeedScore(const VMHost& h) {
  return static_cast<double>(h.used.cores + h.used.memory) /
         static_cast<double>(h.available.cores + h.available.memory + 1);
}

using BestKey = std::tuple<int64_t, int64_t, size_t>;    // available memory, cores, index
using WorstKey = std::tuple<int64_t, int64_t, int64_t>;  // available memory, cores, -index
using SeedKey = std::pair<double, size_t>;               // score, index

}  // namespace

struct HostIndex::Group {
  std::string zone, pool;
  std::vector<size_t> members;  // host indices, ascending
  std::set<BestKey> best;
  std::set<WorstKey> worst;
  std::set<SeedKey> seed;
  // Max-tree over members' (cores room, memory room), for first-fit.
  size_t leaves = 1;
  std::vector<std::pair<double, double>> tree;
  // Per member slot: the keys it is filed under, to erase them on update.
  std::vector<BestKey> best_key;
  std::vector<SeedKey> seed_key;
  double max_memory_slack = 0;  // max over members of total * ratio - total (memory)

  void SetLeaf(size_t slot, double cores, double memory) {
    size_t i = leaves + slot;
    tree[i] = {cores, memory};
    for (i /= 2; i >= 1; i /= 2) {
      tree[i] = {std::max(tree[2 * i].first, tree[2 * i + 1].first),
                 std::max(tree[2 * i].second, tree[2 * i + 1].second)};
    }
  }

  // The leftmost member (in id order) that fits, pruning subtrees without room.
  std::optional<size_t> FirstFit(const std::vector<VMHost>& hosts, const PlacementRequest& r,
                                 size_t node) const {
    const double need_cores = static_cast<double>(r.cores),
                 need_memory = static_cast<double>(r.memory);
    if (tree[node].first < need_cores || tree[node].second < need_memory) return std::nullopt;
    if (node >= leaves) {
      const size_t slot = node - leaves;
      if (slot < members.size() && Fits(hosts[members[slot]], r)) return members[slot];
      return std::nullopt;
    }
    if (auto left = FirstFit(hosts, r, 2 * node)) return left;
    return FirstFit(hosts, r, 2 * node + 1);
  }
};

HostIndex::HostIndex() = default;
HostIndex::~HostIndex() = default;

void HostIndex::Rebuild(const std::vector<VMHost>& hosts) {
  hosts_ = &hosts;
  groups_.clear();
  group_of_key_.clear();
  group_of_host_.assign(hosts.size(), 0);
  slot_of_host_.assign(hosts.size(), 0);
  for (size_t i = 0; i < hosts.size(); ++i) {
    const auto key = std::make_pair(hosts[i].zone.name, hosts[i].pool.name);
    auto [it, inserted] = group_of_key_.emplace(key, groups_.size());
    if (inserted) {
      groups_.push_back(std::make_unique<Group>());
      groups_.back()->zone = key.first;
      groups_.back()->pool = key.second;
    }
    Group& g = *groups_[it->second];
    group_of_host_[i] = it->second;
    slot_of_host_[i] = g.members.size();
    g.members.push_back(i);
  }
  constexpr double kNone = -std::numeric_limits<double>::infinity();
  for (auto& gp : groups_) {
    Group& g = *gp;
    while (g.leaves < g.members.size()) g.leaves *= 2;
    g.tree.assign(2 * g.leaves, {kNone, kNone});
    g.best_key.resize(g.members.size());
    g.seed_key.resize(g.members.size());
    for (size_t slot = 0; slot < g.members.size(); ++slot) {
      const VMHost& h = hosts[g.members[slot]];
      g.max_memory_slack = std::max(g.max_memory_slack, static_cast<double>(h.total.memory) *
                                                            (h.memory_over_commit_ratio - 1));
      g.tree[g.leaves + slot] = {CoresRoom(h), MemoryRoom(h)};
      g.best_key[slot] = {h.available.memory, h.available.cores, g.members[slot]};
      g.seed_key[slot] = {SeedScore(h), g.members[slot]};
      g.best.insert(g.best_key[slot]);
      g.worst.insert(
          {h.available.memory, h.available.cores, -static_cast<int64_t>(g.members[slot])});
      g.seed.insert(g.seed_key[slot]);
    }
    for (size_t i = g.leaves - 1; i >= 1; --i) {
      g.tree[i] = {std::max(g.tree[2 * i].first, g.tree[2 * i + 1].first),
                   std::max(g.tree[2 * i].second, g.tree[2 * i + 1].second)};
    }
  }
}

void HostIndex::Update(size_t i) {
  const VMHost& h = (*hosts_)[i];
  Group& g = *groups_[group_of_host_[i]];
  const size_t slot = slot_of_host_[i];
  const auto& [old_mem, old_cores, idx] = g.best_key[slot];
  g.best.erase(g.best_key[slot]);
  g.worst.erase({old_mem, old_cores, -static_cast<int64_t>(idx)});
  g.seed.erase(g.seed_key[slot]);
  g.best_key[slot] = {h.available.memory, h.available.cores, i};
  g.seed_key[slot] = {SeedScore(h), i};
  g.best.insert(g.best_key[slot]);
  g.worst.insert({h.available.memory, h.available.cores, -static_cast<int64_t>(i)});
  g.seed.insert(g.seed_key[slot]);
  g.SetLeaf(slot, CoresRoom(h), MemoryRoom(h));
}

std::optional<size_t> HostIndex::Choose(const PlacementRequest& r, PlacementPolicy policy) const {
  const auto& hosts = *hosts_;
  // The Cluster API ranking depends on the request's group: not indexed, a linear search.
  if (policy == PlacementPolicy::kClusterApi) return ChooseHost(hosts, r, policy);
  std::optional<size_t> best;
  // The policy's key for host i, as ChooseHost ranks them (lower wins, then lower index).
  const auto key = [&](size_t i) -> std::tuple<double, double, size_t> {
    const VMHost& h = hosts[i];
    const double mem = static_cast<double>(h.available.memory - r.memory);
    const double cores = static_cast<double>(h.available.cores - r.cores);
    switch (policy) {
      case PlacementPolicy::kFirstFit:
        return {0, 0, i};
      case PlacementPolicy::kBestFit:
        return {mem, cores, i};
      case PlacementPolicy::kWorstFit:
        return {-mem, -cores, i};
      case PlacementPolicy::kSeedOptimal:
        return {SeedScore(h), 0, i};
      case PlacementPolicy::kClusterApi: {
        const auto [group, score] = ClusterApiKey(h, r);
        return {group, score, i};
      }
    }
    return {0, 0, i};
  };
  for (const auto& gp : groups_) {
    const Group& g = *gp;
    if (r.zone && g.zone != *r.zone) continue;
    if (r.resource_pool && g.pool != *r.resource_pool) continue;
    if (r.avoid_zones.contains(g.zone)) continue;
    std::optional<size_t> candidate;
    switch (policy) {
      case PlacementPolicy::kFirstFit:
        candidate = g.FirstFit(hosts, r, 1);
        break;
      case PlacementPolicy::kBestFit: {
        // No host with less available memory than this can have room for the request.
        const auto floor =
            static_cast<int64_t>(std::floor(static_cast<double>(r.memory) - g.max_memory_slack)) -
            1;
        for (auto it = g.best.lower_bound({floor, INT64_MIN, 0}); it != g.best.end(); ++it) {
          if (Fits(hosts[std::get<2>(*it)], r)) {
            candidate = std::get<2>(*it);
            break;
          }
        }
        break;
      }
      case PlacementPolicy::kWorstFit:
        for (auto it = g.worst.rbegin(); it != g.worst.rend(); ++it) {
          if (static_cast<double>(std::get<0>(*it)) + g.max_memory_slack <
              static_cast<double>(r.memory))
            break;
          const auto i = static_cast<size_t>(-std::get<2>(*it));
          if (Fits(hosts[i], r)) {
            candidate = i;
            break;
          }
        }
        break;
      case PlacementPolicy::kClusterApi:
        break;  // handled above
      case PlacementPolicy::kSeedOptimal:
        for (const auto& [score, i] : g.seed) {
          if (Fits(hosts[i], r)) {
            candidate = i;
            break;
          }
        }
        break;
    }
    if (candidate && (!best || key(*candidate) < key(*best))) best = candidate;
  }
  return best;
}

}  // namespace vmsim::core
