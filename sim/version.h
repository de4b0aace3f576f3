// The vmsim version, as in summary.json and `vmsim --version`.
#ifndef VMSIM_SIM_VERSION_H_
#define VMSIM_SIM_VERSION_H_

#include <string_view>

namespace vmsim::sim {

std::string_view VmsimVersion();

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_VERSION_H_
