// JUnit XML for `vmsim check`: one testsuite per scenario, one testcase per (seed, expectation);
// a failure's text holds the observed value and the command that replays it. Pure function.
#ifndef VMSIM_SIM_OUTPUT_JUNIT_H_
#define VMSIM_SIM_OUTPUT_JUNIT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace vmsim::sim {

struct CheckCase {
  std::string scenario;  // the scenario's name
  std::string file;
  uint64_t seed = 0;
  std::string expectation;
  bool passed = false;
  std::string detail;  // the verdict: "observed 3, expected <= 0"
  double seconds = 0;  // wall time of the run, shared by its cases
};

// "vmsim run FILE --seed S": the one line that reproduces a case.
std::string ReplayCommand(const CheckCase& c);

// `s` with & < > " ' as entities: safe in XML and HTML text and attribute values.
std::string XmlEscape(const std::string& s);

std::string JUnitXml(const std::vector<CheckCase>& cases);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_OUTPUT_JUNIT_H_
