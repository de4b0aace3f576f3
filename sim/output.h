// Writes a run's files into a directory so that an interrupted run leaves complete files or
// none: each file is written under a temporary name first, and all are renamed into place
// only once every one was written.
#ifndef VMSIM_SIM_OUTPUT_H_
#define VMSIM_SIM_OUTPUT_H_

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace vmsim::sim {

// (file name, contents) pairs, written into `dir` (created if missing). On failure nothing
// named like a final file is left behind; the error names the path.
core::Status WriteFilesAtomically(const std::string& dir,
                                  const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_OUTPUT_H_
