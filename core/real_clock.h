// The production clock: microseconds since the Unix epoch, from the system's real-time clock.
// Thread-safe. Simulations never use it; MAAS's OAuth timestamps and `vmsim serve` do.
#ifndef VMSIM_CORE_REAL_CLOCK_H_
#define VMSIM_CORE_REAL_CLOCK_H_

#include "core/clock.h"

namespace vmsim::core {

class RealClock final : public Clock {
 public:
  Timestamp Now() const override;
};

}  // namespace vmsim::core

#endif  // VMSIM_CORE_REAL_CLOCK_H_
