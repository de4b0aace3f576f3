// The vmsim command line: the only file that prints and exits.
// Exit codes: 0 ok, 1 an expectation failed, 2 usage or bad input, 3 internal error.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "core/units.h"
#include "sim/output.h"
#include "sim/scenario.h"
#include "sim/simulator.h"
#include "sim/summary_table.h"

namespace po = boost::program_options;
using namespace vmsim;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr int kExitInternal = 3;

constexpr const char* kUsage =
    "vmsim: a deterministic simulator and test harness for MAAS VM hosts (LXD / virsh pods)\n"
    "\n"
    "Usage:\n"
    "  vmsim run [SCENARIO] [--seed N] [--until DURATION] [--out DIR] [--trace] [--quiet]\n"
    "  vmsim validate SCENARIO...\n"
    "  vmsim --help | --version\n"
    "\n"
    "Commands:\n"
    "  run        Run a scenario (the built-in default, scenarios/default.json, when none is\n"
    "             given): the seed fleet under a mixed workload. Prints a summary table and,\n"
    "             with --out, writes summary.json, timeseries.csv (and events.jsonl with --trace).\n"
    "  validate   Check scenario files without running them; one line per file.\n"
    "\n"
    "Exit codes: 0 ok, 1 an expectation failed, 2 usage or bad input, 3 internal error.\n"
    "Docs: docs/cli.md (commands), docs/scenarios.md (the scenario format).\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A progress bar with ETA on stderr, when stderr is a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO)) {}
  void Update(double fraction) {
    if (!enabled_) return;
    const double elapsed = Seconds() - start_;
    const int width = 30;
    const int filled = static_cast<int>(fraction * width);
    const double eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0;
    std::fprintf(stderr, "\r[%-*s] %3.0f%%  ETA %4.0fs", width,
                 std::string(static_cast<size_t>(filled), '#').c_str(), fraction * 100, eta);
    if (fraction >= 1) std::fprintf(stderr, "\r%*s\r", width + 20, "");
    std::fflush(stderr);
  }

 private:
  static double Seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  bool enabled_;
  double start_ = Seconds();
};

int Run(const std::vector<std::string>& args) {
  po::options_description opts("vmsim run options");
  opts.add_options()
      ("help,h", "show this help")
      ("seed", po::value<uint64_t>(), "the seed (default: the scenario's)")
      ("until", po::value<std::string>(), "simulate this long instead, e.g. 6h")
      ("out", po::value<std::string>(), "write summary.json and timeseries.csv into DIR")
      ("trace", "also write events.jsonl (one line per event) into DIR")
      ("quiet,q", "print nothing but errors");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("scenario", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim run [SCENARIO] [options]\n\n" << opts;
    return kExitOk;
  }
  std::vector<std::string> files;
  if (vm.count("scenario")) files = vm["scenario"].as<std::vector<std::string>>();
  if (files.size() > 1) throw UsageError("run takes one scenario, got " + std::to_string(files.size()));
  if (vm.count("trace") && !vm.count("out")) throw UsageError("--trace needs --out DIR");

  auto scenario = files.empty() ? sim::DefaultScenario() : sim::LoadScenario(files[0]);
  if (!scenario.ok()) {
    std::cerr << "vmsim: " << scenario.status().message() << "\n";
    return kExitBadInput;
  }
  sim::RunOptions options;
  if (vm.count("seed")) options.seed = vm["seed"].as<uint64_t>();
  if (vm.count("until")) {
    auto until = core::ParseDuration(vm["until"].as<std::string>());
    if (!until.ok()) throw UsageError("--until: " + until.status().message());
    if (*until <= core::Duration()) throw UsageError("--until must be positive");
    options.until = *until;
  }
  options.trace = vm.count("trace") > 0;
  const bool quiet = vm.count("quiet") > 0;
  Progress progress(!quiet);
  options.progress = [&](double f) { progress.Update(f); };

  auto out = sim::RunScenario(*scenario, options);
  if (!out.ok()) {
    std::cerr << "vmsim: " << out.status().message() << "\n";
    return kExitBadInput;
  }
  if (vm.count("out")) {
    std::vector<std::pair<std::string, std::string>> files_out = {
        {"summary.json", out->summary.dump(2) + "\n"}, {"timeseries.csv", out->timeseries_csv}};
    if (options.trace) files_out.emplace_back("events.jsonl", out->events_jsonl);
    const core::Status written = sim::WriteFilesAtomically(vm["out"].as<std::string>(), files_out);
    if (!written.ok()) {
      std::cerr << "vmsim: " << written.message() << "\n";
      return kExitBadInput;
    }
  }
  if (!quiet) std::cout << sim::FormatSummaryTable(out->summary);
  return kExitOk;
}

int Validate(const std::vector<std::string>& args) {
  if (args.empty()) throw UsageError("validate needs at least one SCENARIO file");
  int rc = kExitOk;
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << "Usage: vmsim validate SCENARIO...\n  Checks each file; exit 2 if any is invalid.\n";
      return kExitOk;
    }
  }
  for (const auto& file : args) {
    if (file.ends_with("schema.json")) {
      std::cout << file << ": skipped (the JSON Schema, not a scenario)\n";
      continue;
    }
    auto s = sim::LoadScenario(file);
    if (s.ok()) {
      std::cout << file << ": ok (" << s->hosts.size() << " hosts, " << s->workloads.size()
                << " workloads)\n";
    } else {
      std::cerr << s.status().message() << "\n";
      rc = kExitBadInput;
    }
  }
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << kUsage;
      return args.empty() ? kExitBadInput : kExitOk;
    }
    if (args[0] == "--version") {
      std::cout << "vmsim " << sim::VmsimVersion() << "\n";
      return kExitOk;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "run") return Run(args);
    if (command == "validate") return Validate(args);
    throw UsageError("unknown command \"" + command + "\"");
  } catch (const UsageError& e) {
    std::cerr << "vmsim: " << e.what() << "\nRun 'vmsim --help' for usage.\n";
    return kExitBadInput;
  } catch (const po::error& e) {
    std::cerr << "vmsim: " << e.what() << "\nRun 'vmsim --help' for usage.\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "vmsim: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}
