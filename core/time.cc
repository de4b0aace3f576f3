#include "core/time.h"

#include <array>
#include <string_view>

namespace vmsim::core {

std::string FormatDuration(Duration d) {
  struct Entry { std::string_view name; int64_t micros; };
  static constexpr std::array<Entry, 6> kUnits = {{
      {"d", 86400000000LL}, {"h", 3600000000LL}, {"m", 60000000LL},
      {"s", 1000000}, {"ms", 1000}, {"us", 1},
  }};
  int64_t us = d.micros();
  if (us == 0) return "0s";
  std::string out = us < 0 ? "-" : "";
  if (us < 0) us = -us;
  for (const auto& e : kUnits) {
    if (us >= e.micros) {
      out += std::to_string(us / e.micros) + std::string(e.name);
      us %= e.micros;
    }
  }
  return out;
}

}  // namespace vmsim::core
