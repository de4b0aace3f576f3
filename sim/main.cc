// The vmsim command line: the only file that prints and exits.
// Exit codes: 0 ok, 1 an expectation failed (or a sweep's search found no answer), 2 usage or
// bad input, 3 internal error.
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <algorithm>
#include <exception>
#include <functional>
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
#include "sim/compare.h"
#include "sim/output.h"
#include "sim/replications.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/shard.h"
#include "sim/simulator.h"
#include "sim/junit.h"
#include "sim/local_world.h"
#include "sim/world_service.h"
#include "sim/shrink.h"
#include "sim/summary_table.h"
#include "sim/sweep.h"
#include "sim/sweep_results.h"

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
    "  vmsim sweep SWEEP.json --out DIR [--jobs N] [--shard K/N] [--cache DIR] [--report FILE]\n"
    "  vmsim merge SHARD_FILES_OR_DIRS... --out DIR [--report FILE]\n"
    "  vmsim compare A.json B.json --replications R [--out DIR] [--jobs N] [--metric PTR]...\n"
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
    "  sweep      Capacity planning: a base scenario over axes of values, R replications per\n"
    "             point on common seeds; results.csv / results.json with 95% confidence\n"
    "             intervals, the fewest hosts for a target, an HTML report (docs/sweeps.md).\n"
    "  merge      Combine the shard files of a sharded sweep into its results (docs/cluster.md).\n"
    "  compare    Paired comparison of two scenarios on common seeds, with a verdict per metric.\n"
    "  serve      Serve the fake MAAS over HTTP (MAAS API 2.0, OAuth), for any MAAS client:\n"
    "             the seed fleet, or a scenario's fleet, timings and faults (docs/serve.md).\n"
    "\n"
    "Exit codes: 0 ok, 1 an expectation failed, a sweep's search found no answer or a --backend\n"
    "stopped answering, 2 usage or bad input, 3 internal error.\n"
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

// The --until option, when given. Throws UsageError when it is not a positive duration.
std::optional<core::Duration> UntilOption(const po::variables_map& vm) {
  if (!vm.count("until")) return std::nullopt;
  auto until = core::ParseDuration(vm["until"].as<std::string>());
  if (!until.ok()) throw UsageError("--until: " + until.status().message());
  if (*until <= core::Duration()) throw UsageError("--until must be positive");
  return *until;
}

// Writes one file atomically (sim/output.h); its directory is created if missing.
core::Status WriteFileAtomically(const std::string& path, const std::string& contents) {
  const size_t slash = path.find_last_of('/');
  return sim::WriteFilesAtomically(slash == std::string::npos ? "." : path.substr(0, slash),
                                   {{path.substr(slash + 1), contents}});
}

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
  options.until = UntilOption(vm);
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

// Scenario files named on the command line, directories expanded to their *.json (the JSON
// Schema aside), in name order.
std::vector<std::string> ScenarioFiles(const std::vector<std::string>& args) {
  return ExpandDirectories(args, [](const std::string& name) {
    return name.ends_with(".json") && name.size() > 5 && name != "schema.json";
  });
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
    const auto written = WriteFileAtomically(vm["junit"].as<std::string>(), sim::JUnitXml(cases));
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
  const auto written = WriteFileAtomically(out, shrunk->scenario.dump(2) + "\n");
  if (!written.ok()) {
    std::cerr << "vmsim: " << written.message() << "\n";
    return kExitBadInput;
  }
  std::cout << "shrunk in " << shrunk->steps << " steps (" << shrunk->runs << " runs): " << out
            << "\nreproduce: vmsim check " << out << "\n";
  return kExitOk;
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

// Runs `units` with a progress bar across all of them; with a cache, says on stderr how many
// were simulated and how many read from it.
core::Result<sim::RunUnitsResult> RunAll(const std::vector<sim::RunUnit>& units, const po::variables_map& vm) {
  const bool quiet = vm.count("quiet") > 0;
  Progress progress(!quiet);
  sim::RunUnitsOptions options;
  options.jobs = JobsOption(vm);
  if (vm.count("cache")) options.cache_dir = vm["cache"].as<std::string>();
  options.progress = [&](size_t done, size_t total) {
    progress.Update(static_cast<double>(done) / static_cast<double>(total));
  };
  auto ran = sim::RunUnits(units, options);
  if (ran.ok() && !options.cache_dir.empty() && !quiet) {
    std::cerr << "vmsim: " << ran->simulated << " runs simulated, " << ran->cache_hits << " read from the cache "
              << options.cache_dir << "\n";
  }
  return ran;
}

// Writes results.json and results.csv into --out (and --report), prints the table.
// Exit 1 when the sweep's search found no answer.
int WriteSweepResults(const sim::SweepPlan& plan, const std::vector<nlohmann::ordered_json>& records,
                      const po::variables_map& vm) {
  const auto results = sim::SweepResults(plan, records);
  auto written = sim::WriteFilesAtomically(vm["out"].as<std::string>(),
                                           {{"results.json", results.dump(2) + "\n"},
                                            {"results.csv", sim::SweepResultsCsv(results)}});
  if (written.ok() && vm.count("report")) {
    written = WriteFileAtomically(vm["report"].as<std::string>(), sim::ReportHtml(results, records));
  }
  if (!written.ok()) return BadInput(written);
  if (!vm.count("quiet")) std::cout << sim::SweepTable(results);
  return plan.search && !sim::SearchAnswered(results) ? kExitFailed : kExitOk;
}

// Parses `args` with `opts` and the positional `name` (`max` of them, -1 for any number).
po::variables_map ParseCommand(const std::vector<std::string>& args, const po::options_description& opts,
                               const char* name, int max) {
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

int Sweep(const std::vector<std::string>& args) {
  po::options_description opts("vmsim sweep options");
  opts.add_options()
      ("help,h", "show this help")
      ("out", po::value<std::string>(), "write results.csv and results.json (or the shard file) into DIR (required)")
      ("jobs,j", po::value<int>(), "run this many simulations at once (default: one per core)")
      ("replications", po::value<int64_t>(), "replications per point, instead of the sweep's")
      ("shard", po::value<std::string>(), "run only slice K of N (0 <= K < N) and write its shard file")
      ("cache", po::value<std::string>(), "a result cache directory: finished runs are read, not run again")
      ("report", po::value<std::string>(), "also write a self-contained HTML report to FILE")
      ("quiet,q", "print nothing but errors");
  const auto vm = ParseCommand(args, opts, "sweep", 1);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim sweep SWEEP.json --out DIR [options]\n\n" << opts
              << "\nExit 0 ok, 1 when the sweep's search finds no answer, 2 on bad input. docs/sweeps.md\n";
    return kExitOk;
  }
  if (!vm.count("sweep")) throw UsageError("sweep needs a SWEEP.json file");
  if (!vm.count("out")) throw UsageError("sweep needs --out DIR");
  if (vm.count("shard") && vm.count("report")) throw UsageError("--report needs the whole sweep: give it to vmsim merge");
  std::optional<sim::ShardId> shard;
  if (vm.count("shard")) {
    auto parsed = sim::ParseShard(vm["shard"].as<std::string>());
    if (!parsed.ok()) throw UsageError(parsed.status().message());
    shard = *parsed;
  }
  auto spec = sim::LoadSweepSpec(vm["sweep"].as<std::vector<std::string>>()[0]);
  if (!spec.ok()) return BadInput(spec.status());
  if (vm.count("replications")) {
    spec->plan.replications = vm["replications"].as<int64_t>();
    if (spec->plan.replications < 2 || spec->plan.replications > 10000) throw UsageError("--replications must be 2 to 10000");
  }
  auto prepared = sim::PreparedSweep::Prepare(std::move(spec).value());
  if (!prepared.ok()) return BadInput(prepared.status());
  const auto unit_ids = prepared->ShardUnits(shard.value_or(sim::ShardId{}));
  std::vector<sim::RunUnit> units;
  for (size_t u : unit_ids) units.push_back(prepared->Unit(u));
  auto ran = RunAll(units, vm);
  if (!ran.ok()) return BadInput(ran.status());
  const sim::SweepPlan& plan = prepared->spec().plan;
  if (!shard) return WriteSweepResults(plan, ran->records, vm);
  const std::string name = sim::ShardFileName(*shard);
  const auto written = sim::WriteFilesAtomically(vm["out"].as<std::string>(),
                                                 {{name, sim::ShardFile(plan, *shard, unit_ids, ran->records)}});
  if (!written.ok()) return BadInput(written);
  if (!vm.count("quiet")) {
    std::cout << vm["out"].as<std::string>() << "/" << name << ": " << unit_ids.size() << " of " << prepared->Units()
              << " runs; combine the shards with vmsim merge\n";
  }
  return kExitOk;
}

int Merge(const std::vector<std::string>& args) {
  po::options_description opts("vmsim merge options");
  opts.add_options()
      ("help,h", "show this help")
      ("out", po::value<std::string>(), "write results.csv and results.json into DIR (required)")
      ("report", po::value<std::string>(), "also write a self-contained HTML report to FILE")
      ("quiet,q", "print nothing but errors");
  const auto vm = ParseCommand(args, opts, "inputs", -1);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim merge SHARD_FILES_OR_DIRS... --out DIR [options]\n\n" << opts
              << "\nDirectories give their shard-*.json files. docs/cluster.md\n";
    return kExitOk;
  }
  if (!vm.count("inputs")) throw UsageError("merge needs shard files or directories");
  if (!vm.count("out")) throw UsageError("merge needs --out DIR");
  const auto paths = ExpandDirectories(vm["inputs"].as<std::vector<std::string>>(), [](const std::string& name) {
    return name.starts_with("shard-") && name.ends_with(".json");
  });
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& path : paths) {
    auto text = sim::ReadFile(path);
    if (!text.ok()) return BadInput(text.status());
    files.emplace_back(path, std::move(text).value());
  }
  auto merged = sim::MergeShards(files);
  if (!merged.ok()) return BadInput(merged.status());
  return WriteSweepResults(merged->plan, merged->records, vm);
}

int CompareCommand(const std::vector<std::string>& args) {
  po::options_description opts("vmsim compare options");
  opts.add_options()
      ("help,h", "show this help")
      ("replications", po::value<int64_t>(), "replications, on seeds S, S+1, ... for both (required)")
      ("seed", po::value<uint64_t>(), "the first seed (default: A's)")
      ("until", po::value<std::string>(), "simulate this long instead, e.g. 6h")
      ("metric", po::value<std::vector<std::string>>(), "a summary.json JSON pointer to compare (repeatable; "
                                                        "default: the sweep metrics)")
      ("jobs,j", po::value<int>(), "run this many simulations at once (default: one per core)")
      ("cache", po::value<std::string>(), "a result cache directory")
      ("out", po::value<std::string>(), "also write compare.json into DIR")
      ("quiet,q", "print nothing but errors");
  const auto vm = ParseCommand(args, opts, "scenarios", 2);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim compare A.json B.json --replications R [options]\n\n" << opts;
    return kExitOk;
  }
  if (!vm.count("scenarios") || vm["scenarios"].as<std::vector<std::string>>().size() != 2) {
    throw UsageError("compare needs two scenario files, A and B");
  }
  if (!vm.count("replications")) throw UsageError("compare needs --replications R");
  const int64_t reps = vm["replications"].as<int64_t>();
  if (reps < 2 || reps > 10000) throw UsageError("--replications must be 2 to 10000");
  const auto until = UntilOption(vm);
  sim::CompareInput input;
  input.metrics = vm.count("metric") ? vm["metric"].as<std::vector<std::string>>() : sim::DefaultSweepMetrics();
  for (const auto& m : input.metrics) {
    if (!m.starts_with("/")) throw UsageError("--metric: expected a JSON pointer such as /requests/rejection_rate, got \"" + m + "\"");
  }
  std::vector<sim::Scenario> scenarios;
  std::vector<std::string> texts;
  for (const auto& file : vm["scenarios"].as<std::vector<std::string>>()) {
    auto text = sim::ReadFile(file);
    auto s = text.ok() ? sim::LoadScenario(file) : core::Result<sim::Scenario>(text.status());
    if (!s.ok()) return BadInput(s.status());
    scenarios.push_back(std::move(s).value());
    texts.push_back(std::move(text).value());
  }
  input.a_file = scenarios[0].file;
  input.b_file = scenarios[1].file;
  const uint64_t first_seed = vm.count("seed") ? vm["seed"].as<uint64_t>() : scenarios[0].seed;
  for (int64_t r = 0; r < reps; ++r) input.seeds.push_back(first_seed + static_cast<uint64_t>(r));
  std::vector<sim::RunUnit> units;
  for (size_t s = 0; s < 2; ++s) {
    for (uint64_t seed : input.seeds) units.push_back({&scenarios[s], texts[s], seed, until});
  }
  auto ran = RunAll(units, vm);
  if (!ran.ok()) return BadInput(ran.status());
  const auto middle = ran->records.begin() + reps;
  const auto comparison = sim::Compare(input, {ran->records.begin(), middle}, {middle, ran->records.end()});
  if (vm.count("out")) {
    const auto written = sim::WriteFilesAtomically(vm["out"].as<std::string>(),
                                                   {{"compare.json", comparison.dump(2) + "\n"}});
    if (!written.ok()) return BadInput(written);
  }
  if (!vm.count("quiet")) std::cout << sim::CompareTable(comparison);
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
    if (command == "sweep") return Sweep(args);
    if (command == "merge") return Merge(args);
    if (command == "compare") return CompareCommand(args);
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
