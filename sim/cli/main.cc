// vmsim: the command line's entry point; the commands are in sim/cli/.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/engine/simulator.h"

using namespace vmsim::cli;

namespace {

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
    "  vmsim record --upstream URL --api-key KEY --out CASSETTE [--listen HOST:PORT]\n"
    "  vmsim replay CASSETTE [--ignore KEY]... [--json]\n"
    "  vmsim --help | --version\n"
    "\n"
    "Commands:\n"
    "  run        Run a scenario (the built-in default, scenarios/default.json, when none is\n"
    "             given): the seed fleet under a mixed workload. Prints a summary table and,\n"
    "             with --out, writes summary.json, timeseries.csv (and events.jsonl with "
    "--trace).\n"
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
    "  record     A recording proxy in front of a real MAAS: every exchange, and the VM hosts'\n"
    "             resources around each write, to a cassette (secrets removed).\n"
    "  replay     Send a cassette's requests to the fake and report every difference in status,\n"
    "             body fields and accounting; exit 1 if any (docs/fidelity.md).\n"
    "\n"
    "Exit codes: 0 ok, 1 an expectation failed, a sweep's search found no answer or a --backend\n"
    "stopped answering, 2 usage or bad input, 3 internal error.\n"
    "Docs: docs/cli.md (commands), docs/scenarios.md (the scenario format).\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << kUsage;
      return args.empty() ? kExitBadInput : kExitOk;
    }
    if (args[0] == "--version") {
      std::cout << "vmsim " << vmsim::sim::VmsimVersion() << "\n";
      return kExitOk;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "run") return Run(args);
    if (command == "validate") return Validate(args);
    if (command == "serve") return Serve(args);
    if (command == "record") return Record(args);
    if (command == "replay") return Replay(args);
    if (command == "check") return Check(args);
    if (command == "shrink") return Shrink(args);
    if (command == "sweep") return Sweep(args);
    if (command == "merge") return Merge(args);
    if (command == "compare") return Compare(args);
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
