// The one place that reads the machine's wall clock and memory use: for the `run` section of
// a summary and for progress display, never for anything that shapes simulated results.
#ifndef VMSIM_SIM_ENGINE_WALL_CLOCK_H_
#define VMSIM_SIM_ENGINE_WALL_CLOCK_H_

#include <cstdint>

namespace vmsim::sim {

// Seconds since an arbitrary fixed point (monotonic).
double WallSeconds();
// The process's peak resident set size in MiB.
double PeakRssMiB();

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_WALL_CLOCK_H_
