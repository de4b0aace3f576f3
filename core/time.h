// Simulated and real time as integer microseconds: never a double, so arithmetic is exact
// and identical on every compiler. Value types; thread-compatible.
#ifndef VMSIM_CORE_TIME_H_
#define VMSIM_CORE_TIME_H_

#include <compare>
#include <cstdint>
#include <string>

namespace vmsim::core {

// A signed span of time in microseconds.
class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration Micros(int64_t us) { return Duration(us); }
  static constexpr Duration Millis(int64_t ms) { return Duration(ms * 1000); }
  static constexpr Duration Seconds(int64_t s) { return Duration(s * 1000000); }
  static constexpr Duration Minutes(int64_t m) { return Seconds(m * 60); }
  static constexpr Duration Hours(int64_t h) { return Minutes(h * 60); }
  static constexpr Duration Days(int64_t d) { return Hours(d * 24); }

  constexpr int64_t micros() const { return us_; }
  // Seconds as a double, for reporting only: never feed it back into the simulation.
  constexpr double ToSecondsForReport() const { return static_cast<double>(us_) / 1e6; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return Duration(us_ + o.us_); }
  constexpr Duration operator-(Duration o) const { return Duration(us_ - o.us_); }
  constexpr Duration operator*(int64_t k) const { return Duration(us_ * k); }
  constexpr Duration& operator+=(Duration o) {
    us_ += o.us_;
    return *this;
  }

 private:
  constexpr explicit Duration(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

// A point in time: microseconds since an epoch chosen by the clock (the start of a
// simulation, or the Unix epoch for the real clock).
class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp FromMicros(int64_t us) { return Timestamp(us); }
  constexpr int64_t micros() const { return us_; }

  constexpr auto operator<=>(const Timestamp&) const = default;
  constexpr Timestamp operator+(Duration d) const { return Timestamp(us_ + d.micros()); }
  constexpr Duration operator-(Timestamp o) const { return Duration::Micros(us_ - o.us_); }

 private:
  constexpr explicit Timestamp(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

// "90s", "15m", "1h30m" style rendering of a duration, the inverse of ParseDuration.
std::string FormatDuration(Duration d);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_TIME_H_
