// Helpers for tests that run scenarios: names for tests parameterised by a file, and a run's
// outputs as one comparable string.
#ifndef VMSIM_TESTS_SCENARIO_TEST_UTIL_H_
#define VMSIM_TESTS_SCENARIO_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <string>

#include "sim/engine/simulator.h"

namespace vmsim {

// The file's stem, with '_' for what gtest forbids in a name.
inline std::string FileTestName(const std::string& path) {
  std::string name = std::filesystem::path(path).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// summary.json without its wall-clock "run" section, timeseries.csv and events.jsonl, in one
// string; "" (and a test failure) when the run failed.
inline std::string OutputsWithoutRun(const core::Result<sim::RunOutput>& out) {
  EXPECT_TRUE(out.ok()) << out.status().message();
  if (!out.ok()) return "";
  auto summary = out->summary;
  summary.erase("run");
  return summary.dump(2) + "\n--\n" + out->timeseries_csv + "\n--\n" + out->events_jsonl;
}

}  // namespace vmsim

#endif  // VMSIM_TESTS_SCENARIO_TEST_UTIL_H_
