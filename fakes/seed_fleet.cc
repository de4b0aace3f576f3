#include "fakes/seed_fleet.h"

#include "core/units.h"

namespace vmsim::fakes {
namespace {

FakeHostSpec SeedHost(std::string name, std::string zone, std::string resource_pool,
                      std::vector<std::string> tags, int64_t cores, int64_t memory,
                      int64_t used_cores, int64_t used_memory) {
  FakeHostSpec h;
  h.name = name;
  h.zone = std::move(zone);
  h.resource_pool = std::move(resource_pool);
  h.tags = std::move(tags);
  h.cores = cores;
  h.memory = memory;
  h.storage_pools = {{"default", "dir", "", 1000 * core::kBytesPerGB, 0}};
  h.machine = FakeBackingMachine{};  // MAAS deployed the LXD host: on and Deployed
  h.existing_vms = {
      {name + "-existing", "", used_cores, used_memory, {{"default", 20 * core::kBytesPerGB}}}};
  return h;
}

}  // namespace

std::vector<FakeHostSpec> SeedFleet() {
  return {
      SeedHost("lxd-host-1", "zone-a", "default", {"lxd", "compute"}, 16, 32768, 4, 8192),
      SeedHost("lxd-host-2", "zone-b", "default", {"lxd", "compute"}, 16, 32768, 2, 4096),
      SeedHost("lxd-host-3", "zone-c", "compute-pool", {"lxd", "compute", "high-memory"}, 32, 65536,
               8, 16384),
  };
}

}  // namespace vmsim::fakes
