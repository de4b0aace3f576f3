// Fleets and requests for the benchmarks: W1's host shape (16 cores, 32 GiB, one 1 TB pool,
// ratios 1.0) in three zones, and its VM shapes. Header-only, for bench/ only.
#ifndef VMSIM_BENCH_BENCH_FLEET_H_
#define VMSIM_BENCH_BENCH_FLEET_H_

#include <string>
#include <vector>

#include "core/placement.h"
#include "core/rng.h"
#include "core/units.h"
#include "fakes/fake_host.h"

namespace vmsim::bench {

inline fakes::FakeHostSpec W1Host(int i) {
  fakes::FakeHostSpec h;
  h.name = "w1-" + std::to_string(i);
  h.zone = "zone-" + std::to_string(i % 3);
  h.cores = 16;
  h.memory = 32768;
  h.storage_pools = {{"default", "dir", "", 1000 * core::kBytesPerGB, 0}};
  return h;
}

// A VMHost as MAAS reports it, partly used, for placement benchmarks.
inline core::VMHost W1VMHost(int i, core::Rng& rng) {
  core::VMHost h;
  h.id = i + 1;
  h.name = "w1-" + std::to_string(i);
  h.type = "lxd";
  h.capabilities = {"composable", "dynamic_local_storage", "over_commit", "storage_pools"};
  h.architectures = {"amd64/generic"};
  h.zone.name = "zone-" + std::to_string(i % 3);
  h.pool.name = "default";
  h.total = {16, 32768, 1000 * core::kBytesPerGB};
  const int64_t used = rng.UniformInt(0, 16);
  h.used = {used, used * 2048, used * 20 * core::kBytesPerGB};
  h.available = {16 - used, 32768 - used * 2048, h.total.local_storage - h.used.local_storage};
  h.storage_pools = {{"default", "default", "dir", "/p", h.total.local_storage,
                      h.used.local_storage, h.available.local_storage, true}};
  return h;
}

inline core::PlacementRequest W1Request(core::Rng& rng) {
  static constexpr int64_t kCores[] = {1, 2, 4, 8};
  const int64_t cores = kCores[rng.UniformInt(0, 3)];
  core::PlacementRequest r;
  r.cores = cores;
  r.memory = cores * 2048;
  r.disks = {{"", 20 * core::kBytesPerGB}};
  return r;
}

}  // namespace vmsim::bench

#endif  // VMSIM_BENCH_BENCH_FLEET_H_
