#include "core/units.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <variant>

namespace vmsim::core {
namespace {

__extension__ typedef __int128 Int128;

struct Decimal {
  Int128 mantissa = 0;  // the digits, fraction included
  int fraction_digits = 0;
};

// More digits than any exact int64 quantity needs. With at most this many, every
// intermediate below (10^36 times a unit factor after cancelling) fits in an Int128.
constexpr int kMaxDigits = 36;

Int128 Pow10(int n) {
  Int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

Int128 Gcd(Int128 a, Int128 b) {
  while (b != 0) {
    const Int128 r = a % b;
    a = b;
    b = r;
  }
  return a;
}

enum class ReadError { kNoDigits, kTooManyDigits };

// Reads "123" or "1.25" from the front of `text`; advances `pos`.
std::variant<Decimal, ReadError> ReadDecimal(std::string_view text, size_t& pos) {
  Decimal d;
  int digits = 0;
  bool seen_point = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c >= '0' && c <= '9') {
      if (++digits > kMaxDigits) continue;  // keep consuming, reject below
      d.mantissa = d.mantissa * 10 + (c - '0');
      if (seen_point) ++d.fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (digits == 0) return ReadError::kNoDigits;
  if (digits > kMaxDigits) return ReadError::kTooManyDigits;
  return d;
}

enum class Scaled { kOk, kNotWhole, kTooLarge };

// d * factor as a whole number in `out`, exactly. Common factors of the unit and the
// fraction's power of ten cancel first, so no intermediate overflows.
Scaled Scale(const Decimal& d, int64_t factor, int64_t& out) {
  Int128 divisor = Pow10(d.fraction_digits);
  Int128 f = factor;
  const Int128 g = Gcd(f, divisor);
  f /= g;
  divisor /= g;
  if (d.mantissa % divisor != 0) return Scaled::kNotWhole;
  const Int128 whole = d.mantissa / divisor;
  if (whole > std::numeric_limits<int64_t>::max() / f) return Scaled::kTooLarge;
  out = static_cast<int64_t>(whole * f);
  return Scaled::kOk;
}

std::optional<int64_t> SizeUnitFactor(std::string_view unit) {
  struct Entry {
    std::string_view name;
    int64_t factor;
  };
  static constexpr std::array<Entry, 12> kUnits = {{
      {"B", 1},
      {"kB", 1000},
      {"KB", 1000},
      {"MB", 1000000},
      {"GB", kBytesPerGB},
      {"TB", kBytesPerGB * 1000},
      {"PB", kBytesPerGB * 1000000},
      {"KiB", 1024},
      {"MiB", kBytesPerMiB},
      {"GiB", kBytesPerMiB * 1024},
      {"TiB", kBytesPerMiB * 1024 * 1024},
      {"PiB", kBytesPerMiB * 1024 * 1024 * 1024},
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
  if (std::holds_alternative<ReadError>(number)) {
    if (std::get<ReadError>(number) == ReadError::kTooManyDigits) {
      return Invalid("invalid size " + Quote(text) + ": too many digits");
    }
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
  int64_t bytes = 0;
  switch (Scale(std::get<Decimal>(number), factor, bytes)) {
    case Scaled::kOk:
      return bytes;
    case Scaled::kNotWhole:
      return Invalid("invalid size " + Quote(text) + ": not a whole number of bytes");
    case Scaled::kTooLarge:
      break;
  }
  return Invalid("invalid size " + Quote(text) + ": too large");
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
  struct Entry {
    std::string_view name;
    int64_t micros;
  };
  static constexpr std::array<Entry, 7> kUnits = {{
      {"us", 1},
      {"ms", 1000},
      {"s", 1000000},
      {"m", 60000000LL},
      {"h", 3600000000LL},
      {"d", 86400000000LL},
      {"w", 604800000000LL},
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
    if (std::holds_alternative<ReadError>(number)) {
      const bool too_long = std::get<ReadError>(number) == ReadError::kTooManyDigits;
      return bad(too_long ? "too many digits" : "expected a number");
    }
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
    int64_t micros = 0;
    switch (Scale(std::get<Decimal>(number), found->micros, micros)) {
      case Scaled::kOk:
        break;
      case Scaled::kNotWhole:
        return bad("finer than a microsecond");
      case Scaled::kTooLarge:
        return bad("too long");
    }
    total += micros;  // each term fits in int64, so the Int128 sum cannot overflow
    if (total > std::numeric_limits<int64_t>::max()) return bad("too long");
    pos = unit_end;
  }
  return Duration::Micros(static_cast<int64_t>(total));
}

namespace {

// The exact decimal: 8589934592 -> "8.589934592". REQUIRES: bytes >= 0.
std::string ExactDecimalGB(int64_t bytes) {
  std::string out = std::to_string(bytes / kBytesPerGB);
  const int64_t frac = bytes % kBytesPerGB;
  if (frac != 0) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%09lld", static_cast<long long>(frac));
    std::string f(digits);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

// MAAS's reading of a storage size, int(float(s) * 1000**3), for a double already parsed.
// REQUIRES: 0 <= gb < 2^53 / 1e9, so the product converts to int64 without overflow.
int64_t MaasBytes(double gb) { return static_cast<int64_t>(gb * 1e9); }

}  // namespace

std::string FormatDecimalGB(int64_t bytes) {
  if (bytes < 0) {
    // Negate in unsigned arithmetic so that INT64_MIN does not overflow.
    const uint64_t magnitude = 0 - static_cast<uint64_t>(bytes);
    const std::string whole = std::to_string(magnitude / kBytesPerGB);
    const std::string frac = ExactDecimalGB(static_cast<int64_t>(magnitude % kBytesPerGB));
    return "-" + whole + frac.substr(1);  // frac is "0" or "0.xxx"
  }
  std::string exact = ExactDecimalGB(bytes);
  // Most byte counts are not a double in GB: "0.01572864" (15 MiB) reads back as 15728639.
  // Then render the nearest double above the exact value whose product MAAS truncates to
  // `bytes`; past 2^53 bytes a double cannot hold every count, so keep the exact text.
  constexpr int64_t kExactDoubleLimit = int64_t{1} << 53;
  if (bytes >= kExactDoubleLimit) return exact;
  double gb = 0;
  std::from_chars(exact.data(), exact.data() + exact.size(), gb);
  if (MaasBytes(gb) == bytes) return exact;
  for (int step = 0; step < 64 && MaasBytes(gb) < bytes; ++step) {
    gb = std::nextafter(gb, std::numeric_limits<double>::infinity());
  }
  if (MaasBytes(gb) != bytes) return exact;
  // Shortest fixed-point text that parses back to exactly `gb`: no exponent, which MAAS's
  // [0-9.]+ would reject.
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, gb, std::chars_format::fixed);
  if (ec != std::errc()) return exact;
  return std::string(buf, end);
}

std::string FormatBytes(int64_t bytes) {
  struct Entry {
    std::string_view name;
    int64_t factor;
  };
  static constexpr std::array<Entry, 8> kUnits = {{
      {"PiB", kBytesPerMiB * 1024 * 1024 * 1024},
      {"TiB", kBytesPerMiB * 1024 * 1024},
      {"GiB", kBytesPerMiB * 1024},
      {"MiB", kBytesPerMiB},
      {"PB", kBytesPerGB * 1000000},
      {"TB", kBytesPerGB * 1000},
      {"GB", kBytesPerGB},
      {"MB", 1000000},
  }};
  if (bytes == 0) return "0B";
  for (const auto& e : kUnits) {
    if (bytes % e.factor == 0) return std::to_string(bytes / e.factor) + std::string(e.name);
  }
  return std::to_string(bytes) + "B";
}

}  // namespace vmsim::core
