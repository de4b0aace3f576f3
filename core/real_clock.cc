#include "core/real_clock.h"

#include <chrono>

namespace vmsim::core {

Timestamp RealClock::Now() const {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp::FromMicros(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

}  // namespace vmsim::core
