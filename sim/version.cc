#include "sim/version.h"

namespace vmsim::sim {

std::string_view VmsimVersion() { return VMSIM_VERSION; }

}  // namespace vmsim::sim
