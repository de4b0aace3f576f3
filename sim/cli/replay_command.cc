// vmsim replay: a cassette's requests against the fake, and where its answers differ
// (sim/cassette/replay.h).
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/cassette/answer_diff.h"
#include "sim/cassette/replay.h"
#include "sim/cli/cli.h"

namespace vmsim::cli {

int Replay(const std::vector<std::string>& args) {
  po::options_description opts("vmsim replay options");
  opts.add_options()("help,h", "show this help")(
      "ignore", po::value<std::vector<std::string>>()->composing(),
      "a body key not to compare, at any depth (repeatable; created, updated, last_sync, "
      "next_sync, hardware_uuid and boot_disk are never compared)")(
      "json", "print the report as JSON")("seed",
                                          po::value<SeedOption>()->default_value(SeedOption{1}),
                                          "the fake's seed (its ids and petnames)");
  const po::variables_map vm = ParseCommand(args, opts, "cassette", 1);
  if (vm.count("help")) {
    std::cout
        << "Usage: vmsim replay CASSETTE [--ignore KEY]... [--json]\n\n"
           "Builds a fake MAAS from the cassette's first snapshot of the VM hosts, sends it every\n"
           "recorded request at its recorded time, and reports each difference in status, body\n"
           "fields and VM-host accounting, naming the exchange. Exit 0: no difference; 1: some.\n\n"
        << opts;
    return kExitOk;
  }
  if (!vm.count("cassette")) throw UsageError("replay: a CASSETTE file is required");
  const std::string file = vm["cassette"].as<std::vector<std::string>>().front();
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return BadInput(core::Status(core::ErrorKind::kInvalidRequest, file + ": cannot be read"));
  std::ostringstream text;
  text << in.rdbuf();
  auto cassette = sim::ParseCassette(text.str(), file);
  if (!cassette.ok()) return BadInput(cassette.status());
  sim::ReplayOptions options;
  options.ignored_keys = sim::DefaultIgnoredKeys();
  if (vm.count("ignore")) {
    for (const auto& key : vm["ignore"].as<std::vector<std::string>>())
      options.ignored_keys.insert(key);
  }
  options.seed = vm["seed"].as<SeedOption>().value;
  auto report = sim::Replay(*cassette, options, file);
  if (!report.ok()) return BadInput(report.status());
  std::cout << (vm.count("json") ? report->ToJson().dump(2) + "\n" : report->ToText());
  return report->ok() ? kExitOk : kExitFailed;
}

}  // namespace vmsim::cli
