// vmsim run and vmsim validate.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/engine/simulator.h"
#include "sim/output/output.h"
#include "sim/output/summary_table.h"
#include "sim/scenario/scenario.h"

namespace vmsim::cli {

int Run(const std::vector<std::string>& args) {
  po::options_description opts("vmsim run options");
  opts.add_options()("help,h", "show this help")("seed", po::value<SeedOption>(),
                                                 "the seed (default: the scenario's)")(
      "until", po::value<std::string>(), "simulate this long instead, e.g. 6h")(
      "out", po::value<std::string>(), "write summary.json and timeseries.csv into DIR")(
      "trace", "also write events.jsonl (one line per event) into DIR")(
      "backend", po::value<std::string>(),
      "run against `vmsim serve --scenario SCENARIO --seed S --clock simulated` at this URL "
      "(http://HOST:PORT) over HTTP, instead of the fake MAAS in this process")(
      "api-key", po::value<std::string>()->default_value("vmsim:vmsim:vmsim"),
      "with --backend: the server's API key, consumer:token:secret")("quiet,q",
                                                                     "print nothing but errors");
  const po::variables_map vm = ParseCommand(args, opts, "scenario", -1);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim run [SCENARIO] [options]\n\n" << opts;
    return kExitOk;
  }
  std::vector<std::string> files;
  if (vm.count("scenario")) files = vm["scenario"].as<std::vector<std::string>>();
  if (files.size() > 1)
    throw UsageError("run takes one scenario, got " + std::to_string(files.size()));
  if (vm.count("trace") && !vm.count("out")) throw UsageError("--trace needs --out DIR");

  auto scenario = files.empty() ? sim::DefaultScenario() : sim::LoadScenario(files[0]);
  if (!scenario.ok()) {
    std::cerr << "vmsim: " << scenario.status().message() << "\n";
    return kExitBadInput;
  }
  sim::RunOptions options;
  if (vm.count("seed")) options.seed = vm["seed"].as<SeedOption>().value;
  options.until = UntilOption(vm);
  options.event_log = vm.count("trace") > 0;
  if (vm.count("backend"))
    options.backend =
        sim::RemoteBackend{vm["backend"].as<std::string>(), vm["api-key"].as<std::string>()};
  const bool quiet = vm.count("quiet") > 0;
  Progress progress(!quiet);
  options.progress = [&](double f) { progress.Update(f); };

  std::optional<sim::OutputDir> dir;  // opened before the first event: a bad --out fails at once
  if (vm.count("out")) {
    auto opened = sim::OutputDir::Open(vm["out"].as<std::string>(),
                                       {"summary.json", "timeseries.csv", "events.jsonl"});
    if (!opened.ok()) return BadInput(opened.status());
    dir.emplace(std::move(opened).value());
  }
  auto out = sim::RunScenario(*scenario, options);
  if (!out.ok()) {
    std::cerr << "vmsim: " << out.status().message() << "\n";
    return out.status().kind() == core::ErrorKind::kHostUnavailable ? kExitFailed : kExitBadInput;
  }
  if (dir) {  // without --trace, an earlier run's events.jsonl goes with the rest
    sim::OutputFiles outputs = {{"summary.json", out->summary.dump(2) + "\n"},
                                {"timeseries.csv", out->timeseries_csv}};
    if (options.event_log) outputs.emplace_back("events.jsonl", out->events_jsonl);
    core::Status written = dir->Write(outputs);
    if (written.ok()) written = dir->Commit();
    if (!written.ok()) return BadInput(written);
  }
  if (!quiet) std::cout << sim::FormatSummaryTable(out->summary);
  return kExitOk;
}

int Validate(const std::vector<std::string>& args) {
  if (args.empty()) throw UsageError("validate needs at least one SCENARIO file");
  int rc = kExitOk;
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout
          << "Usage: vmsim validate SCENARIO...\n  Checks each file; exit 2 if any is invalid.\n";
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

}  // namespace vmsim::cli
