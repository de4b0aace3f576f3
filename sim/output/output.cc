#include "sim/output/output.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

namespace vmsim::sim {
namespace {

namespace fs = std::filesystem;

core::Status Bad(const std::string& option, const std::string& path, const std::string& why) {
  return core::Status(core::ErrorKind::kInvalidRequest, option + " " + path + ": " + why);
}

std::string SystemError() { return std::strerror(errno); }

// `path` made absolute, without "." or a trailing slash, and through a symbolic link.
fs::path Resolve(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  if (fs::is_symlink(p, ec)) p = fs::weakly_canonical(p, ec);
  return p;
}

// ".NAME.vmsim-PID": where this process stages `target`.
fs::path StagingPath(const fs::path& target) {
  return target.parent_path() /
         ("." + target.filename().string() + ".vmsim-" + std::to_string(::getpid()));
}

// Removes what an earlier, now dead, process staged for `target` and left behind.
void RemoveStale(const fs::path& target) {
  const std::string prefix = "." + target.filename().string() + ".vmsim-";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(target.parent_path(), ec)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    long pid = 0;
    const char* digits = name.data() + prefix.size();
    const auto [end, err] = std::from_chars(digits, name.data() + name.size(), pid);
    if (err != std::errc() || end != name.data() + name.size() || pid <= 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH) fs::remove_all(e.path(), ec);
  }
}

// Writes `contents` to `path` (created or truncated); errno on failure.
bool WriteWhole(const fs::path& path, const std::string& contents) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      errno = saved;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return ::close(fd) == 0;
}

core::Status CreateParents(const fs::path& target, const std::string& option,
                           const std::string& shown) {
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec)
    return Bad(option, shown,
               "cannot create " + target.parent_path().string() + ": " + ec.message());
  return core::Status::Ok();
}

}  // namespace

core::Result<OutputDir> OutputDir::Open(const std::string& dir, std::vector<std::string> ours,
                                        std::string option) {
  if (dir.empty()) return Bad(option, "\"\"", "expected a directory");
  const fs::path target = Resolve(dir);
  if (target.parent_path() == target) return Bad(option, dir, "cannot replace the root directory");
  if (core::Status made = CreateParents(target, option, dir); !made.ok()) return made;
  std::error_code ec;
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) return Bad(option, dir, "exists and is not a directory");
    std::vector<std::string> foreign;
    for (const auto& e : fs::directory_iterator(target, ec)) {
      const std::string name = e.path().filename().string();
      if (!e.is_regular_file(ec) || std::find(ours.begin(), ours.end(), name) == ours.end()) {
        foreign.push_back(name);
      }
    }
    if (ec) return Bad(option, dir, "cannot read the directory: " + ec.message());
    if (!foreign.empty()) {
      std::sort(foreign.begin(), foreign.end());
      std::string names;
      for (size_t i = 0; i < foreign.size() && i < 5; ++i) names += (i ? ", " : "") + foreign[i];
      if (foreign.size() > 5) names += ", ...";
      return Bad(option, dir,
                 "holds files this command does not write (" + names +
                     "); vmsim replaces the whole directory, so give a new or empty one");
    }
  }
  RemoveStale(target);
  const fs::path staging = StagingPath(target);
  fs::remove_all(staging, ec);
  if (::mkdir(staging.c_str(), 0777) != 0) {
    return Bad(option, dir,
               "cannot write in " + target.parent_path().string() + ": " + SystemError());
  }
  return OutputDir(target.string(), staging.string(), std::move(ours), std::move(option));
}

OutputDir::OutputDir(OutputDir&& other) noexcept
    : dir_(std::move(other.dir_)),
      staging_(std::exchange(other.staging_, "")),
      ours_(std::move(other.ours_)),
      option_(std::move(other.option_)),
      committed_(other.committed_) {}

OutputDir::~OutputDir() {
  std::error_code ec;
  if (!committed_ && !staging_.empty()) fs::remove_all(staging_, ec);
}

core::Status OutputDir::Write(const OutputFiles& files) {
  for (const auto& [name, contents] : files) {
    if (std::find(ours_.begin(), ours_.end(), name) == ours_.end()) {
      return Bad(option_, dir_, "internal: " + name + " is not one of this command's files");
    }
    if (!WriteWhole(fs::path(staging_) / name, contents)) {
      return Bad(option_, dir_, "cannot write " + name + ": " + SystemError());
    }
  }
  return core::Status::Ok();
}

core::Status OutputDir::Commit() {
  std::error_code ec;
  if (!fs::exists(dir_, ec)) {
    if (::rename(staging_.c_str(), dir_.c_str()) != 0)
      return Bad(option_, dir_, "cannot rename into place: " + SystemError());
    committed_ = true;
    return core::Status::Ok();
  }
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) != 0) {
    if (errno != EINVAL && errno != ENOSYS)
      return Bad(option_, dir_, "cannot rename into place: " + SystemError());
    // A file system without the exchange: the old directory moves aside first, so a kill
    // between the two renames leaves it beside, under the staging name, not mixed in.
    const std::string aside = staging_ + ".old";
    if (::rename(dir_.c_str(), aside.c_str()) != 0)
      return Bad(option_, dir_, "cannot rename into place: " + SystemError());
    if (::rename(staging_.c_str(), dir_.c_str()) != 0) {
      const std::string why = SystemError();
      ::rename(aside.c_str(), dir_.c_str());  // the previous outputs back where they were
      return Bad(option_, dir_, "cannot rename into place: " + why);
    }
    fs::remove_all(aside, ec);
    committed_ = true;
    return core::Status::Ok();
  }
  committed_ = true;
  fs::remove_all(staging_, ec);  // now the previous contents
  return core::Status::Ok();
}

core::Result<OutputFile> OutputFile::Open(const std::string& path, std::string option) {
  if (path.empty()) return Bad(option, "\"\"", "expected a file");
  const fs::path target = Resolve(path);
  if (core::Status made = CreateParents(target, option, path); !made.ok()) return made;
  std::error_code ec;
  if (fs::is_directory(target, ec)) return Bad(option, path, "is a directory");
  RemoveStale(target);
  const fs::path temp = StagingPath(target);
  if (!WriteWhole(temp, ""))
    return Bad(option, path,
               "cannot write in " + target.parent_path().string() + ": " + SystemError());
  return OutputFile(target.string(), temp.string(), std::move(option));
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : path_(std::move(other.path_)),
      temp_(std::exchange(other.temp_, "")),
      option_(std::move(other.option_)),
      committed_(other.committed_) {}

OutputFile::~OutputFile() {
  std::error_code ec;
  if (!committed_ && !temp_.empty()) fs::remove(temp_, ec);
}

core::Status OutputFile::Write(const std::string& contents) {
  if (!WriteWhole(temp_, contents)) return Bad(option_, path_, "cannot write: " + SystemError());
  return core::Status::Ok();
}

core::Status OutputFile::Commit() {
  if (::rename(temp_.c_str(), path_.c_str()) != 0)
    return Bad(option_, path_, "cannot rename into place: " + SystemError());
  committed_ = true;
  return core::Status::Ok();
}

core::Status WriteFileAtomically(const std::string& path, const std::string& contents,
                                 const std::string& option) {
  auto file = OutputFile::Open(path, option);
  if (!file.ok()) return file.status();
  if (core::Status written = file->Write(contents); !written.ok()) return written;
  return file->Commit();
}

}  // namespace vmsim::sim
