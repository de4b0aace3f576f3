// Pins how sizes and durations are read and written: decimal GB as MAAS reads storage,
// binary units for memory, and the decimal-GB rendering MAAS reads back with a double.
#include "core/units.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <charconv>
#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>

#include "core/rng.h"
#include "core/time.h"

namespace vmsim::core {

void PrintTo(const Duration& d, std::ostream* os) { *os << d.micros() << "us"; }

namespace {

using ::testing::HasSubstr;

constexpr int64_t kGiB = kBytesPerMiB * 1024;

// MAAS's reading of a storage size: int(float(s) * 1000**3).
int64_t AsMaasReadsIt(const std::string& s) {
  double gb = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), gb);
  EXPECT_TRUE(ec == std::errc() && end == s.data() + s.size()) << "not a number: " << s;
  return static_cast<int64_t>(gb * 1e9);
}

// MAAS's storage regex accepts only [0-9.]+ as a size: no exponent, no sign.
bool IsPlainDecimal(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(c == '.' || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// --- ParseBytes -------------------------------------------------------------------------

TEST(ParseBytes, DecimalGigabytesAreMaasStorageUnits) {
  auto r = ParseBytes("20GB", BareUnit::kBytes);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, 20'000'000'000);
}

TEST(ParseBytes, BinaryGibibytesArePowersOf1024) {
  auto r = ParseBytes("8GiB", BareUnit::kBytes);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, 8 * kGiB);
}

TEST(ParseBytes, EveryUnitHasItsFactor) {
  struct Case {
    std::string_view text;
    int64_t bytes;
  };
  const Case cases[] = {
      {"100B", 100},
      {"3kB", 3'000},
      {"3KB", 3'000},
      {"3MB", 3'000'000},
      {"3GB", 3'000'000'000},
      {"3TB", 3'000'000'000'000},
      {"3PB", 3'000'000'000'000'000},
      {"3KiB", 3 * 1024},
      {"512MiB", 512 * kBytesPerMiB},
      {"3GiB", 3 * kGiB},
      {"3TiB", 3 * kGiB * 1024},
      {"3PiB", 3 * kGiB * 1024 * 1024},
  };
  for (const Case& c : cases) {
    auto r = ParseBytes(c.text, BareUnit::kBytes);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.status().ToString();
    EXPECT_EQ(*r, c.bytes) << c.text;
  }
}

TEST(ParseBytes, FractionsAreExact) {
  auto tb = ParseBytes("1.5TB", BareUnit::kBytes);
  ASSERT_TRUE(tb.ok()) << tb.status().ToString();
  EXPECT_EQ(*tb, 1'500'000'000'000);

  auto gib = ParseBytes("0.5GiB", BareUnit::kBytes);
  ASSERT_TRUE(gib.ok()) << gib.status().ToString();
  EXPECT_EQ(*gib, 512 * kBytesPerMiB);

  // 0.1 is not a double; integer arithmetic must still give exactly 100 MB.
  auto tenth = ParseBytes("0.1GB", BareUnit::kBytes);
  ASSERT_TRUE(tenth.ok()) << tenth.status().ToString();
  EXPECT_EQ(*tenth, 100'000'000);
}

TEST(ParseBytes, TrailingZerosInTheFractionDoNotMatter) {
  auto r = ParseBytes("1.000000000000000000000000000000PiB", BareUnit::kBytes);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, kGiB * 1024 * 1024);
}

TEST(ParseBytes, BareNumbersAreInTheUnitTheCallerNames) {
  auto bytes = ParseBytes("4096", BareUnit::kBytes);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, 4096);

  auto mib = ParseBytes("4096", BareUnit::kMiB);
  ASSERT_TRUE(mib.ok());
  EXPECT_EQ(*mib, 4096 * kBytesPerMiB);

  auto gb = ParseBytes("30", BareUnit::kGB);
  ASSERT_TRUE(gb.ok());
  EXPECT_EQ(*gb, 30'000'000'000);

  auto fractional_gb = ParseBytes("1.5", BareUnit::kGB);
  ASSERT_TRUE(fractional_gb.ok());
  EXPECT_EQ(*fractional_gb, 1'500'000'000);
}

TEST(ParseBytes, UnknownUnitIsRejectedWithTheUnitsThatExist) {
  auto r = ParseBytes("20XB", BareUnit::kBytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_THAT(r.status().message(), HasSubstr("\"20XB\""));
  EXPECT_THAT(r.status().message(), HasSubstr("unknown unit \"XB\""));
  EXPECT_THAT(r.status().message(), HasSubstr("GiB"));
}

TEST(ParseBytes, UnitsAreCaseSensitive) {
  // "gb" could be read as gigabits or gigabytes; MAAS-style units are spelled exactly.
  EXPECT_FALSE(ParseBytes("20gb", BareUnit::kBytes).ok());
  EXPECT_FALSE(ParseBytes("8gib", BareUnit::kBytes).ok());
}

TEST(ParseBytes, EmptyTextIsRejected) {
  auto r = ParseBytes("", BareUnit::kGB);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_THAT(r.status().message(), HasSubstr("expected a number"));
}

TEST(ParseBytes, GarbageIsRejected) {
  for (std::string_view text : {"abc", "GB", "-5GB", " 5GB", "5 GB", ".", "1.2.3GB", "20GB "}) {
    auto r = ParseBytes(text, BareUnit::kGB);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest) << text;
    EXPECT_THAT(r.status().message(), HasSubstr("invalid size")) << text;
  }
}

TEST(ParseBytes, FractionOfAByteIsRejected) {
  for (std::string_view text : {"1.5B", "0.0001kB", "1.0000000001GB", "0.3"}) {
    auto r = ParseBytes(text, BareUnit::kBytes);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_THAT(r.status().message(), HasSubstr("not a whole number of bytes")) << text;
  }
}

TEST(ParseBytes, LargestInt64IsAcceptedAndOneMoreIsTooLarge) {
  auto max = ParseBytes("9223372036854775807", BareUnit::kBytes);
  ASSERT_TRUE(max.ok()) << max.status().ToString();
  EXPECT_EQ(*max, std::numeric_limits<int64_t>::max());

  auto over = ParseBytes("9223372036854775808", BareUnit::kBytes);
  ASSERT_FALSE(over.ok());
  EXPECT_THAT(over.status().message(), HasSubstr("too large"));
}

TEST(ParseBytes, OverflowIsAnErrorNotWrapAround) {
  for (std::string_view text : {"10000PB", "9000PiB", "99999999999999999999999999999PiB",
                                "9999999999999999999999999999999999GiB"}) {
    auto r = ParseBytes(text, BareUnit::kBytes);
    EXPECT_FALSE(r.ok()) << text << " gave " << (r.ok() ? *r : 0);
  }
  auto r = ParseBytes("99999999999999999999999999999PiB", BareUnit::kBytes);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("too large"));
}

TEST(ParseBytes, AbsurdlyLongNumbersAreRejectedWithoutOverflow) {
  const std::string tiny = "0." + std::string(60, '0') + "1GB";
  auto r = ParseBytes(tiny, BareUnit::kBytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest);

  const std::string huge = std::string(60, '9') + "B";
  auto h = ParseBytes(huge, BareUnit::kBytes);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().kind(), ErrorKind::kInvalidRequest);
}

// --- ParseMemoryMiB ---------------------------------------------------------------------

TEST(ParseMemoryMiB, BinaryUnitsConvertToMiB) {
  auto r = ParseMemoryMiB("8GiB");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, 8192);

  auto half = ParseMemoryMiB("512MiB");
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(*half, 512);
}

TEST(ParseMemoryMiB, BareNumbersAreMiB) {
  auto r = ParseMemoryMiB("4096");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, 4096);
}

TEST(ParseMemoryMiB, DecimalGigabytesAreRejectedWithAHintForGiB) {
  auto r = ParseMemoryMiB("8GB");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_THAT(r.status().message(), HasSubstr("\"8GB\""));
  EXPECT_THAT(r.status().message(), HasSubstr("whole MiB"));
  EXPECT_THAT(r.status().message(), HasSubstr("7629.39"));  // what 8GB is in MiB
  EXPECT_THAT(r.status().message(), HasSubstr("GiB"));
}

TEST(ParseMemoryMiB, ParseErrorsPassThrough) {
  auto r = ParseMemoryMiB("lots");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("invalid size"));
}

// --- ParseDuration ----------------------------------------------------------------------

TEST(ParseDuration, SingleUnits) {
  struct Case {
    std::string_view text;
    Duration want;
  };
  const Case cases[] = {
      {"100us", Duration::Micros(100)}, {"250ms", Duration::Millis(250)},
      {"90s", Duration::Seconds(90)},   {"15m", Duration::Minutes(15)},
      {"12h", Duration::Hours(12)},     {"7d", Duration::Days(7)},
      {"2w", Duration::Days(14)},       {"0s", Duration()},
  };
  for (const Case& c : cases) {
    auto r = ParseDuration(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.status().ToString();
    EXPECT_EQ(*r, c.want) << c.text;
  }
}

TEST(ParseDuration, CompoundDurationsAdd) {
  auto r = ParseDuration("1h30m");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, Duration::Minutes(90));

  auto all = ParseDuration("1d2h3m4s5ms6us");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(*all, Duration::Days(1) + Duration::Hours(2) + Duration::Minutes(3) +
                      Duration::Seconds(4) + Duration::Millis(5) + Duration::Micros(6));
}

TEST(ParseDuration, FractionsAreExact) {
  auto r = ParseDuration("1.5h");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, Duration::Minutes(90));

  auto ms = ParseDuration("0.001s");
  ASSERT_TRUE(ms.ok());
  EXPECT_EQ(*ms, Duration::Millis(1));
}

TEST(ParseDuration, UnitIsRequired) {
  for (std::string_view text : {"90", "1h30"}) {
    auto r = ParseDuration(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest);
    EXPECT_THAT(r.status().message(), HasSubstr("a unit is required")) << text;
    EXPECT_THAT(r.status().message(), HasSubstr("\"" + std::string(text) + "\"")) << text;
  }
}

TEST(ParseDuration, UnknownUnitIsRejected) {
  auto r = ParseDuration("5sec");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_THAT(r.status().message(), HasSubstr("unknown unit \"sec\""));
  EXPECT_THAT(r.status().message(), HasSubstr("90s"));  // the examples of what works
}

TEST(ParseDuration, EmptyIsRejected) {
  auto r = ParseDuration("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest);
  EXPECT_THAT(r.status().message(), HasSubstr("empty"));
}

TEST(ParseDuration, GarbageIsRejected) {
  for (std::string_view text : {"h", "-5s", " 5s", "5s ", "1.2.3s", "abc"}) {
    auto r = ParseDuration(text);
    EXPECT_FALSE(r.ok()) << text;
  }
}

TEST(ParseDuration, SubMicrosecondIsRejected) {
  for (std::string_view text : {"0.5us", "1.0001ms", "0.0000001s"}) {
    auto r = ParseDuration(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_THAT(r.status().message(), HasSubstr("finer than a microsecond")) << text;
  }
}

TEST(ParseDuration, OverflowIsRejected) {
  for (std::string_view text :
       {"9999999999999999999us", "999999999999999999999999999999w", "106751991d106751991d"}) {
    auto r = ParseDuration(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_THAT(r.status().message(), HasSubstr("too long")) << text;
  }
}

// --- FormatDecimalGB --------------------------------------------------------------------

TEST(FormatDecimalGB, WholeGigabytesHaveNoFraction) {
  EXPECT_EQ(FormatDecimalGB(20'000'000'000), "20");
  EXPECT_EQ(FormatDecimalGB(0), "0");
  for (int64_t gb = 1; gb <= 2000; ++gb) {
    ASSERT_EQ(FormatDecimalGB(gb * kBytesPerGB), std::to_string(gb));
  }
}

TEST(FormatDecimalGB, BinarySizesAreExactDecimals) {
  EXPECT_EQ(FormatDecimalGB(8 * kGiB), "8.589934592");
  EXPECT_EQ(FormatDecimalGB(1'500'000'000), "1.5");
  EXPECT_EQ(FormatDecimalGB(1), "0.000000001");
}

TEST(FormatDecimalGB, MaasReadsEveryMebibyteMultipleBackExactly) {
  int checked = 0;
  for (int64_t b = kBytesPerMiB; b <= 64 * kGiB; b += 7 * kBytesPerMiB) {
    const std::string s = FormatDecimalGB(b);
    ASSERT_TRUE(IsPlainDecimal(s)) << b << " -> " << s;
    ASSERT_EQ(AsMaasReadsIt(s), b) << b << " -> " << s;
    ++checked;
  }
  EXPECT_GT(checked, 9000);
}

TEST(FormatDecimalGB, MaasReadsSmallAndRandomSizesBackExactly) {
  // 15 MiB is the first multiple of a MiB whose exact decimal ("0.01572864") MAAS reads
  // back one byte short; the same happens for many small byte counts.
  EXPECT_EQ(AsMaasReadsIt(FormatDecimalGB(15 * kBytesPerMiB)), 15 * kBytesPerMiB);
  for (int64_t b = 1; b <= 100'000; ++b) {
    const std::string s = FormatDecimalGB(b);
    ASSERT_TRUE(IsPlainDecimal(s)) << b << " -> " << s;
    ASSERT_EQ(AsMaasReadsIt(s), b) << b << " -> " << s;
  }
  Rng rng(7);
  for (int i = 0; i < 100'000; ++i) {
    const int64_t b = rng.UniformInt(1, int64_t{1} << 50);  // up to 1 PiB
    const std::string s = FormatDecimalGB(b);
    ASSERT_TRUE(IsPlainDecimal(s)) << b << " -> " << s;
    ASSERT_EQ(AsMaasReadsIt(s), b) << b << " -> " << s;
  }
}

TEST(FormatDecimalGB, ExactDecimalIsKeptWhenMaasReadsItBack) {
  // Only byte counts the exact decimal would lose get the longer rendering.
  for (int64_t b = 1; b <= 64 * kGiB; b += 12'345'677) {
    const std::string s = FormatDecimalGB(b);
    std::string exact = std::to_string(b / kBytesPerGB);
    if (b % kBytesPerGB != 0) {
      std::string frac = std::to_string(b % kBytesPerGB);
      frac.insert(0, 9 - frac.size(), '0');
      while (frac.back() == '0') frac.pop_back();
      exact += "." + frac;
    }
    if (AsMaasReadsIt(exact) == b) {
      ASSERT_EQ(s, exact) << b;
    } else {
      ASSERT_EQ(s.rfind(exact, 0), 0u) << b << ": " << s << " does not extend " << exact;
    }
  }
}

// --- FormatBytes ------------------------------------------------------------------------

TEST(FormatBytes, PicksTheLargestExactUnit) {
  EXPECT_EQ(FormatBytes(0), "0B");
  EXPECT_EQ(FormatBytes(20'000'000'000), "20GB");
  EXPECT_EQ(FormatBytes(8 * kGiB), "8GiB");
  EXPECT_EQ(FormatBytes(512 * kBytesPerMiB), "512MiB");
  EXPECT_EQ(FormatBytes(3 * kGiB * 1024), "3TiB");
  EXPECT_EQ(FormatBytes(kGiB * 1024 * 1024), "1PiB");
  EXPECT_EQ(FormatBytes(2'000'000'000'000'000), "2PB");
  EXPECT_EQ(FormatBytes(7'000'000'000'000), "7TB");
  EXPECT_EQ(FormatBytes(5'000'000), "5MB");
  EXPECT_EQ(FormatBytes(1'500'000'000'000), "1500GB");
  EXPECT_EQ(FormatBytes(123), "123B");
  EXPECT_EQ(FormatBytes(1024), "1024B");
}

TEST(FormatBytes, ParsesBackToTheSameByteCount) {
  Rng rng(11);
  for (int i = 0; i < 20'000; ++i) {
    // Mix exact unit multiples with arbitrary counts.
    const int64_t unit = i % 3 == 0 ? kBytesPerMiB : i % 3 == 1 ? kBytesPerGB : 1;
    const int64_t b = rng.UniformInt(0, int64_t{1} << 30) * unit;
    const std::string s = FormatBytes(b);
    auto back = ParseBytes(s, BareUnit::kBytes);
    ASSERT_TRUE(back.ok()) << b << " -> " << s << ": " << back.status().ToString();
    ASSERT_EQ(*back, b) << s;
  }
}

// --- FormatDuration ---------------------------------------------------------------------

TEST(FormatDuration, UsesTheLargestUnitsFirst) {
  EXPECT_EQ(FormatDuration(Duration()), "0s");
  EXPECT_EQ(FormatDuration(Duration::Seconds(90)), "1m30s");
  EXPECT_EQ(FormatDuration(Duration::Minutes(15)), "15m");
  EXPECT_EQ(FormatDuration(Duration::Hours(12)), "12h");
  EXPECT_EQ(FormatDuration(Duration::Days(7)), "7d");
  EXPECT_EQ(FormatDuration(Duration::Minutes(90)), "1h30m");
  EXPECT_EQ(FormatDuration(Duration::Millis(250)), "250ms");
  EXPECT_EQ(FormatDuration(Duration::Micros(100)), "100us");
  EXPECT_EQ(FormatDuration(Duration::Micros(1'000'001)), "1s1us");
}

TEST(FormatDuration, NegativeDurationsCarryASign) {
  EXPECT_EQ(FormatDuration(Duration::Seconds(-90)), "-1m30s");
  // The most negative duration must not overflow when negated.
  const std::string min = FormatDuration(Duration::Micros(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(min.front(), '-');
  EXPECT_EQ(min.back(), 's');
}

TEST(FormatDuration, ParseDurationReadsItBack) {
  Rng rng(3);
  for (int i = 0; i < 20'000; ++i) {
    const Duration d = Duration::Micros(rng.UniformInt(0, int64_t{1} << 50));
    const std::string s = FormatDuration(d);
    auto back = ParseDuration(s);
    ASSERT_TRUE(back.ok()) << s << ": " << back.status().ToString();
    ASSERT_EQ(*back, d) << s;
  }
}

}  // namespace
}  // namespace vmsim::core
