// vmsim check (expectations across seeds, JUnit) and vmsim shrink.
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "sim/check/shrink.h"
#include "sim/cli/cli.h"
#include "sim/engine/simulator.h"
#include "sim/output/junit.h"
#include "sim/output/output.h"
#include "sim/scenario/scenario.h"

namespace vmsim::cli {
namespace {

// Scenario files named on the command line, directories expanded to their *.json (the JSON
// Schema aside), in name order.
std::vector<std::string> ScenarioFiles(const std::vector<std::string>& args) {
  return ExpandDirectories(args, [](const std::string& name) {
    return name.ends_with(".json") && name.size() > 5 && name != "schema.json";
  });
}

}  // namespace

int Check(const std::vector<std::string>& args) {
  po::options_description opts("vmsim check options");
  opts.add_options()("help,h", "show this help")("junit", po::value<std::string>(),
                                                 "also write JUnit XML to FILE")(
      "seeds", po::value<int>()->default_value(1),
      "run each scenario with N seeds: its own, +1, ...");
  const po::variables_map vm = ParseCommand(args, opts, "paths", -1);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim check FILES_OR_DIRS... [options]\n\n"
              << opts
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
  std::optional<sim::OutputFile> junit;  // opened now: an unwritable place fails before the runs
  if (vm.count("junit")) {
    auto opened = sim::OutputFile::Open(vm["junit"].as<std::string>(), "--junit");
    if (!opened.ok()) return BadInput(opened.status());
    junit.emplace(std::move(opened).value());
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
        cases.push_back(
            {s.name, s.file, *options.seed, v.expectation->name, v.passed, v.Describe(), seconds});
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
  if (junit) {
    core::Status written = junit->Write(sim::JUnitXml(cases));
    if (written.ok()) written = junit->Commit();
    if (!written.ok()) return BadInput(written);
  }
  return failed == 0 ? kExitOk : kExitFailed;
}

int Shrink(const std::vector<std::string>& args) {
  po::options_description opts("vmsim shrink options");
  opts.add_options()("help,h", "show this help")("seed", po::value<SeedOption>(),
                                                 "the seed the expectation fails with (required)")(
      "expect", po::value<std::string>(), "the name of the failing expectation (required)")(
      "out", po::value<std::string>(),
      "where to write the shrunk scenario (default: SCENARIO.min.json)");
  const po::variables_map vm = ParseCommand(args, opts, "scenario", 1);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim shrink SCENARIO --seed S --expect NAME [--out FILE]\n\n" << opts;
    return kExitOk;
  }
  if (!vm.count("scenario") || !vm.count("seed") || !vm.count("expect")) {
    throw UsageError("shrink needs SCENARIO, --seed and --expect");
  }
  const std::string file = vm["scenario"].as<std::vector<std::string>>().front();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "vmsim: " << file << ": cannot read the file\n";
    return kExitBadInput;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t slash = file.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : file.substr(0, slash);
  auto shrunk = sim::Shrink(text, file, dir, vm["seed"].as<SeedOption>().value,
                            vm["expect"].as<std::string>());
  if (!shrunk.ok()) {
    std::cerr << "vmsim: " << shrunk.status().message() << "\n";
    return kExitBadInput;
  }
  std::string out =
      vm.count("out")
          ? vm["out"].as<std::string>()
          : file.substr(0, file.size() - (file.ends_with(".json") ? 5 : 0)) + ".min.json";
  const auto written = sim::WriteFileAtomically(out, shrunk->scenario.dump(2) + "\n", "--out");
  if (!written.ok()) {
    std::cerr << "vmsim: " << written.message() << "\n";
    return kExitBadInput;
  }
  std::cout << "shrunk in " << shrunk->steps << " steps (" << shrunk->runs << " runs): " << out
            << "\nreproduce: vmsim check " << out << "\n";
  return kExitOk;
}

}  // namespace vmsim::cli
