// Quantities as people write them, parsed exactly (integer arithmetic, no floating point):
// sizes ("20GB" decimal as MAAS reads storage, "8GiB" binary, bare numbers in a unit the
// caller names) and durations ("90s", "15m", "1h30m", "7d"). Pure functions; thread-safe.
#ifndef VMSIM_CORE_UNITS_H_
#define VMSIM_CORE_UNITS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace vmsim::core {

inline constexpr int64_t kBytesPerMiB = 1024 * 1024;
inline constexpr int64_t kBytesPerGB = 1000 * 1000 * 1000;  // MAAS storage sizes are decimal GB

// What a number without a unit means.
enum class BareUnit { kBytes, kMiB, kGB };

// Parses "20GB", "1.5TB", "8GiB", "512MiB", "100B" or a bare number (in `bare`) into bytes.
// Units: B, kB/KB, MB, GB, TB, PB (powers of 1000); KiB, MiB, GiB, TiB, PiB (powers of 1024).
// Fractions are allowed when the result is a whole number of bytes. Errors (kInvalidRequest)
// name the text and say what was expected.
Result<int64_t> ParseBytes(std::string_view text, BareUnit bare);

// Memory as MAAS counts it, in MiB: "8GiB" -> 8192, "4096" -> 4096. A size that is not a
// whole number of MiB (e.g. "8GB") is an error that suggests the binary unit.
Result<int64_t> ParseMemoryMiB(std::string_view text);

// Parses "250ms", "90s", "15m", "12h", "7d", "1h30m", "1.5h" (also "us"). A unit is required.
Result<Duration> ParseDuration(std::string_view text);

// Bytes as the decimal GB figure MAAS's storage constraint takes: 20000000000 -> "20",
// 8589934592 -> "8.589934592". MAAS reads it back as int(float(s) * 1000**3), and for any
// 0 <= bytes < 2^53 that gives `bytes`: when the exact decimal would read back a byte short
// (15 MiB, "0.01572864", reads as 15728639) the shortest text that reads back exactly is
// used instead ("0.015728640000000002"). Only digits and a point, as MAAS's syntax requires.
std::string FormatDecimalGB(int64_t bytes);

// Bytes for people, in the largest unit that divides them exactly: "20GB", "8GiB",
// "1500GB", else "123B". ParseBytes reads the text back to the same count.
std::string FormatBytes(int64_t bytes);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_UNITS_H_
