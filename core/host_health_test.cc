// Pins the health checks a real client (Cluster API Provider MAAS) makes before placing on a
// VM host: backing machine on and Deployed, no maintenance tag (reference 8.7).
#include "core/host_health.h"

#include <gtest/gtest.h>

#include "core/placement.h"

namespace vmsim::core {
namespace {

VMHost Host(bool backed) {
  VMHost h;
  h.id = 1;
  if (backed) h.host_system_id = "abc123";
  return h;
}

Machine Backing(std::string power_state, NodeStatus status) {
  Machine m;
  m.system_id = "abc123";
  m.power_state = std::move(power_state);
  m.status = status;
  return m;
}

TEST(AssessHostHealth, OnAndDeployedIsHealthy) {
  const Machine m = Backing("on", NodeStatus::kDeployed);
  EXPECT_EQ(AssessHostHealth(Host(true), &m), HostHealth::kHealthy);
}

TEST(AssessHostHealth, EveryPowerStateButOnIsPoweredOff) {
  for (const char* state : {"off", "unknown", "error", ""}) {
    const Machine m = Backing(state, NodeStatus::kDeployed);
    EXPECT_EQ(AssessHostHealth(Host(true), &m), HostHealth::kPoweredOff) << state;
  }
}

TEST(AssessHostHealth, AnyStatusButDeployedIsNotDeployed) {
  for (int s : {0, 4, 8, 9, 16}) {
    const Machine m = Backing("on", static_cast<NodeStatus>(s));
    EXPECT_EQ(AssessHostHealth(Host(true), &m), HostHealth::kNotDeployed)
        << NodeStatusName(static_cast<NodeStatus>(s));
  }
}

TEST(AssessHostHealth, MaintenanceComesFirstThenMissingMachine) {
  VMHost h = Host(true);
  h.tags = {std::string(kMaintenanceTag)};
  const Machine off = Backing("off", NodeStatus::kBroken);
  EXPECT_EQ(AssessHostHealth(h, &off), HostHealth::kMaintenance);
  EXPECT_EQ(AssessHostHealth(Host(true), nullptr), HostHealth::kMachineMissing);
}

TEST(AssessHostHealth, HostWithoutMachineHasNothingToCheck) {
  EXPECT_EQ(AssessHostHealth(Host(false), nullptr), HostHealth::kHealthy);
}

TEST(HostHealthName, NamesAreSnakeCase) {
  EXPECT_EQ(HostHealthName(HostHealth::kPoweredOff), "powered_off");
  EXPECT_EQ(HostHealthName(HostHealth::kNotDeployed), "not_deployed");
  EXPECT_EQ(HostHealthName(HostHealth::kMachineMissing), "machine_missing");
}

TEST(Fits, UnhealthyHostNeverFits) {
  VMHost h = Host(true);
  h.capabilities = {"composable"};
  h.total = {8, 16384, 0};
  h.available = h.total;
  h.storage_pools = {{"default", "default", "dir", "", 100'000'000'000, 0, 100'000'000'000, true}};
  PlacementRequest r;
  EXPECT_TRUE(Fits(h, r));
  const UnhealthyHosts unhealthy = {{h.id, HostHealth::kPoweredOff}};
  r.unhealthy = &unhealthy;
  EXPECT_FALSE(Fits(h, r));
  EXPECT_FALSE(ChooseHost({h}, r, PlacementPolicy::kFirstFit).has_value());
}

}  // namespace
}  // namespace vmsim::core
