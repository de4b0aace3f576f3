#include "sim/scenario/expectations.h"

#include <array>

namespace vmsim::sim {

bool IsExpectationOp(const std::string& op) {
  static constexpr std::array<std::string_view, 6> kOps = {"==", "!=", "<", "<=", ">", ">="};
  for (auto o : kOps) {
    if (o == op) return true;
  }
  return false;
}

std::string Verdict::Describe() const {
  return "observed " +
         (observed.is_null() ? std::string("nothing (no such metric)") : observed.dump()) +
         ", expected " + expectation->op + " " + expectation->value.dump();
}

std::vector<Verdict> Evaluate(const std::vector<Expectation>& expectations,
                              const nlohmann::ordered_json& summary) {
  std::vector<Verdict> out;
  for (const auto& e : expectations) {
    Verdict v;
    v.expectation = &e;
    const nlohmann::ordered_json::json_pointer pointer(e.metric);
    if (summary.contains(pointer)) v.observed = summary.at(pointer);
    const auto& o = v.observed;
    if (o.is_boolean() && e.value.is_boolean()) {
      v.passed = e.op == "==" ? o == e.value : e.op == "!=" ? o != e.value : false;
    } else if (o.is_number() && e.value.is_number()) {
      const double a = o.get<double>(), b = e.value.get<double>();
      v.passed = e.op == "=="   ? a == b
                 : e.op == "!=" ? a != b
                 : e.op == "<"  ? a < b
                 : e.op == "<=" ? a <= b
                 : e.op == ">"  ? a > b
                                : a >= b;
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace vmsim::sim
