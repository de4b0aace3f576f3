// Pins the rebalancing planner: what counts as stranded, zone imbalance, and the moves it
// plans (greedy, capped, each VM once, only where the VM fits and its constraints allow).
#include "core/rebalance.h"

#include <gtest/gtest.h>

namespace vmsim::core {
namespace {

VMHost Host(int64_t id, std::string zone, int64_t cores_used, int64_t memory_used) {
  VMHost h;
  h.id = id;
  h.name = "h" + std::to_string(id);
  h.capabilities = {"composable", "over_commit", "storage_pools"};
  h.zone.name = std::move(zone);
  h.total = {16, 32768, 0};
  h.used = {cores_used, memory_used, 0};
  h.available = {16 - cores_used, 32768 - memory_used, 0};
  return h;
}

MovableVM VM(int64_t host_id, int64_t cores, int64_t memory) {
  MovableVM vm;
  vm.host_id = host_id;
  vm.request.cores = cores;
  vm.request.memory = memory;
  return vm;
}

TEST(Stranded, ByDefaultAgainstMaasSmallestVm) {
  const Stranded memory_full = StrandedOn(Host(1, "z", 4, 32768 - 512));
  EXPECT_EQ(memory_full.cores, 12) << "less than 1024 MiB left: the 12 free cores are stranded";
  EXPECT_EQ(memory_full.memory, 0);
  const Stranded cores_full = StrandedOn(Host(1, "z", 16, 8192));
  EXPECT_EQ(cores_full.cores, 0);
  EXPECT_EQ(cores_full.memory, 32768 - 8192);
  const Stranded fine = StrandedOn(Host(1, "z", 8, 8192));
  EXPECT_EQ(fine.cores + fine.memory, 0);
}

TEST(Stranded, AgainstALargerUnitAndUnderOverCommit) {
  VMHost h = Host(1, "z", 14, 8192);
  EXPECT_EQ(StrandedOn(h, {4, 8192}).memory, 32768 - 8192) << "2 cores cannot take a 4-core VM";
  h.cpu_over_commit_ratio = 2.0;
  EXPECT_EQ(StrandedOn(h, {4, 8192}).memory, 0) << "over-commit gives 18 more cores";
  EXPECT_EQ(StrandedIn({Host(1, "z", 16, 0), Host(2, "z", 16, 1024)}).memory, 32768 + 31744);
}

TEST(ZoneImbalance, IsTheLargestGapBetweenTheMostAndLeastUsedZone) {
  EXPECT_DOUBLE_EQ(ZoneImbalance({Host(1, "a", 8, 0), Host(2, "a", 0, 0), Host(3, "b", 4, 16384)}),
                   0.5)
      << "cores: a 8/32, b 4/16 -> 0.25; memory: a 0, b 0.5 -> 0.5";
  EXPECT_DOUBLE_EQ(ZoneImbalance({Host(1, "a", 8, 0)}), 0.0) << "one zone";
}

TEST(RebalanceGoal, ParsesItsNamesAndNamesWhatItRejects) {
  EXPECT_EQ(ParseRebalanceGoal("stranded").value(), RebalanceGoal::kStranded);
  EXPECT_EQ(RebalanceGoalName(ParseRebalanceGoal("zones").value()), "zones");
  const auto bad = ParseRebalanceGoal("balance");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "unknown rebalance goal \"balance\" (expected stranded or zones)");
}

// Host 1 is out of memory with 12 cores free (two 2-core, 16 GiB VMs); host 2 is empty.
TEST(PlanRebalance, MovesAVmOffAHostThatStrandsCapacity) {
  const std::vector<VMHost> hosts = {Host(1, "z", 4, 32768), Host(2, "z", 0, 0)};
  const std::vector<MovableVM> vms = {VM(1, 2, 16384), VM(1, 2, 16384)};
  const double before = RebalanceMeasure(hosts, RebalanceGoal::kStranded, {});
  EXPECT_DOUBLE_EQ(before, 12.0 / 32);
  const auto moves = PlanRebalance(hosts, vms, RebalanceGoal::kStranded, {}, 4).moves;
  ASSERT_EQ(moves.size(), 1u) << "one move frees host 1; a second would gain nothing";
  EXPECT_EQ(moves[0].vm, 0u) << "ties go to the lower VM index";
  EXPECT_EQ(moves[0].to, 1u);
}

TEST(PlanRebalance, PlansNothingWhenNoMoveHelps) {
  const std::vector<VMHost> hosts = {Host(1, "z", 4, 8192), Host(2, "z", 4, 8192)};
  EXPECT_TRUE(
      PlanRebalance(hosts, {VM(1, 4, 8192), VM(2, 4, 8192)}, RebalanceGoal::kStranded, {}, 4)
          .moves.empty());
  EXPECT_TRUE(PlanRebalance(hosts, {VM(1, 4, 8192)}, RebalanceGoal::kZones, {}, 4).moves.empty())
      << "one zone";
}

TEST(PlanRebalance, StopsAtTheCapAndMovesEachVmOnce) {
  const std::vector<VMHost> hosts = {Host(1, "z", 4, 32768), Host(2, "z", 4, 32768),
                                     Host(3, "z", 0, 0), Host(4, "z", 0, 0)};
  const std::vector<MovableVM> vms = {VM(1, 2, 16384), VM(1, 2, 16384), VM(2, 2, 16384),
                                      VM(2, 2, 16384)};
  EXPECT_EQ(PlanRebalance(hosts, vms, RebalanceGoal::kStranded, {}, 1).moves.size(), 1u);
  const auto moves = PlanRebalance(hosts, vms, RebalanceGoal::kStranded, {}, 8).moves;
  ASSERT_EQ(moves.size(), 2u);
  EXPECT_NE(moves[0].vm, moves[1].vm);
}

TEST(PlanRebalance, OnlyWhereTheVmFitsAndItsConstraintsAllow) {
  std::vector<VMHost> hosts = {Host(1, "a", 4, 32768), Host(2, "b", 0, 0), Host(3, "a", 15, 0)};
  MovableVM pinned = VM(1, 2, 16384);
  pinned.request.zone = "a";
  EXPECT_TRUE(PlanRebalance(hosts, {pinned}, RebalanceGoal::kStranded, {}, 4).moves.empty())
      << "host 3 in zone a has 1 core left; zone b is not allowed";
  hosts[1].tags = {std::string(kMaintenanceTag)};
  EXPECT_TRUE(
      PlanRebalance(hosts, {VM(1, 2, 16384)}, RebalanceGoal::kStranded, {}, 4).moves.empty())
      << "host 2 is in maintenance";
}

TEST(PlanRebalance, ZonesGoalMovesFromTheBusiestZoneToTheIdlest) {
  const std::vector<VMHost> hosts = {Host(1, "a", 8, 16384), Host(2, "b", 0, 0),
                                     Host(3, "c", 2, 4096)};
  const std::vector<MovableVM> vms = {VM(1, 4, 8192), VM(1, 4, 8192), VM(3, 2, 4096)};
  const auto moves = PlanRebalance(hosts, vms, RebalanceGoal::kZones, {}, 1).moves;
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(vms[moves[0].vm].host_id, 1) << "from zone a";
  EXPECT_EQ(moves[0].to, 1u) << "to zone b";
  const auto all = PlanRebalance(hosts, vms, RebalanceGoal::kZones, {}, 8);
  std::vector<VMHost> after = hosts;
  for (const auto& m : all.moves) {
    const auto from = static_cast<size_t>(vms[m.vm].host_id - 1);
    AccountVM(after[from], vms[m.vm].request, -1);
    AccountVM(after[m.to], vms[m.vm].request, +1);
  }
  for (size_t i = 0; i < hosts.size(); ++i)
    EXPECT_EQ(all.hosts[i].used, after[i].used) << "the plan's view";
  EXPECT_LT(ZoneImbalance(all.hosts), ZoneImbalance(hosts));
}

}  // namespace
}  // namespace vmsim::core
