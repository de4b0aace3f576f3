// Pins `vmsim sweep`, `vmsim merge` and `vmsim compare` through the binary: sharded and merged
// results equal the unsharded run's byte for byte, --jobs changes nothing, a cache makes a
// re-run simulate nothing, bad sweeps exit 2 naming the pointer and write nothing, compare
// gives its verdicts, and the HTML report's charts render in headless Chromium.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli_util.h"

namespace {

namespace fs = std::filesystem;
using vmsim::cli_test::Fixture;
using vmsim::cli_test::FreshDir;
using vmsim::cli_test::Slurp;
using vmsim::cli_test::Vmsim;

const std::string kSweep = Fixture("sweep-small.json");

TEST(SweepCli, ShardedAndMergedResultsEqualTheUnshardedRunByteForByte) {
  const fs::path dir = FreshDir("shards");
  auto whole = Vmsim("sweep " + kSweep + " -q --jobs 1 --out " + (dir / "whole").string());
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  auto parallel = Vmsim("sweep " + kSweep + " -q --jobs 2 --out " + (dir / "parallel").string());
  ASSERT_EQ(parallel.exit_code, 0) << parallel.output;
  for (int k = 0; k < 4; ++k) {  // 4 shards of 9 runs: uneven on purpose
    auto shard = Vmsim("sweep " + kSweep + " -q --shard " + std::to_string(k) + "/4 --out " +
                       (dir / "shards").string());
    ASSERT_EQ(shard.exit_code, 0) << shard.output;
  }
  auto merged =
      Vmsim("merge " + (dir / "shards").string() + " -q --out " + (dir / "merged").string());
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  for (const char* file : {"results.json", "results.csv"}) {
    const std::string expected = Slurp(dir / "whole" / file);
    ASSERT_FALSE(expected.empty()) << file;
    EXPECT_EQ(Slurp(dir / "parallel" / file), expected) << file << " depends on --jobs";
    EXPECT_EQ(Slurp(dir / "merged" / file), expected) << file << " differs after shard + merge";
  }
  // A missing shard is an error, and writes nothing.
  fs::remove(dir / "shards" / "shard-00002-of-00004.json");
  auto incomplete =
      Vmsim("merge " + (dir / "shards").string() + " --out " + (dir / "incomplete").string());
  EXPECT_EQ(incomplete.exit_code, 2);
  EXPECT_NE(incomplete.output.find("shard 2 of 4 is missing"), std::string::npos)
      << incomplete.output;
  EXPECT_FALSE(fs::exists(dir / "incomplete"));
  fs::remove_all(dir);
}

TEST(SweepCli, ASecondRunWithTheCacheSimulatesNothing) {
  const fs::path dir = FreshDir("cache");
  const std::string cache = " --cache " + (dir / "cache").string();
  auto first = Vmsim("sweep " + kSweep + cache + " --out " + (dir / "first").string());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("9 runs simulated, 0 read from the cache"), std::string::npos)
      << first.output;
  auto second = Vmsim("sweep " + kSweep + cache + " --out " + (dir / "second").string());
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("0 runs simulated, 9 read from the cache"), std::string::npos)
      << second.output;
  EXPECT_EQ(Slurp(dir / "second" / "results.json"), Slurp(dir / "first" / "results.json"));
  fs::remove_all(dir);
}

TEST(SweepCli, PrintsTheSearchAnswerAndExitsOneWhenThereIsNone) {
  const fs::path dir = FreshDir("search");
  auto found = Vmsim("sweep " + kSweep + " --out " + dir.string());
  EXPECT_EQ(found.exit_code, 0) << found.output;
  EXPECT_NE(
      found.output.find("fewest /fleet/templates/0/count with /requests/rejection_rate <= 0.05"),
      std::string::npos)
      << found.output;
  // Only 2 and 4 hosts: both reject far more than 5%.
  const fs::path spec = dir / "too-few.json";
  std::ofstream(spec)
      << R"({"name": "too-few", "scenario": ")" << Fixture("sweep-base.json")
      << R"(", "replications": 2, "axes": [{"pointer": "/fleet/templates/0/count", "values": [2, 4]}],
      "search": {"axis": "/fleet/templates/0/count", "metric": "/requests/rejection_rate", "at_most": 0.05}})";
  auto none = Vmsim("sweep " + spec.string() + " --out " + (dir / "none").string());
  EXPECT_EQ(none.exit_code, 1) << none.output;
  EXPECT_NE(none.output.find("none of the swept values"), std::string::npos) << none.output;
  fs::remove_all(dir);
}

TEST(SweepCli, BadInputExitsTwoNamingThePointerAndWritesNothing) {
  const fs::path dir = FreshDir("bad-sweep");
  auto bad = Vmsim("sweep " + Fixture("sweep-bad-point.json") + " --out " + dir.string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("sweep-bad-point.json: point 0 (/fleet/templates/0/count=0)"),
            std::string::npos)
      << bad.output;
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(Vmsim("sweep " + kSweep).exit_code, 2) << "--out is required";
  EXPECT_EQ(Vmsim("sweep " + kSweep + " --out x --shard 3/3").exit_code, 2);
  EXPECT_EQ(Vmsim("sweep " + kSweep + " --out x --shard 0/2 --report r.html").exit_code, 2);
  EXPECT_EQ(Vmsim("sweep " + Fixture("sweep-base.json") + " --out " + dir.string()).exit_code, 2)
      << "a scenario is not a sweep";
  EXPECT_EQ(Vmsim("merge " + Fixture("sweep-small.json") + " --out " + dir.string()).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir));
}

TEST(SweepCli, CompareFindsNoDifferenceBetweenIdenticalScenariosAndOneBetweenFleetSizes) {
  const std::string base = Fixture("sweep-base.json");
  auto same =
      Vmsim("compare " + base + " " + base + " --replications 3 --metric /requests/rejection_rate");
  ASSERT_EQ(same.exit_code, 0) << same.output;
  EXPECT_NE(same.output.find("/requests/rejection_rate"), std::string::npos);
  EXPECT_NE(same.output.find("0 [0, 0]"), std::string::npos) << same.output;
  EXPECT_NE(same.output.find("no difference"), std::string::npos) << same.output;
  const fs::path dir = FreshDir("compare");
  auto differ = Vmsim("compare " + base + " " + Fixture("sweep-base-more-hosts.json") +
                      " --replications 3 --metric /requests/rejection_rate --out " + dir.string());
  ASSERT_EQ(differ.exit_code, 0) << differ.output;
  EXPECT_NE(differ.output.find("B is lower"), std::string::npos)
      << "8 hosts reject less than 3: " << differ.output;
  EXPECT_NE(Slurp(dir / "compare.json").find("\"verdict\": \"B is lower\""), std::string::npos);
  EXPECT_EQ(Vmsim("compare " + base + " --replications 3").exit_code, 2);
  EXPECT_EQ(Vmsim("compare " + base + " " + base).exit_code, 2) << "--replications is required";
  fs::remove_all(dir);
}

TEST(SweepCli, ReportChartsRenderInHeadlessChromium) {
  if (const char* no = std::getenv("VMSIM_NO_BROWSER"); no != nullptr && std::string(no) == "1") {
    GTEST_SKIP() << "VMSIM_NO_BROWSER=1";
  }
  ASSERT_EQ(std::system("command -v chromium >/dev/null 2>&1"), 0)
      << "chromium is not installed: run bash cmake/setup.sh (or set VMSIM_NO_BROWSER=1 to skip)";
  const fs::path dir = FreshDir("report");
  const fs::path report = dir / "report.html";
  auto run =
      Vmsim("sweep " + kSweep + " -q --out " + dir.string() + " --report " + report.string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string html = Slurp(report);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"))
      << "no network resources";
  EXPECT_EQ(html.find("https://"), std::string::npos) << "no network resources";
  const auto dom = vmsim::cli_test::Shell(
      "timeout 120 chromium --headless=new --no-sandbox --disable-gpu "
      "--disable-dev-shm-usage --dump-dom file://" +
      report.string() + " 2>/dev/null");
  // The sweep has 3 points and 9 metrics: 3 utilisation charts, at least 8 metric charts
  // (first_rejection_seconds may be unmeasured at every point).
  const std::string& out = dom.output;
  const size_t at = out.find("<body data-rendered=\"");
  ASSERT_NE(at, std::string::npos) << "the report's script did not run: " << out.substr(0, 500);
  const std::string rendered = out.substr(at + 21, out.find('"', at + 21) - at - 21);
  const size_t slash = rendered.find('/');
  ASSERT_NE(slash, std::string::npos) << rendered;
  EXPECT_EQ(rendered.substr(0, slash), rendered.substr(slash + 1))
      << "every chart rendered: " << rendered;
  EXPECT_GE(std::stoi(rendered.substr(0, slash)), 11) << rendered;
  EXPECT_NE(out.find("data-chart=\"utilisation\""), std::string::npos);
  EXPECT_NE(out.find("<table>"), std::string::npos) << "the per-zone table";
  fs::remove_all(dir);
}

}  // namespace
