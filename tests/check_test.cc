// Pins expectations (every operator, booleans, missing metrics) and the JUnit XML of
// `vmsim check`; the CLI side (exit codes, replay) is in cli_test.cc.
#include <gtest/gtest.h>

#include "sim/output/junit.h"
#include "sim/scenario/expectations.h"

namespace vmsim::sim {
namespace {

const nlohmann::ordered_json kSummary = {
    {"requests", {{"rejected", {{"total", 3}}}, {"rejection_rate", 0.25}}},
    {"reconciliation", {{"ok", true}}},
    {"faults", {{"compose.transient_503", {{"activations", 2}}}}}};

TEST(Expectations, EveryOperatorComparesNumbers) {
  const std::vector<Expectation> e = {{"eq", "/requests/rejected/total", "==", 3},
                                      {"ne", "/requests/rejected/total", "!=", 3},
                                      {"lt", "/requests/rejection_rate", "<", 0.25},
                                      {"le", "/requests/rejection_rate", "<=", 0.25},
                                      {"gt", "/requests/rejected/total", ">", 2},
                                      {"ge", "/faults/compose.transient_503/activations", ">=", 1}};
  const auto v = Evaluate(e, kSummary);
  const std::vector<bool> expected = {true, false, false, true, true, true};
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].passed, expected[i]) << e[i].name;
}

TEST(Expectations, BooleansAndMissingMetrics) {
  const std::vector<Expectation> e = {{"ok", "/reconciliation/ok", "==", true},
                                      {"bad op on bool", "/reconciliation/ok", "<", true},
                                      {"missing", "/nothing/here", "==", 0},
                                      {"type mismatch", "/reconciliation/ok", "==", 1}};
  const auto v = Evaluate(e, kSummary);
  EXPECT_TRUE(v[0].passed);
  EXPECT_FALSE(v[1].passed);
  EXPECT_FALSE(v[2].passed);
  EXPECT_EQ(v[2].Describe(), "observed nothing (no such metric), expected == 0");
  EXPECT_FALSE(v[3].passed);
  EXPECT_EQ(Evaluate({{"x", "/requests/rejected/total", "<=", 0}}, kSummary)[0].Describe(),
            "observed 3, expected <= 0");
}

TEST(JUnit, OneTestcasePerSeedAndExpectationWithReplayOnFailure) {
  const std::vector<CheckCase> cases = {
      {"s<1>", "scenarios/a.json", 7, "no rejections", false, "observed 3, expected == 0", 0.5},
      {"s<1>", "scenarios/a.json", 7, "reconciled", true, "observed true, expected == true", 0.5}};
  const std::string xml = JUnitXml(cases);
  EXPECT_NE(xml.find(R"(<testsuites name="vmsim check" tests="2" failures="1">)"),
            std::string::npos)
      << xml;
  EXPECT_NE(
      xml.find(R"(<testsuite name="s&lt;1&gt;" file="scenarios/a.json" tests="2" failures="1">)"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<testcase classname="s&lt;1&gt;.seed-7" name="reconciled" time="0.500"/>)"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("replay: vmsim run scenarios/a.json --seed 7</failure>"), std::string::npos)
      << xml;
  EXPECT_EQ(ReplayCommand(cases[0]), "vmsim run scenarios/a.json --seed 7");
}

}  // namespace
}  // namespace vmsim::sim
