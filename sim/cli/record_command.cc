// vmsim record: a recording proxy in front of a MAAS (sim/cassette/record_proxy.h).
#include <iostream>
#include <string>
#include <vector>

#include "core/real_clock.h"
#include "sim/cassette/record_proxy.h"
#include "sim/cli/cli.h"

namespace vmsim::cli {

int Record(const std::vector<std::string>& args) {
  po::options_description opts("vmsim record options");
  opts.add_options()("help,h", "show this help")(
      "upstream", po::value<std::string>(),
      "the MAAS to record, e.g. http://10.0.0.2:5240/MAAS (required)")(
      "api-key", po::value<std::string>(),
      "an admin API key of that MAAS, consumer:token:secret: reads the VM hosts before and after "
      "each write (required; its secret is not written)")(
      "listen", po::value<std::string>()->default_value("127.0.0.1:5241"),
      "HOST:PORT the clients connect to")("out", po::value<std::string>(),
                                          "the cassette file to write (required)");
  const po::variables_map vm = ParseCommand(args, opts, "record", 0);
  if (vm.count("help")) {
    std::cout
        << "Usage: vmsim record --upstream URL --api-key KEY --out CASSETTE [--listen "
           "HOST:PORT]\n\n"
           "Passes every request from MAAS clients through to the upstream MAAS unchanged and\n"
           "writes each exchange, with the VM hosts' resources read just before and after each\n"
           "write, to CASSETTE (rewritten whole after every exchange). OAuth signatures, token\n"
           "secrets, power passwords and private keys are removed. Point clients at\n"
           "http://HOST:PORT/MAAS with their usual key; Ctrl-C stops. Then `vmsim replay\n"
           "CASSETTE` reports where vmsim's fake differs from that MAAS (docs/fidelity.md).\n\n"
        << opts;
    return kExitOk;
  }
  for (const char* required : {"upstream", "api-key", "out"}) {
    if (!vm.count(required))
      throw UsageError(std::string("record: --") + required + " is required");
  }
  const auto [host, port] = ListenOption(vm["listen"].as<std::string>());
  sim::RecordOptions options{vm["upstream"].as<std::string>(), vm["api-key"].as<std::string>(),
                             vm["out"].as<std::string>()};
  core::RealClock clock;
  auto proxy = sim::RecordProxy::Create(options, clock);
  if (!proxy.ok()) return BadInput(proxy.status());
  const int bound = (*proxy)->Bind(host, port);
  if (bound < 0) {
    std::cerr << "vmsim: cannot listen on " << host << ":" << port
              << " (in use, or not an address of this machine)\n";
    return kExitBadInput;
  }
  std::cout << "vmsim record: proxying http://" << host << ":" << bound << " to "
            << options.upstream << ", writing " << options.out << "; Ctrl-C stops" << std::endl;
  auto& p = **proxy;
  ServeUntilSignalled([&p] { p.Serve(); }, [&p] { p.Stop(); });
  std::cout << "vmsim record: " << p.ExchangeCount() << " exchanges in " << options.out
            << std::endl;
  if (const core::Status s = p.WriteStatus(); !s.ok()) return BadInput(s);
  return kExitOk;
}

}  // namespace vmsim::cli
