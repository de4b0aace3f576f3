#include "core/clock.h"

#include <cassert>

namespace vmsim::core {

void ManualClock::AdvanceTo(Timestamp t) {
  assert(t >= now_ && "ManualClock never moves backwards");
  if (t > now_) now_ = t;
}

}  // namespace vmsim::core
