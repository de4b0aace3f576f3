// Runs the vmsim binary for CLI tests (VMSIM_BINARY, set by CMake) and gives each test a fresh
// scratch directory. Header-only; for tests only.
#ifndef VMSIM_TESTS_CLI_UTIL_H_
#define VMSIM_TESTS_CLI_UTIL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace vmsim::cli_test {

struct Outcome {
  int exit_code = -1;
  std::string output;  // what it printed (stdout and, for Vmsim, stderr)
};

// Runs `command` through the shell; its exit code and its standard output.
inline Outcome Shell(const std::string& command) {
  Outcome o;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return o;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) o.output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

// Runs `vmsim ARGS`; its exit code and everything it printed.
inline Outcome Vmsim(const std::string& args) {
  return Shell(std::string(VMSIM_BINARY) + " " + args + " 2>&1");
}

// tests/fixtures/NAME in the source tree.
inline std::string Fixture(const std::string& name) {
  return std::string(VMSIM_SOURCE_DIR_DEFAULT) + "/tests/fixtures/" + name;
}

// A path in the temporary directory, unique to this process and `name`, that does not exist.
inline std::filesystem::path FreshDir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("vmsim-cli-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

// The whole file, or "" when it cannot be read.
inline std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace vmsim::cli_test

#endif  // VMSIM_TESTS_CLI_UTIL_H_
