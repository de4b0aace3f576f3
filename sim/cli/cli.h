// The vmsim command line, one file per command (sim/cli/*_command.cc) and what they share:
// exit codes, usage errors, option helpers and the progress bar. Only these files and
// sim/cli/main.cc print and exit.
#ifndef VMSIM_SIM_CLI_CLI_H_
#define VMSIM_SIM_CLI_CLI_H_

#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "sim/engine/wall_clock.h"

namespace vmsim::cli {

namespace po = boost::program_options;

// Exit codes: 0 ok, 1 an expectation failed, a sweep's search found no answer or a --backend
// stopped answering, 2 usage or bad input, 3 internal error.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInternal = 3;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A progress bar with ETA on stderr, when stderr is a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO)) {}
  void Update(double fraction) {
    if (!enabled_) return;
    const double elapsed = sim::WallSeconds() - start_;
    const int width = 30;
    const int filled = static_cast<int>(fraction * width);
    const double eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0;
    std::fprintf(stderr, "\r[%-*s] %3.0f%%  ETA %4.0fs", width,
                 std::string(static_cast<size_t>(filled), '#').c_str(), fraction * 100, eta);
    if (fraction >= 1) std::fprintf(stderr, "\r%*s\r", width + 20, "");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  double start_ = sim::WallSeconds();
};

// A seed on the command line: a whole number from 0 to 2^64 - 1, in digits ("-5" is an error,
// not 18446744073709551611). Declare it as po::value<SeedOption>().
struct SeedOption {
  uint64_t value = 0;
};
void validate(boost::any& v, const std::vector<std::string>& values, SeedOption*, int);
std::ostream& operator<<(std::ostream& out, const SeedOption& seed);

// The --until option, when given. Throws UsageError when it is not a positive duration.
std::optional<core::Duration> UntilOption(const po::variables_map& vm);

// The files named in `args`, directories expanded to those of their files `wanted` accepts (by
// file name), in name order.
std::vector<std::string> ExpandDirectories(const std::vector<std::string>& args,
                                           const std::function<bool(const std::string&)>& wanted);

// The --listen option, HOST:PORT, as (host, port). Throws UsageError otherwise.
std::pair<std::string, int> ListenOption(const std::string& listen);

// Runs `serve` until it returns or SIGINT / SIGTERM arrive, which call `stop` (from a thread
// that waits for them: no work in a signal handler).
void ServeUntilSignalled(const std::function<void()>& serve, const std::function<void()>& stop);

// Prints `status`'s message and returns the bad-input exit code.
int BadInput(const core::Status& status);

// The --jobs option: worker threads, by default one per core.
int JobsOption(const po::variables_map& vm);

// Parses `args` with `opts` and the positional `name` (`max` of them, -1 for any number).
po::variables_map ParseCommand(const std::vector<std::string>& args,
                               const po::options_description& opts, const char* name, int max);

// The commands: each takes its arguments (after the command's name) and returns the exit
// code; bad usage throws UsageError or po::error.
int Run(const std::vector<std::string>& args);
int Validate(const std::vector<std::string>& args);
int Check(const std::vector<std::string>& args);
int Shrink(const std::vector<std::string>& args);
int Sweep(const std::vector<std::string>& args);
int Merge(const std::vector<std::string>& args);
int Compare(const std::vector<std::string>& args);
int Serve(const std::vector<std::string>& args);
int Record(const std::vector<std::string>& args);
int Replay(const std::vector<std::string>& args);

}  // namespace vmsim::cli

#endif  // VMSIM_SIM_CLI_CLI_H_
