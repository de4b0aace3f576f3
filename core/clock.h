// The clock seam: core/ and fakes/ read time only through a Clock passed in.
// A simulation passes ManualClock (below) driven by the event loop; production passes
// a real clock. Implementations state their own thread safety.
#ifndef VMSIM_CORE_CLOCK_H_
#define VMSIM_CORE_CLOCK_H_

#include "core/time.h"

namespace vmsim::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Returns the current time. Never decreases between calls.
  virtual Timestamp Now() const = 0;
};

// A clock that moves only when told to. Thread-compatible (not thread-safe).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start = Timestamp()) : now_(start) {}
  Timestamp Now() const override { return now_; }
  // REQUIRES: t >= Now().
  void AdvanceTo(Timestamp t);
  void Advance(Duration d) { AdvanceTo(now_ + d); }

 private:
  Timestamp now_;
};

}  // namespace vmsim::core

#endif  // VMSIM_CORE_CLOCK_H_
