// In steady state, Little's law holds: the time-averaged number of VMs alive equals the
// accepted arrival rate times the mean lifetime. A check that the event loop, the arrival
// process, lifetimes and sampling agree with one another.
#include <gtest/gtest.h>

#include "sim/engine/simulator.h"
#include "sim/scenario/scenario.h"

namespace vmsim::sim {
namespace {

TEST(LittlesLaw, MeanVMsAliveIsAcceptedRateTimesMeanLifetime) {
  // The seed fleet, lightly loaded (no rejections): 6 arrivals an hour, 2 h mean lifetime,
  // so about 12 VMs alive on average.
  auto s = ParseScenario(R"({
    "name": "little", "seed": 11, "duration": "400h", "warmup": "20h", "sample_interval": "2m",
    "fleet": {"builtin": "seed"},
    "workloads": [{"name": "w", "arrival": {"process": "poisson", "rate": "6/h"},
                   "shape": {"cores": 1, "memory": "1GiB", "disks": [{"size": "10GB"}]},
                   "lifetime": {"dist": "exponential", "mean": "2h"}}]
  })",
                         "little.json", ".");
  ASSERT_TRUE(s.ok()) << s.status().message();
  auto out = RunScenario(*s, {});
  ASSERT_TRUE(out.ok());
  const auto& summary = out->summary;
  EXPECT_EQ(summary["requests"]["rejected"]["total"], 0);
  const double window_hours = 380;
  const double accepted_per_hour =
      summary["requests"]["composed_after_warmup"].get<double>() / window_hours;
  const double predicted = accepted_per_hour * 2.0;
  const double observed = summary["vms"]["alive"]["mean"].get<double>();
  EXPECT_NEAR(observed, predicted, 0.08 * predicted)
      << "accepted " << accepted_per_hour << "/h, observed " << observed << " alive";
  EXPECT_NEAR(accepted_per_hour, 6.0, 0.6);
}

}  // namespace
}  // namespace vmsim::sim
