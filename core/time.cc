#include "core/time.h"

#include <array>
#include <string_view>

namespace vmsim::core {

std::string FormatDuration(Duration d) {
  struct Entry {
    std::string_view name;
    int64_t micros;
  };
  static constexpr std::array<Entry, 6> kUnits = {{
      {"d", 86400000000LL},
      {"h", 3600000000LL},
      {"m", 60000000LL},
      {"s", 1000000},
      {"ms", 1000},
      {"us", 1},
  }};
  if (d.micros() == 0) return "0s";
  std::string out = d.micros() < 0 ? "-" : "";
  // The magnitude in unsigned arithmetic: negating INT64_MIN as int64_t would overflow.
  uint64_t us = static_cast<uint64_t>(d.micros());
  if (d.micros() < 0) us = 0 - us;
  for (const auto& e : kUnits) {
    const uint64_t unit = static_cast<uint64_t>(e.micros);
    if (us >= unit) {
      out += std::to_string(us / unit) + std::string(e.name);
      us %= unit;
    }
  }
  return out;
}

}  // namespace vmsim::core
