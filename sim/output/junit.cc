#include "sim/output/junit.h"

#include <cstdio>
#include <map>

namespace vmsim::sim {

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

}  // namespace

std::string ReplayCommand(const CheckCase& c) {
  return "vmsim run " + c.file + " --seed " + std::to_string(c.seed);
}

std::string JUnitXml(const std::vector<CheckCase>& cases) {
  std::map<std::string, std::vector<const CheckCase*>> suites;  // by file, in name order
  size_t failures = 0;
  for (const auto& c : cases) {
    suites[c.file].push_back(&c);
    failures += !c.passed;
  }
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vmsim check\" tests=\"" +
      std::to_string(cases.size()) + "\" failures=\"" + std::to_string(failures) + "\">\n";
  for (const auto& [file, list] : suites) {
    size_t suite_failures = 0;
    for (const auto* c : list) suite_failures += !c->passed;
    xml += "  <testsuite name=\"" + XmlEscape(list.front()->scenario) + "\" file=\"" +
           XmlEscape(file) + "\" tests=\"" + std::to_string(list.size()) + "\" failures=\"" +
           std::to_string(suite_failures) + "\">\n";
    for (const auto* c : list) {
      xml += "    <testcase classname=\"" +
             XmlEscape(c->scenario + ".seed-" + std::to_string(c->seed)) + "\" name=\"" +
             XmlEscape(c->expectation) + "\" time=\"" + Seconds(c->seconds) + "\"";
      if (c->passed) {
        xml += "/>\n";
      } else {
        xml += ">\n      <failure message=\"" + XmlEscape(c->detail) + "\">" +
               XmlEscape(c->detail) + "\nreplay: " + XmlEscape(ReplayCommand(*c)) +
               "</failure>\n    </testcase>\n";
      }
    }
    xml += "  </testsuite>\n";
  }
  return xml + "</testsuites>\n";
}

}  // namespace vmsim::sim
