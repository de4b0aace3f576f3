// The property tests' main: GoogleTest, plus a long mode for nightly runs. RapidCheck prints
// the seed of every property it runs; replay a failure with RC_PARAMS="seed=<seed>" (see
// README, "Testing"). VMSIM_PROPS_LONG=1 runs 20 times as many cases, unless RC_PARAMS is set.
#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  if (std::getenv("VMSIM_PROPS_LONG") != nullptr && std::getenv("RC_PARAMS") == nullptr) {
    ::setenv("RC_PARAMS", "max_success=2000 max_size=200", 1);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
