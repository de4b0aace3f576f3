// Pins how the CLI meets hostile files and hostile output places (issue 16): exit 2 with a
// message naming what and where, before any work, and outputs that are whole or absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_util.h"

namespace vmsim::cli_test {
namespace {

namespace fs = std::filesystem;

fs::path WriteFile(const fs::path& dir, const std::string& name, const std::string& text) {
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << text;
  return dir / name;
}

TEST(CliHostile, DeepJsonAndHugeNumbersAreExitTwoForScenariosAndSweeps) {
  const fs::path dir = FreshDir("hostile-json");
  const auto deep = WriteFile(dir, "deep.json", std::string(50000, '[') + std::string(50000, ']'));
  auto o = Vmsim("validate " + deep.string());
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("deep.json: nested deeper than 32 levels"), std::string::npos)
      << o.output;
  const auto huge = WriteFile(dir, "huge.json", "87e878");
  o = Vmsim("validate " + huge.string());
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("a number is out of range"), std::string::npos) << o.output;
  o = Vmsim("sweep " + huge.string() + " --out " + (dir / "out").string());
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("a number is out of range"), std::string::npos) << o.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

TEST(CliHostile, ANegativeSeedIsAUsageErrorNotAWrappedOne) {
  const auto o = Vmsim("run --seed -5 --until 1h");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.output.find("--seed -5: expected a whole number from 0 to 18446744073709551615"),
            std::string::npos)
      << o.output;
  EXPECT_EQ(Vmsim("run --seed 18446744073709551615 --until 1h -q").exit_code, 0);
}

TEST(CliHostile, OutIsCheckedBeforeTheFirstEvent) {
  const fs::path dir = FreshDir("hostile-out");
  const auto file = WriteFile(dir, "a-file", "x");
  const auto o = Vmsim("run --until 2h --out " + (file / "sub").string());
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("--out " + (file / "sub").string() + ": cannot create"),
            std::string::npos)
      << o.output;
  EXPECT_EQ(o.output.find("requests"), std::string::npos) << "no summary: nothing ran";
  fs::remove_all(dir);
}

TEST(CliHostile, OutNeverDeletesFilesVmsimDidNotWrite) {
  const fs::path dir = FreshDir("hostile-foreign");
  WriteFile(dir, "notes.txt", "mine");
  const auto o = Vmsim("run --until 1h -q --out " + dir.string());
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("holds files this command does not write (notes.txt)"), std::string::npos)
      << o.output;
  EXPECT_EQ(Slurp(dir / "notes.txt"), "mine");
  EXPECT_FALSE(fs::exists(dir / "summary.json"));
  fs::remove_all(dir);
}

TEST(CliHostile, ARunWithoutTraceLeavesNoStaleEventsAndNoStagingBehind) {
  const fs::path dir = FreshDir("hostile-stale");
  ASSERT_EQ(Vmsim("run --until 1h -q --trace --out " + dir.string()).exit_code, 0);
  ASSERT_TRUE(fs::exists(dir / "events.jsonl"));
  ASSERT_EQ(Vmsim("run --until 2h -q --out " + dir.string()).exit_code, 0);
  EXPECT_FALSE(fs::exists(dir / "events.jsonl"))
      << "an earlier run's trace beside this run's summary";
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  for (const auto& e : fs::directory_iterator(dir.parent_path())) {
    EXPECT_EQ(e.path().filename().string().find("." + dir.filename().string() + ".vmsim-"),
              std::string::npos)
        << e.path();
  }
  fs::remove_all(dir);
}

TEST(CliHostile, ASweepWhoseReportCannotBeWrittenWritesNothing) {
  const fs::path dir = FreshDir("hostile-report");
  const auto file = WriteFile(dir, "a-file", "x");
  const auto o = Vmsim("sweep " + Fixture("sweep-small.json") + " -q --out " +
                       (dir / "out").string() + " --report " + (file / "report.html").string());
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("--report"), std::string::npos) << o.output;
  EXPECT_FALSE(fs::exists(dir / "out" / "results.json"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vmsim::cli_test
