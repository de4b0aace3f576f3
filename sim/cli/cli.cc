// What the commands share: option helpers and output.
#include "sim/cli/cli.h"

#include <signal.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <iostream>
#include <thread>

#include "core/units.h"
#include "sim/output/output.h"

namespace vmsim::cli {

void validate(boost::any& v, const std::vector<std::string>& values, SeedOption*, int) {
  const std::string& text = po::validators::get_single_string(values);
  uint64_t seed = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || text[0] == '-' || text[0] == '+' || ec != std::errc() ||
      end != text.data() + text.size()) {
    throw po::error("--seed " + text + ": expected a whole number from 0 to 18446744073709551615");
  }
  v = SeedOption{seed};
}

std::ostream& operator<<(std::ostream& out, const SeedOption& seed) { return out << seed.value; }

// The --until option, when given. Throws UsageError when it is not a positive duration.
std::optional<core::Duration> UntilOption(const po::variables_map& vm) {
  if (!vm.count("until")) return std::nullopt;
  auto until = core::ParseDuration(vm["until"].as<std::string>());
  if (!until.ok()) throw UsageError("--until: " + until.status().message());
  if (*until <= core::Duration()) throw UsageError("--until must be positive");
  return *until;
}

// The files named in `args`, directories expanded to those of their files `wanted` accepts (by
// file name), in name order.
std::vector<std::string> ExpandDirectories(const std::vector<std::string>& args,
                                           const std::function<bool(const std::string&)>& wanted) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const auto& a : args) {
    if (!fs::is_directory(a)) {
      files.push_back(a);
      continue;
    }
    std::vector<std::string> in_dir;
    for (const auto& e : fs::directory_iterator(a)) {
      if (wanted(e.path().filename().string())) in_dir.push_back(e.path().string());
    }
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  return files;
}

std::pair<std::string, int> ListenOption(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    const std::string p = listen.substr(colon + 1);
    if (std::from_chars(p.data(), p.data() + p.size(), port).ptr != p.data() + p.size()) port = -1;
  }
  if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
    throw UsageError("--listen: expected HOST:PORT, e.g. 127.0.0.1:5240, got \"" + listen + "\"");
  }
  return {listen.substr(0, colon), port};
}

void ServeUntilSignalled(const std::function<void()>& serve, const std::function<void()>& stop) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    stop();
  });
  serve();
  pthread_kill(waiter.native_handle(), SIGTERM);  // if `serve` returned on its own
  waiter.join();
}

// Prints `status`'s message and returns the bad-input exit code.
int BadInput(const core::Status& status) {
  std::cerr << "vmsim: " << status.message() << "\n";
  return kExitBadInput;
}

// The --jobs option: worker threads, by default one per core.
int JobsOption(const po::variables_map& vm) {
  if (!vm.count("jobs")) return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int jobs = vm["jobs"].as<int>();
  if (jobs < 1 || jobs > 1024) throw UsageError("--jobs must be 1 to 1024");
  return jobs;
}

// Parses `args` with `opts` and the positional `name` (`max` of them, -1 for any number).
po::variables_map ParseCommand(const std::vector<std::string>& args,
                               const po::options_description& opts, const char* name, int max) {
  po::options_description hidden;
  hidden.add_options()(name, po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add(name, max);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  return vm;
}

}  // namespace vmsim::cli
