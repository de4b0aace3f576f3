#include "core/units.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <limits>
#include <optional>

namespace vmsim::core {
namespace {

__extension__ typedef __int128 Int128;

struct Decimal {
  Int128 mantissa = 0;  // the digits, fraction included
  int fraction_digits = 0;
};

Int128 Pow10(int n) {
  Int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Reads "123" or "1.25" from the front of `text`; advances `pos`.
std::optional<Decimal> ReadDecimal(std::string_view text, size_t& pos) {
  Decimal d;
  bool any_digit = false, seen_point = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (d.mantissa > Pow10(30)) return std::nullopt;  // far beyond any int64 quantity
      d.mantissa = d.mantissa * 10 + (c - '0');
      if (seen_point) ++d.fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  return d;
}

std::optional<int64_t> SizeUnitFactor(std::string_view unit) {
  struct Entry { std::string_view name; int64_t factor; };
  static constexpr std::array<Entry, 12> kUnits = {{
      {"B", 1}, {"kB", 1000}, {"KB", 1000}, {"MB", 1000000}, {"GB", kBytesPerGB},
      {"TB", kBytesPerGB * 1000}, {"PB", kBytesPerGB * 1000000}, {"KiB", 1024}, {"MiB", kBytesPerMiB},
      {"GiB", kBytesPerMiB * 1024}, {"TiB", kBytesPerMiB * 1024 * 1024}, {"PiB", kBytesPerMiB * 1024 * 1024 * 1024},
  }};
  for (const auto& e : kUnits) {
    if (e.name == unit) return e.factor;
  }
  return std::nullopt;
}

Status Invalid(std::string message) {
  return Status(ErrorKind::kInvalidRequest, std::move(message));
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

Result<int64_t> ParseBytes(std::string_view text, BareUnit bare) {
  size_t pos = 0;
  const auto number = ReadDecimal(text, pos);
  if (!number) {
    return Invalid("invalid size " + Quote(text) +
                   ": expected a number and a unit, such as \"20GB\" or \"8GiB\"");
  }
  const std::string_view unit = text.substr(pos);
  int64_t factor = 1;
  if (unit.empty()) {
    factor = bare == BareUnit::kBytes ? 1 : bare == BareUnit::kMiB ? kBytesPerMiB : kBytesPerGB;
  } else if (auto f = SizeUnitFactor(unit)) {
    factor = *f;
  } else {
    return Invalid("invalid size " + Quote(text) + ": unknown unit " + Quote(unit) +
                   " (use B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB or PiB)");
  }
  const Int128 scaled = number->mantissa * factor;
  const Int128 divisor = Pow10(number->fraction_digits);
  if (scaled % divisor != 0) {
    return Invalid("invalid size " + Quote(text) + ": not a whole number of bytes");
  }
  const Int128 bytes = scaled / divisor;
  if (bytes > std::numeric_limits<int64_t>::max()) {
    return Invalid("invalid size " + Quote(text) + ": too large");
  }
  return static_cast<int64_t>(bytes);
}

Result<int64_t> ParseMemoryMiB(std::string_view text) {
  auto bytes = ParseBytes(text, BareUnit::kMiB);
  if (!bytes.ok()) return bytes.status();
  if (*bytes % kBytesPerMiB != 0) {
    char mib[64];
    std::snprintf(mib, sizeof mib, "%.2f", static_cast<double>(*bytes) / kBytesPerMiB);
    return Invalid("invalid memory size " + Quote(text) + ": MAAS counts memory in whole MiB and " +
                   std::string(text) + " is " + mib +
                   " MiB; use a binary unit (\"8GiB\") or plain MiB (\"8192\")");
  }
  return *bytes / kBytesPerMiB;
}

Result<Duration> ParseDuration(std::string_view text) {
  struct Entry { std::string_view name; int64_t micros; };
  static constexpr std::array<Entry, 7> kUnits = {{
      {"us", 1}, {"ms", 1000}, {"s", 1000000}, {"m", 60000000LL},
      {"h", 3600000000LL}, {"d", 86400000000LL}, {"w", 604800000000LL},
  }};
  const auto bad = [&](std::string_view why) {
    return Invalid("invalid duration " + Quote(text) + ": " + std::string(why) +
                   " (expected e.g. \"250ms\", \"90s\", \"15m\", \"1h30m\", \"7d\")");
  };
  if (text.empty()) return bad("empty");
  Int128 total = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto number = ReadDecimal(text, pos);
    if (!number) return bad("expected a number");
    size_t unit_end = pos;
    while (unit_end < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_end]))) {
      ++unit_end;
    }
    const std::string_view unit = text.substr(pos, unit_end - pos);
    if (unit.empty()) return bad("a unit is required");
    const Entry* found = nullptr;
    for (const auto& e : kUnits) {
      if (e.name == unit) found = &e;
    }
    if (found == nullptr) return bad("unknown unit \"" + std::string(unit) + "\"");
    const Int128 scaled = number->mantissa * found->micros;
    const Int128 divisor = Pow10(number->fraction_digits);
    if (scaled % divisor != 0) return bad("finer than a microsecond");
    total += scaled / divisor;
    if (total > std::numeric_limits<int64_t>::max()) return bad("too long");
    pos = unit_end;
  }
  return Duration::Micros(static_cast<int64_t>(total));
}

std::string FormatDecimalGB(int64_t bytes) {
  std::string out = std::to_string(bytes / kBytesPerGB);
  int64_t frac = bytes % kBytesPerGB;
  if (frac != 0) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%09lld", static_cast<long long>(frac));
    std::string f(digits);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

std::string FormatBytes(int64_t bytes) {
  struct Entry { std::string_view name; int64_t factor; };
  static constexpr std::array<Entry, 8> kUnits = {{
      {"PiB", kBytesPerMiB * 1024 * 1024 * 1024}, {"TiB", kBytesPerMiB * 1024 * 1024}, {"GiB", kBytesPerMiB * 1024},
      {"MiB", kBytesPerMiB}, {"PB", kBytesPerGB * 1000000}, {"TB", kBytesPerGB * 1000}, {"GB", kBytesPerGB}, {"MB", 1000000},
  }};
  if (bytes == 0) return "0B";
  for (const auto& e : kUnits) {
    if (bytes % e.factor == 0) return std::to_string(bytes / e.factor) + std::string(e.name);
  }
  return std::to_string(bytes) + "B";
}


}  // namespace vmsim::core
