#include "sim/output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace vmsim::sim {

core::Status WriteFilesAtomically(const std::string& dir,
                                  const std::vector<std::pair<std::string, std::string>>& files) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return core::Status(core::ErrorKind::kInvalidRequest,
                        "--out " + dir + ": cannot create the directory: " + ec.message());
  }
  const std::string suffix = ".tmp-" + std::to_string(::getpid());
  std::vector<fs::path> temps;
  const auto cleanup = [&] {
    for (const auto& t : temps) fs::remove(t, ec);
  };
  for (const auto& [name, contents] : files) {
    const fs::path tmp = fs::path(dir) / ("." + name + suffix);
    temps.push_back(tmp);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << contents;
    out.flush();
    if (!out) {
      cleanup();
      return core::Status(core::ErrorKind::kInvalidRequest,
                          "cannot write " + tmp.string() + ": " + std::strerror(errno));
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    fs::rename(temps[i], fs::path(dir) / files[i].first, ec);
    if (ec) {
      cleanup();
      return core::Status(core::ErrorKind::kInvalidRequest,
                          "cannot rename into " + dir + ": " + ec.message());
    }
  }
  return core::Status::Ok();
}

}  // namespace vmsim::sim
