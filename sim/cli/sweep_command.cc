// vmsim sweep, vmsim merge and vmsim compare: many runs, with statistics.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/output/output.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_json.h"
#include "sim/sweep/compare.h"
#include "sim/sweep/replications.h"
#include "sim/sweep/report.h"
#include "sim/sweep/shard.h"
#include "sim/sweep/sweep.h"
#include "sim/sweep/sweep_results.h"

namespace vmsim::cli {
namespace {

// Runs `units` with a progress bar across all of them; with a cache, says on stderr how many
// were simulated and how many read from it.
core::Result<sim::RunUnitsResult> RunAll(const std::vector<sim::RunUnit>& units,
                                         const po::variables_map& vm) {
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
    std::cerr << "vmsim: " << ran->simulated << " runs simulated, " << ran->cache_hits
              << " read from the cache " << options.cache_dir << "\n";
  }
  return ran;
}

// --out's results.json and results.csv and --report's page: opened before the runs (a bad
// place fails at once), written, then committed together. A report inside --out is one of its
// files, so replacing the directory keeps it.
struct SweepOutputs {
  sim::OutputDir dir;
  std::optional<sim::OutputFile> report;  // a report outside --out
  std::string report_in_dir;              // or its name inside --out
};

core::Result<SweepOutputs> OpenSweepOutputs(const po::variables_map& vm) {
  namespace fs = std::filesystem;
  std::vector<std::string> ours = {"results.json", "results.csv"};
  std::string report_in_dir;
  std::optional<sim::OutputFile> report;
  if (vm.count("report")) {
    const auto normal = [](const std::string& p) {
      fs::path n = fs::absolute(p).lexically_normal();
      return n.filename().empty() ? n.parent_path() : n;
    };
    const fs::path page = normal(vm["report"].as<std::string>());
    if (page.parent_path() == normal(vm["out"].as<std::string>())) {
      report_in_dir = page.filename().string();
      ours.push_back(report_in_dir);
    } else {
      auto opened = sim::OutputFile::Open(vm["report"].as<std::string>(), "--report");
      if (!opened.ok()) return opened.status();
      report.emplace(std::move(opened).value());
    }
  }
  auto dir = sim::OutputDir::Open(vm["out"].as<std::string>(), std::move(ours));
  if (!dir.ok()) return dir.status();
  return SweepOutputs{std::move(dir).value(), std::move(report), report_in_dir};
}

// Writes results.json, results.csv and the report (when asked for), prints the table.
// Exit 1 when the sweep's search found no answer.
int WriteSweepResults(const sim::SweepPlan& plan,
                      const std::vector<nlohmann::ordered_json>& records,
                      const po::variables_map& vm, SweepOutputs& out) {
  const auto results = sim::SweepResults(plan, records);
  sim::OutputFiles files = {{"results.json", results.dump(2) + "\n"},
                            {"results.csv", sim::SweepResultsCsv(results)}};
  std::string page;
  if (vm.count("report")) page = sim::ReportHtml(results, records);
  if (!out.report_in_dir.empty()) files.emplace_back(out.report_in_dir, page);
  core::Status written = out.dir.Write(files);
  if (written.ok() && out.report) written = out.report->Write(page);
  if (written.ok()) written = out.dir.Commit();
  if (written.ok() && out.report) written = out.report->Commit();
  if (!written.ok()) return BadInput(written);
  if (!vm.count("quiet")) std::cout << sim::SweepTable(results);
  return plan.search && !sim::SearchAnswered(results) ? kExitFailed : kExitOk;
}

}  // namespace

int Sweep(const std::vector<std::string>& args) {
  po::options_description opts("vmsim sweep options");
  opts.add_options()("help,h", "show this help")(
      "out", po::value<std::string>(),
      "write results.csv and results.json (or the shard file) into DIR (required)")(
      "jobs,j", po::value<int>(), "run this many simulations at once (default: one per core)")(
      "replications", po::value<int64_t>(), "replications per point, instead of the sweep's")(
      "shard", po::value<std::string>(),
      "run only slice K of N (0 <= K < N) and write its shard file")(
      "cache", po::value<std::string>(),
      "a result cache directory: finished runs are read, not run again")(
      "report", po::value<std::string>(), "also write a self-contained HTML report to FILE")(
      "quiet,q", "print nothing but errors");
  const auto vm = ParseCommand(args, opts, "sweep", 1);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim sweep SWEEP.json --out DIR [options]\n\n"
              << opts
              << "\nExit 0 ok, 1 when the sweep's search finds no answer, 2 on bad input. "
                 "docs/sweeps.md\n";
    return kExitOk;
  }
  if (!vm.count("sweep")) throw UsageError("sweep needs a SWEEP.json file");
  if (!vm.count("out")) throw UsageError("sweep needs --out DIR");
  if (vm.count("shard") && vm.count("report"))
    throw UsageError("--report needs the whole sweep: give it to vmsim merge");
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
    if (spec->plan.replications < 2 || spec->plan.replications > 10000)
      throw UsageError("--replications must be 2 to 10000");
  }
  auto prepared = sim::PreparedSweep::Prepare(std::move(spec).value());
  if (!prepared.ok()) return BadInput(prepared.status());
  std::optional<SweepOutputs> outputs;
  if (!shard) {
    auto opened = OpenSweepOutputs(vm);
    if (!opened.ok()) return BadInput(opened.status());
    outputs.emplace(std::move(opened).value());
  }
  const auto unit_ids = prepared->ShardUnits(shard.value_or(sim::ShardId{}));
  std::vector<sim::RunUnit> units;
  for (size_t u : unit_ids) units.push_back(prepared->Unit(u));
  auto ran = RunAll(units, vm);
  if (!ran.ok()) return BadInput(ran.status());
  const sim::SweepPlan& plan = prepared->spec().plan;
  if (!shard) return WriteSweepResults(plan, ran->records, vm, *outputs);
  // Shards of one sweep share --out: each writes its own file, not the directory.
  const std::string name = sim::ShardFileName(*shard);
  const auto written =
      sim::WriteFileAtomically(vm["out"].as<std::string>() + "/" + name,
                               sim::ShardFile(plan, *shard, unit_ids, ran->records), "--out");
  if (!written.ok()) return BadInput(written);
  if (!vm.count("quiet")) {
    std::cout << vm["out"].as<std::string>() << "/" << name << ": " << unit_ids.size() << " of "
              << prepared->Units() << " runs; combine the shards with vmsim merge\n";
  }
  return kExitOk;
}

int Merge(const std::vector<std::string>& args) {
  po::options_description opts("vmsim merge options");
  opts.add_options()("help,h", "show this help")(
      "out", po::value<std::string>(), "write results.csv and results.json into DIR (required)")(
      "report", po::value<std::string>(), "also write a self-contained HTML report to FILE")(
      "quiet,q", "print nothing but errors");
  const auto vm = ParseCommand(args, opts, "inputs", -1);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim merge SHARD_FILES_OR_DIRS... --out DIR [options]\n\n"
              << opts << "\nDirectories give their shard-*.json files. docs/cluster.md\n";
    return kExitOk;
  }
  if (!vm.count("inputs")) throw UsageError("merge needs shard files or directories");
  if (!vm.count("out")) throw UsageError("merge needs --out DIR");
  const auto paths =
      ExpandDirectories(vm["inputs"].as<std::vector<std::string>>(), [](const std::string& name) {
        return name.starts_with("shard-") && name.ends_with(".json");
      });
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& path : paths) {
    auto text = sim::ReadTextFile(path);
    if (!text.ok()) return BadInput(text.status());
    files.emplace_back(path, std::move(text).value());
  }
  auto merged = sim::MergeShards(files);
  if (!merged.ok()) return BadInput(merged.status());
  auto outputs = OpenSweepOutputs(vm);
  if (!outputs.ok()) return BadInput(outputs.status());
  return WriteSweepResults(merged->plan, merged->records, vm, *outputs);
}

int Compare(const std::vector<std::string>& args) {
  po::options_description opts("vmsim compare options");
  opts.add_options()("help,h", "show this help")(
      "replications", po::value<int64_t>(),
      "replications, on seeds S, S+1, ... for both (required)")("seed", po::value<SeedOption>(),
                                                                "the first seed (default: A's)")(
      "until", po::value<std::string>(), "simulate this long instead, e.g. 6h")(
      "metric", po::value<std::vector<std::string>>(),
      "a summary.json JSON pointer to compare (repeatable; "
      "default: the sweep metrics)")("jobs,j", po::value<int>(),
                                     "run this many simulations at once (default: one per core)")(
      "cache", po::value<std::string>(), "a result cache directory")(
      "out", po::value<std::string>(), "also write compare.json into DIR")(
      "quiet,q", "print nothing but errors");
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
  input.metrics =
      vm.count("metric") ? vm["metric"].as<std::vector<std::string>>() : sim::DefaultSweepMetrics();
  for (const auto& m : input.metrics) {
    if (!m.starts_with("/"))
      throw UsageError(
          "--metric: expected a JSON pointer such as /requests/rejection_rate, got \"" + m + "\"");
  }
  std::vector<sim::Scenario> scenarios;
  std::vector<std::string> texts;
  for (const auto& file : vm["scenarios"].as<std::vector<std::string>>()) {
    auto text = sim::ReadTextFile(file);
    auto s = text.ok() ? sim::LoadScenario(file) : core::Result<sim::Scenario>(text.status());
    if (!s.ok()) return BadInput(s.status());
    scenarios.push_back(std::move(s).value());
    texts.push_back(std::move(text).value());
  }
  input.a_file = scenarios[0].file;
  input.b_file = scenarios[1].file;
  const uint64_t first_seed =
      vm.count("seed") ? vm["seed"].as<SeedOption>().value : scenarios[0].seed;
  for (int64_t r = 0; r < reps; ++r) input.seeds.push_back(first_seed + static_cast<uint64_t>(r));
  std::vector<sim::RunUnit> units;
  for (size_t s = 0; s < 2; ++s) {
    for (uint64_t seed : input.seeds) units.push_back({&scenarios[s], texts[s], seed, until});
  }
  std::optional<sim::OutputDir> dir;
  if (vm.count("out")) {
    auto opened = sim::OutputDir::Open(vm["out"].as<std::string>(), {"compare.json"});
    if (!opened.ok()) return BadInput(opened.status());
    dir.emplace(std::move(opened).value());
  }
  auto ran = RunAll(units, vm);
  if (!ran.ok()) return BadInput(ran.status());
  const auto middle = ran->records.begin() + reps;
  const auto comparison =
      sim::Compare(input, {ran->records.begin(), middle}, {middle, ran->records.end()});
  if (dir) {
    core::Status written = dir->Write({{"compare.json", comparison.dump(2) + "\n"}});
    if (written.ok()) written = dir->Commit();
    if (!written.ok()) return BadInput(written);
  }
  if (!vm.count("quiet")) std::cout << sim::CompareTable(comparison);
  return kExitOk;
}

}  // namespace vmsim::cli
