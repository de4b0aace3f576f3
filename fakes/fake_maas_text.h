// MAAS's answers as FakeMaas words them: its error shapes (a text body, or Django's form
// errors as JSON) and Python's rendering of a float. Included only by fakes/fake_maas*.cc.
#ifndef VMSIM_FAKES_FAKE_MAAS_TEXT_H_
#define VMSIM_FAKES_FAKE_MAAS_TEXT_H_

#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "core/maas_api.h"

namespace vmsim::fakes {

inline core::MaasError TextError(int status, std::string body) {
  return core::MaasError{status, std::move(body), false, std::nullopt};
}
// A form's error on one field, as Django's form.errors: 400 {"field": ["message"]}.
inline core::MaasError FieldError(const std::string& field, const std::string& message) {
  return core::MaasError{400, nlohmann::json{{field, {message}}}.dump(), true, std::nullopt};
}
inline core::MaasError NoPod() { return TextError(404, "No Pod matches the given query."); }
inline core::MaasError NoMachine() { return TextError(404, "No Machine matches the given query."); }
inline core::MaasError Gone() {
  return TextError(410, "VM host (KVM) support has been removed from MAAS.");
}

// Python's str(float): the shortest round-trip digits, with ".0" for whole numbers.
inline std::string PythonFloat(double v) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, ec == std::errc() ? end : buf);
  if (s.find_first_of(".eni") == std::string::npos) s += ".0";
  return s;
}

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_FAKE_MAAS_TEXT_H_
