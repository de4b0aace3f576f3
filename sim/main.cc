// The vmsim command line: the only file that prints and exits.
// Exit codes: 0 ok, 1 an expectation failed, 2 usage or bad input, 3 internal error.
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>

#include "core/oauth.h"
#include "core/real_clock.h"
#include "core/units.h"
#include "fakes/fake_maas.h"
#include "fakes/maas_http_server.h"
#include "fakes/seed_fleet.h"
#include "sim/output.h"
#include "sim/scenario.h"
#include "sim/simulator.h"
#include "sim/junit.h"
#include "sim/local_world.h"
#include "sim/world_service.h"
#include "sim/shrink.h"
#include "sim/summary_table.h"

namespace po = boost::program_options;
using namespace vmsim;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInternal = 3;

constexpr const char* kUsage =
    "vmsim: a deterministic simulator and test harness for MAAS VM hosts (LXD / virsh pods)\n"
    "\n"
    "Usage:\n"
    "  vmsim run [SCENARIO] [--seed N] [--until DURATION] [--out DIR] [--trace] [--quiet]\n"
    "            [--backend URL [--api-key KEY]]\n"
    "  vmsim validate SCENARIO...\n"
    "  vmsim check FILES_OR_DIRS... [--junit FILE] [--seeds N]\n"
    "  vmsim shrink SCENARIO --seed S --expect NAME [--out FILE]\n"
    "  vmsim serve [--scenario FILE [--seed N] [--clock simulated] | --fleet seed]\n"
    "              [--listen HOST:PORT] [--api-key KEY]\n"
    "  vmsim --help | --version\n"
    "\n"
    "Commands:\n"
    "  run        Run a scenario (the built-in default, scenarios/default.json, when none is\n"
    "             given): the seed fleet under a mixed workload. Prints a summary table and,\n"
    "             with --out, writes summary.json, timeseries.csv (and events.jsonl with --trace).\n"
    "  validate   Check scenario files without running them; one line per file.\n"
    "  check      Run scenarios (across N seeds) and verify their `expect` sections: a table,\n"
    "             JUnit XML, and a replay command per failure (docs/ci.md).\n"
    "  shrink     Reduce a scenario that fails an expectation to a small one that still does.\n"
    "  serve      Serve the fake MAAS over HTTP (MAAS API 2.0, OAuth), for any MAAS client:\n"
    "             the seed fleet, or a scenario's fleet, timings and faults (docs/serve.md).\n"
    "\n"
    "Exit codes: 0 ok, 1 an expectation failed (or a --backend stopped answering), 2 usage or\n"
    "bad input, 3 internal error.\n"
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
      ("backend", po::value<std::string>(),
       "run against `vmsim serve --scenario SCENARIO --seed S --clock simulated` at this URL "
       "(http://HOST:PORT) over HTTP, instead of the fake MAAS in this process")
      ("api-key", po::value<std::string>()->default_value("vmsim:vmsim:vmsim"),
       "with --backend: the server's API key, consumer:token:secret")
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
  if (vm.count("backend")) options.backend = sim::RemoteBackend{vm["backend"].as<std::string>(), vm["api-key"].as<std::string>()};
  const bool quiet = vm.count("quiet") > 0;
  Progress progress(!quiet);
  options.progress = [&](double f) { progress.Update(f); };

  auto out = sim::RunScenario(*scenario, options);
  if (!out.ok()) {
    std::cerr << "vmsim: " << out.status().message() << "\n";
    return out.status().kind() == core::ErrorKind::kHostUnavailable ? kExitFailed : kExitBadInput;
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

// Scenario files named on the command line, directories expanded to their *.json (the JSON
// Schema aside), in name order.
std::vector<std::string> ScenarioFiles(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const auto& a : args) {
    if (!fs::is_directory(a)) {
      files.push_back(a);
      continue;
    }
    std::vector<std::string> in_dir;
    for (const auto& e : fs::directory_iterator(a)) {
      if (e.path().extension() == ".json" && e.path().filename() != "schema.json") in_dir.push_back(e.path().string());
    }
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  return files;
}

int Check(const std::vector<std::string>& args) {
  po::options_description opts("vmsim check options");
  opts.add_options()
      ("help,h", "show this help")
      ("junit", po::value<std::string>(), "also write JUnit XML to FILE")
      ("seeds", po::value<int>()->default_value(1), "run each scenario with N seeds: its own, +1, ...");
  po::options_description hidden;
  hidden.add_options()("paths", po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("paths", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim check FILES_OR_DIRS... [options]\n\n" << opts
              << "\nExit 0 when every expectation holds, 1 when any fails, 2 on bad input.\n";
    return kExitOk;
  }
  if (!vm.count("paths")) throw UsageError("check needs scenario files or directories");
  const int seeds = vm["seeds"].as<int>();
  if (seeds < 1 || seeds > 1000) throw UsageError("--seeds must be 1 to 1000");
  // Every file is validated before anything runs: bad input means no partial results.
  std::vector<sim::Scenario> scenarios;
  for (const auto& file : ScenarioFiles(vm["paths"].as<std::vector<std::string>>())) {
    auto s = sim::LoadScenario(file);
    if (!s.ok()) {
      std::cerr << "vmsim: " << s.status().message() << "\n";
      return kExitBadInput;
    }
    scenarios.push_back(std::move(s).value());
  }
  std::vector<sim::CheckCase> cases;
  for (const auto& s : scenarios) {
    if (s.expect.empty()) {
      std::cout << s.file << ": no expectations, skipped\n";
      continue;
    }
    for (int k = 0; k < seeds; ++k) {
      sim::RunOptions options;
      options.seed = s.seed + static_cast<uint64_t>(k);
      auto out = sim::RunScenario(s, options);
      if (!out.ok()) {
        std::cerr << "vmsim: " << out.status().message() << "\n";
        return kExitBadInput;
      }
      const double seconds = out->summary["run"]["wall_seconds"].get<double>();
      for (const auto& v : sim::Evaluate(s.expect, out->summary)) {
        cases.push_back({s.name, s.file, *options.seed, v.expectation->name, v.passed, v.Describe(), seconds});
      }
    }
  }
  size_t failed = 0;
  for (const auto& c : cases) {
    failed += !c.passed;
    std::cout << (c.passed ? "  pass  " : "  FAIL  ") << c.scenario << " seed " << c.seed << ": "
              << c.expectation;
    if (!c.passed) std::cout << " (" << c.detail << ")\n        replay: " << sim::ReplayCommand(c);
    std::cout << "\n";
  }
  std::cout << cases.size() - failed << " passed, " << failed << " failed\n";
  if (vm.count("junit")) {
    const std::string path = vm["junit"].as<std::string>();
    const size_t slash = path.find_last_of('/');
    const auto written = sim::WriteFilesAtomically(slash == std::string::npos ? "." : path.substr(0, slash),
                                                   {{path.substr(slash + 1), sim::JUnitXml(cases)}});
    if (!written.ok()) {
      std::cerr << "vmsim: --junit: " << written.message() << "\n";
      return kExitBadInput;
    }
  }
  return failed == 0 ? kExitOk : kExitFailed;
}

int ShrinkCommand(const std::vector<std::string>& args) {
  po::options_description opts("vmsim shrink options");
  opts.add_options()
      ("help,h", "show this help")
      ("seed", po::value<uint64_t>(), "the seed the expectation fails with (required)")
      ("expect", po::value<std::string>(), "the name of the failing expectation (required)")
      ("out", po::value<std::string>(), "where to write the shrunk scenario (default: SCENARIO.min.json)");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(), "");
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim shrink SCENARIO --seed S --expect NAME [--out FILE]\n\n" << opts;
    return kExitOk;
  }
  if (!vm.count("scenario") || !vm.count("seed") || !vm.count("expect")) {
    throw UsageError("shrink needs SCENARIO, --seed and --expect");
  }
  const std::string file = vm["scenario"].as<std::string>();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "vmsim: " << file << ": cannot read the file\n";
    return kExitBadInput;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t slash = file.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : file.substr(0, slash);
  auto shrunk = sim::Shrink(text, file, dir, vm["seed"].as<uint64_t>(), vm["expect"].as<std::string>());
  if (!shrunk.ok()) {
    std::cerr << "vmsim: " << shrunk.status().message() << "\n";
    return kExitBadInput;
  }
  std::string out = vm.count("out") ? vm["out"].as<std::string>()
                                    : file.substr(0, file.size() - (file.ends_with(".json") ? 5 : 0)) + ".min.json";
  const size_t out_slash = out.find_last_of('/');
  const auto written = sim::WriteFilesAtomically(out_slash == std::string::npos ? "." : out.substr(0, out_slash),
                                                 {{out.substr(out_slash + 1), shrunk->scenario.dump(2) + "\n"}});
  if (!written.ok()) {
    std::cerr << "vmsim: " << written.message() << "\n";
    return kExitBadInput;
  }
  std::cout << "shrunk in " << shrunk->steps << " steps (" << shrunk->runs << " runs): " << out
            << "\nreproduce: vmsim check " << out << "\n";
  return kExitOk;
}

// Real time since the server started: the fake's commissioning and decompose delays run in
// real time, and a scenario's fault windows count from the start.
class SinceStartClock final : public core::Clock {
 public:
  core::Timestamp Now() const override {
    return core::Timestamp::FromMicros((real_.Now() - start_).micros());
  }

 private:
  core::RealClock real_;
  core::Timestamp start_ = real_.Now();
};

// The seed fleet with FakeMaas's default timings, as a scenario with nothing else in it.
core::Result<sim::Scenario> SeedFleetScenario() {
  sim::Scenario s;
  s.name = "seed fleet";
  s.file = "--fleet seed";
  s.hosts = fakes::SeedFleet();
  const fakes::FakeMaasOptions defaults;
  const auto constant = [](core::Duration d) {
    return sim::Distribution::Constant(static_cast<double>(d.micros())).value();
  };
  s.maas = {constant(core::Duration()), constant(defaults.commissioning_duration()),
            constant(defaults.testing_duration()), constant(defaults.decompose_delay())};
  return s;
}

int Serve(const std::vector<std::string>& args) {
  po::options_description opts("vmsim serve options");
  opts.add_options()
      ("help,h", "show this help")
      ("scenario", po::value<std::string>(), "serve this scenario's fleet, MAAS timings and faults")
      ("seed", po::value<uint64_t>(), "the seed of the timings and faults (default: the scenario's)")
      ("clock", po::value<std::string>()->default_value("real"),
       "\"real\": time runs from the start; \"simulated\": time is what each request's "
       "X-Vmsim-Simulated-Time says, for `vmsim run --backend` (needs --scenario)")
      ("fleet", po::value<std::string>()->default_value("seed"), "a built-in fleet (only \"seed\")")
      ("listen", po::value<std::string>()->default_value("127.0.0.1:5240"), "HOST:PORT to listen on")
      ("api-key", po::value<std::string>()->default_value("vmsim:vmsim:vmsim"),
       "the admin API key, consumer:token:secret")
      ("read-only-api-key", po::value<std::string>(), "a key that may read but not compose or delete");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim serve [options]\n\n" << opts;
    return kExitOk;
  }
  const std::string listen = vm["listen"].as<std::string>();
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    const std::string p = listen.substr(colon + 1);
    std::from_chars(p.data(), p.data() + p.size(), port);
  }
  if (colon == std::string::npos || port < 0 || port > 65535) {
    throw UsageError("--listen: expected HOST:PORT, e.g. 127.0.0.1:5240, got \"" + listen + "\"");
  }
  const std::string key = vm["api-key"].as<std::string>();
  if (!core::ParseMaasApiKey(key).ok()) throw UsageError("--api-key: expected consumer:token:secret");
  if (vm.count("fleet") && vm["fleet"].as<std::string>() != "seed") {
    throw UsageError("--fleet: the only built-in fleet is \"seed\"");
  }

  const std::string clock_kind = vm["clock"].as<std::string>();
  if (clock_kind != "real" && clock_kind != "simulated") throw UsageError("--clock: \"real\" or \"simulated\"");
  const bool simulated = clock_kind == "simulated";
  if (simulated && !vm.count("scenario")) {
    throw UsageError("--clock simulated needs --scenario FILE: the scenario `vmsim run --backend` will run");
  }
  auto scenario = vm.count("scenario") ? sim::LoadScenario(vm["scenario"].as<std::string>()) : SeedFleetScenario();
  if (!scenario.ok()) {
    std::cerr << "vmsim: " << scenario.status().message() << "\n";
    return kExitBadInput;
  }
  const uint64_t seed = vm.count("seed") ? vm["seed"].as<uint64_t>() : scenario->seed;
  SinceStartClock real_time;
  core::ManualClock simulated_time;
  const core::Clock& clock = simulated ? static_cast<const core::Clock&>(simulated_time) : real_time;
  auto world = sim::LocalWorld::Create(*scenario, seed, clock);
  if (!world.ok()) {
    std::cerr << "vmsim: " << world.status().message() << "\n";
    return kExitBadInput;
  }
  sim::WorldService service(**world);
  fakes::MaasHttpServerOptions server_options;
  server_options.api_key = key;
  if (vm.count("read-only-api-key")) server_options.read_only_api_key = vm["read-only-api-key"].as<std::string>();
  if (simulated) {
    server_options.simulated_clock = &simulated_time;
    server_options.control = [&service](const std::string& method, const std::string& path, const std::string& body) {
      return service.Handle(method, path, body);
    };
  }
  core::RealClock auth_clock;
  fakes::MaasHttpServer server((*world)->api(), auth_clock, server_options);
  const int bound = server.Bind(listen.substr(0, colon), port);
  if (bound < 0) {
    std::cerr << "vmsim: cannot listen on " << listen << " (in use, or not an address of this machine)\n";
    return kExitBadInput;
  }
  // SIGINT / SIGTERM stop the server cleanly: a thread waits for them (no work in a handler).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.Stop();
  });
  std::cout << "vmsim " << sim::VmsimVersion() << ": fake MAAS serving " << scenario->hosts.size()
            << " VM hosts on http://" << listen.substr(0, colon) << ":" << bound
            << "/MAAS/api/2.0/ (API key " << key << ")";
  if (simulated) std::cout << " on simulated time for `vmsim run " << scenario->file << " --seed " << seed << " --backend`";
  std::cout << "; Ctrl-C stops it" << std::endl;
  server.Serve();
  pthread_kill(waiter.native_handle(), SIGTERM);  // if Serve ended on its own
  waiter.join();
  std::cout << "vmsim: stopped" << std::endl;
  return kExitOk;
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
    if (command == "serve") return Serve(args);
    if (command == "check") return Check(args);
    if (command == "shrink") return ShrinkCommand(args);
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
