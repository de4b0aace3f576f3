// Pins the vmsim command line: exit codes (0 ok, 2 usage or bad input), error messages that
// name file and JSON pointer, and no output files at all when the input is bad.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_util.h"

namespace {

namespace fs = std::filesystem;
using vmsim::cli_test::Fixture;
using vmsim::cli_test::FreshDir;
using vmsim::cli_test::Outcome;
using vmsim::cli_test::Shell;
using vmsim::cli_test::Vmsim;

TEST(Cli, HelpAndVersionExitZero) {
  auto help = Vmsim("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("vmsim run [SCENARIO]"), std::string::npos);
  EXPECT_NE(help.output.find("Exit codes"), std::string::npos);
  auto version = Vmsim("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.output.rfind("vmsim ", 0), 0u);
  EXPECT_EQ(Vmsim("run --help").exit_code, 0);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(Vmsim("").exit_code, 2);
  EXPECT_EQ(Vmsim("frobnicate").exit_code, 2);
  EXPECT_EQ(Vmsim("run --bogus").exit_code, 2);
  EXPECT_EQ(Vmsim("run --until soon").exit_code, 2);
  EXPECT_EQ(Vmsim("run --trace").exit_code, 2) << "--trace needs --out";
  EXPECT_EQ(Vmsim("validate").exit_code, 2);
}

TEST(Cli, DefaultScenarioRunsAndWritesCompleteOutputs) {
  const fs::path dir = FreshDir("default");
  auto run = Vmsim("run --until 6h --quiet --trace --out " + dir.string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(run.output.empty()) << "--quiet prints nothing: " << run.output;
  for (const char* f : {"summary.json", "timeseries.csv", "events.jsonl"}) {
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  }
  int leftovers = 0;
  for (const auto& e : fs::directory_iterator(dir))
    leftovers += e.path().filename().string()[0] == '.';
  EXPECT_EQ(leftovers, 0) << "no temporary files remain";
  fs::remove_all(dir);
}

TEST(Cli, RunPrintsASummaryTable) {
  auto run = Vmsim("run --until 2h");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.output.find("requested"), std::string::npos);
  EXPECT_NE(run.output.find("time to Ready"), std::string::npos);
}

TEST(Cli, RunTableShowsBatchesAndRebalancingWhenTheScenarioHasThem) {
  auto run = Vmsim("run " + std::string(VMSIM_SOURCE_DIR_DEFAULT) +
                   "/scenarios/rebalance-zones.json --until 16h");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("rebalancing moves"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("batch groups"), std::string::npos) << run.output;
  run = Vmsim("run " + std::string(VMSIM_SOURCE_DIR_DEFAULT) +
              "/scenarios/batch-control-planes.json --until 2h");
  EXPECT_NE(run.output.find("batch groups"), std::string::npos) << run.output;
}

TEST(Cli, BadScenarioExitsTwoNamingThePointerAndWritesNothing) {
  struct Case {
    const char* file;
    const char* expected;
  };
  for (const Case& c : {Case{"bad-rate.json", "/workloads/0/arrival/rate: expected a rate"},
                        Case{"bad-unknown-field.json", "/colour: unknown field"},
                        Case{"bad-memory-unit.json", "/workloads/0/shape/memory"},
                        Case{"bad-not-json.json", "not valid JSON"}}) {
    const fs::path dir = FreshDir("bad");
    auto run = Vmsim("run " + Fixture(c.file) + " --out " + dir.string());
    EXPECT_EQ(run.exit_code, 2) << c.file;
    EXPECT_NE(run.output.find(c.file), std::string::npos) << run.output;
    EXPECT_NE(run.output.find(c.expected), std::string::npos) << run.output;
    EXPECT_FALSE(fs::exists(dir)) << "no output directory for a rejected scenario";
    EXPECT_EQ(Vmsim("validate " + Fixture(c.file)).exit_code, 2);
  }
  EXPECT_EQ(Vmsim("run /no/such/file.json").exit_code, 2);
}

TEST(Cli, ValidateAcceptsEveryShippedScenario) {
  std::string files;
  for (const auto& e :
       fs::directory_iterator(std::string(VMSIM_SOURCE_DIR_DEFAULT) + "/scenarios")) {
    if (e.path().extension() == ".json" && e.path().filename() != "schema.json") {
      files += " " + e.path().string();
    }
  }
  auto v = Vmsim("validate" + files);
  EXPECT_EQ(v.exit_code, 0) << v.output;
}

TEST(Cli, SameSeedGivesByteIdenticalFilesAndAnotherSeedDiffers) {
  const auto summary_without_run = [](const fs::path& dir) {
    std::ifstream in(dir / "summary.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.substr(0, text.find("\"run\""));
  };
  const auto csv = [](const fs::path& dir) {
    std::ifstream in(dir / "timeseries.csv");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const fs::path a = FreshDir("a"), b = FreshDir("b"), c = FreshDir("c");
  ASSERT_EQ(Vmsim("run --until 8h -q --seed 5 --out " + a.string()).exit_code, 0);
  ASSERT_EQ(Vmsim("run --until 8h -q --seed 5 --out " + b.string()).exit_code, 0);
  ASSERT_EQ(Vmsim("run --until 8h -q --seed 6 --out " + c.string()).exit_code, 0);
  EXPECT_EQ(summary_without_run(a), summary_without_run(b));
  EXPECT_EQ(csv(a), csv(b));
  EXPECT_NE(csv(a), csv(c));
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

TEST(Cli, CheckPassesFailsWithReplayAndWritesJUnit) {
  const fs::path dir = FreshDir("check");
  const fs::path junit = dir / "junit.xml";
  fs::create_directories(dir);
  auto pass = Vmsim("check " + Fixture("check-pass.json") + " --seeds 2 --junit " + junit.string());
  EXPECT_EQ(pass.exit_code, 0) << pass.output;
  EXPECT_NE(pass.output.find("6 passed, 0 failed"), std::string::npos) << pass.output;
  EXPECT_TRUE(fs::exists(junit));

  auto broken = Vmsim("check " + Fixture("check-broken.json") + " --junit " + junit.string());
  EXPECT_EQ(broken.exit_code, 1) << broken.output;
  const std::string replay = "vmsim run " + Fixture("check-broken.json") + " --seed 3";
  EXPECT_NE(broken.output.find("FAIL  check-broken seed 3: cores barely used"), std::string::npos)
      << broken.output;
  EXPECT_NE(broken.output.find("replay: " + replay), std::string::npos) << broken.output;
  std::ifstream in(junit);
  const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(xml.find("<failure message=\"observed"), std::string::npos) << xml;
  EXPECT_NE(xml.find("replay: " + replay), std::string::npos) << xml;

  // The replay command reproduces the failing value.
  auto replayed = Vmsim("run " + Fixture("check-broken.json") + " --seed 3 -q --out " +
                        (dir / "replay").string());
  EXPECT_EQ(replayed.exit_code, 0);
  std::ifstream summary(dir / "replay" / "summary.json");
  const auto j = nlohmann::json::parse(summary);
  const std::string observed = "observed " + j["utilisation"]["overall"]["cores"]["mean"].dump();
  EXPECT_NE(broken.output.find(observed), std::string::npos) << observed << " in " << broken.output;

  EXPECT_EQ(Vmsim("check " + Fixture("bad-rate.json")).exit_code, 2);
  EXPECT_EQ(Vmsim("check").exit_code, 2);
  fs::remove_all(dir);
}

TEST(Cli, ShrinkFindsASmallerScenarioThatStillFails) {
  const fs::path dir = FreshDir("shrink");
  fs::create_directories(dir);
  const fs::path out = dir / "min.json";
  auto shrunk = Vmsim("shrink " + Fixture("shrink-me.json") +
                      " --seed 5 --expect 'no rejections' --out " + out.string());
  ASSERT_EQ(shrunk.exit_code, 0) << shrunk.output;
  std::ifstream in(out);
  const auto min = nlohmann::json::parse(in);
  EXPECT_EQ(min["workloads"].size(), 1u) << "only the workload that causes the failure is left";
  EXPECT_EQ(min["workloads"][0]["name"], "giant");
  EXPECT_EQ(min["fleet"]["templates"][0]["count"], 1);
  EXPECT_TRUE(min["events"].empty());
  EXPECT_EQ(min["expect"].size(), 1u);
  auto check = Vmsim("check " + out.string());
  EXPECT_EQ(check.exit_code, 1) << "the shrunk scenario still fails: " << check.output;
  EXPECT_EQ(
      Vmsim("shrink " + Fixture("shrink-me.json") + " --seed 5 --expect reconciled").exit_code, 2)
      << "an expectation that holds has nothing to shrink";
  EXPECT_EQ(Vmsim("shrink " + Fixture("shrink-me.json") + " --seed 5").exit_code, 2);
  fs::remove_all(dir);
}

TEST(Cli, ServeAnswersAndStopsCleanlyOnSignal) {
  auto served = Vmsim("serve --help");
  EXPECT_EQ(served.exit_code, 0);
  EXPECT_NE(served.output.find("--api-key"), std::string::npos);
  EXPECT_EQ(Vmsim("serve --listen nowhere").exit_code, 2);
  EXPECT_EQ(Vmsim("serve --api-key two:parts").exit_code, 2);
  // timeout sends SIGINT after a second; --preserve-status gives vmsim's own exit code.
  const std::string command = "timeout --preserve-status -s INT 1 " + std::string(VMSIM_BINARY) +
                              " serve --listen 127.0.0.1:0 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  std::array<char, 512> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  EXPECT_NE(output.find("serving 3 VM hosts"), std::string::npos) << output;
  EXPECT_NE(output.find("vmsim: stopped"), std::string::npos) << output;
}

TEST(Cli, RunWithBackendMatchesTheInProcessRun) {
  EXPECT_EQ(Vmsim("serve --clock simulated").exit_code, 2) << "simulated time needs --scenario";
  EXPECT_EQ(Vmsim("serve --clock sometimes").exit_code, 2);
  const Outcome unreachable = Vmsim("run --until 1h --backend http://127.0.0.1:1 -q");
  EXPECT_EQ(unreachable.exit_code, 1) << unreachable.output;
  EXPECT_NE(unreachable.output.find("--backend http://127.0.0.1:1"), std::string::npos)
      << unreachable.output;

  const fs::path dir = fs::temp_directory_path() / ("vmsim-backend-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string scenario = std::string(VMSIM_SOURCE_DIR_DEFAULT) + "/scenarios/default.json";
  const std::string vmsim = VMSIM_BINARY;
  // Serve on any free port, read the port from its banner, run against it, stop it.
  const std::string script =
      "(" + vmsim + " serve --scenario " + scenario + " --clock simulated --listen 127.0.0.1:0 > " +
      (dir / "serve.log").string() + " 2>&1 & echo $! > " + (dir / "pid").string() + "); " +
      "for i in $(seq 50); do grep -q serving " + (dir / "serve.log").string() +
      " && break; sleep 0.1; done; " + "port=$(grep -o '127.0.0.1:[0-9]*' " +
      (dir / "serve.log").string() + " | head -1); " + vmsim + " run " + scenario +
      " --until 4h --backend http://$port -q --out " + (dir / "http").string() +
      "; rc=$?; kill $(cat " + (dir / "pid").string() + "); exit $rc";
  std::ofstream(dir / "serve-and-run.sh") << script << "\n";
  const Outcome over_http = Shell("sh " + (dir / "serve-and-run.sh").string() + " 2>&1");
  ASSERT_EQ(over_http.exit_code, 0) << over_http.output;
  ASSERT_EQ(Vmsim("run " + scenario + " --until 4h -q --out " + (dir / "local").string()).exit_code,
            0);
  const auto summary = [&](const char* which) {
    auto j = nlohmann::json::parse(std::ifstream(dir / which / "summary.json"));
    j.erase("run");
    return j;
  };
  EXPECT_EQ(summary("http"), summary("local"));
  fs::remove_all(dir);
}

}  // namespace

// A cassette recorded by `vmsim record` in front of `vmsim serve` (tests/fixtures/cassettes/
// serve-flow.json: list, compose, a refused compose, list, compose, read, delete, read,
// allocate, read). The fake still answers it as it did: a regression test of the wire too.
TEST(Cli, ReplayOfARecordingOfVmsimServeAgreesAndExitsZero) {
  auto replay = Vmsim("replay " + Fixture("cassettes/serve-flow.json"));
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
  EXPECT_NE(replay.output.find("10 exchanges: 10 agree, 0 differ"), std::string::npos)
      << replay.output;
  auto json = Vmsim("replay --json " + Fixture("cassettes/serve-flow.json"));
  EXPECT_NE(json.output.find("\"differences\": []"), std::string::npos) << json.output;
}

TEST(Cli, ReplayExitsOneNamingEachDifference) {
  const fs::path dir = FreshDir("replay-differs");
  fs::create_directories(dir);
  std::ifstream in(Fixture("cassettes/serve-flow.json"));
  std::stringstream text;
  text << in.rdbuf();
  std::string cassette = text.str();
  const std::string from = "\"cpu_over_commit_ratio\": 1.0";
  const size_t at =
      cassette.find(from, cassette.find("\"initial\""));  // host 1 in the first snapshot
  ASSERT_NE(at, std::string::npos);
  cassette.replace(at, from.size(), "\"cpu_over_commit_ratio\": 0.1");
  std::ofstream(dir / "c.json") << cassette;
  auto replay = Vmsim("replay " + (dir / "c.json").string());
  EXPECT_EQ(replay.exit_code, 1) << replay.output;
  EXPECT_NE(replay.output.find("exchange 1 (POST /MAAS/api/2.0/vm-hosts/1/?op=compose): status: "
                               "recorded 200, replayed 503"),
            std::string::npos)
      << replay.output;
  fs::remove_all(dir);
}

TEST(Cli, RecordAndReplayRefuseBadInputWithExitTwoAndWriteNothing) {
  const fs::path dir = FreshDir("record-bad");
  auto unreachable = Vmsim("record --upstream http://127.0.0.1:9/MAAS --api-key a:b:c --out " +
                           (dir / "c.json").string());
  EXPECT_EQ(unreachable.exit_code, 2);
  EXPECT_NE(unreachable.output.find(
                "--upstream http://127.0.0.1:9/MAAS: GET vm-hosts/ cannot be reached"),
            std::string::npos)
      << unreachable.output;
  EXPECT_FALSE(fs::exists(dir / "c.json"));
  EXPECT_EQ(Vmsim("record --upstream http://127.0.0.1:9/MAAS --out x.json").exit_code,
            2);  // no --api-key
  EXPECT_EQ(Vmsim("record --upstream ftp://x --api-key a:b:c --out x.json").exit_code, 2);
  EXPECT_EQ(Vmsim("replay").exit_code, 2);
  auto missing = Vmsim("replay " + (dir / "nothing.json").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("nothing.json: cannot be read"), std::string::npos)
      << missing.output;
  auto not_json = Vmsim("replay " + Fixture("clients/capture.py"));
  EXPECT_EQ(not_json.exit_code, 2);
  EXPECT_NE(not_json.output.find("capture.py: not valid JSON"), std::string::npos)
      << not_json.output;
}
