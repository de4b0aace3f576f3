// Writing a run's outputs so that they appear whole or not at all, and never beside another
// run's. A command opens its outputs before any work (so an unwritable --out fails in the
// first millisecond, not after the simulation), stages every file, and only then commits:
//
//   OutputDir  a directory replaced as one unit. The files are written into a staging
//              directory beside it (".NAME.vmsim-PID") and swapped with it in one rename
//              (renameat2 RENAME_EXCHANGE); the previous contents are removed after. An
//              existing directory is replaced only when it holds nothing but files this
//              command writes: vmsim never deletes what it did not write.
//   OutputFile one file, written under a temporary name beside it and renamed over it.
//
// Interruption (a kill) leaves the previous outputs or the new ones, plus at worst a staging
// directory or temporary file, which the next Open of the same output removes once the
// process that made it is gone. Not protection against power loss: nothing is fsync'ed.
// Errors are kInvalidRequest naming the option and the path, with the system's reason.
#ifndef VMSIM_SIM_OUTPUT_OUTPUT_H_
#define VMSIM_SIM_OUTPUT_OUTPUT_H_

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace vmsim::sim {

using OutputFiles = std::vector<std::pair<std::string, std::string>>;  // (file name, contents)

class OutputDir {
 public:
  // Checks that `dir` is new, empty or holds only files named in `ours`, and creates the
  // staging directory beside it (and `dir`'s parents). `option` names the flag in errors.
  static core::Result<OutputDir> Open(const std::string& dir, std::vector<std::string> ours,
                                      std::string option = "--out");
  OutputDir(OutputDir&& other) noexcept;
  OutputDir& operator=(OutputDir&&) = delete;
  ~OutputDir();  // removes the staging directory unless committed

  // Writes `files` (names among `ours`) into the staging directory.
  core::Status Write(const OutputFiles& files);
  // Puts the staged files in place of the directory's contents, all at once.
  core::Status Commit();

  const std::string& path() const { return dir_; }

 private:
  OutputDir(std::string dir, std::string staging, std::vector<std::string> ours, std::string option)
      : dir_(std::move(dir)),
        staging_(std::move(staging)),
        ours_(std::move(ours)),
        option_(std::move(option)) {}
  std::string dir_, staging_;
  std::vector<std::string> ours_;
  std::string option_;
  bool committed_ = false;
};

class OutputFile {
 public:
  // Creates `path`'s directory if missing and its temporary file beside it.
  static core::Result<OutputFile> Open(const std::string& path, std::string option);
  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  ~OutputFile();  // removes the temporary file unless committed

  core::Status Write(const std::string& contents);
  core::Status Commit();  // renames the temporary file over `path`

  const std::string& path() const { return path_; }

 private:
  OutputFile(std::string path, std::string temp, std::string option)
      : path_(std::move(path)), temp_(std::move(temp)), option_(std::move(option)) {}
  std::string path_, temp_, option_;
  bool committed_ = false;
};

// OutputFile::Open, Write and Commit at once: for a file written at the end of the work.
core::Status WriteFileAtomically(const std::string& path, const std::string& contents,
                                 const std::string& option);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_OUTPUT_OUTPUT_H_
