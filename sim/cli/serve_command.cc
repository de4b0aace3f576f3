// vmsim serve: the fake MAAS over HTTP.
#include <iostream>
#include <string>
#include <vector>

#include "core/oauth.h"
#include "core/real_clock.h"
#include "fakes/fake_maas.h"
#include "fakes/maas_http_server.h"
#include "fakes/seed_fleet.h"
#include "sim/cli/cli.h"
#include "sim/engine/simulator.h"
#include "sim/scenario/scenario.h"
#include "sim/world/local_world.h"
#include "sim/world/world_service.h"

namespace vmsim::cli {
namespace {

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

// What the server says when it is up: where, with which key, and for which run.
void PrintBanner(const sim::Scenario& scenario, uint64_t seed, const std::string& host, int bound,
                 const std::string& key, bool simulated) {
  std::cout << "vmsim " << sim::VmsimVersion() << ": fake MAAS serving " << scenario.hosts.size()
            << " VM hosts on http://" << host << ":" << bound << "/MAAS/api/2.0/ (API key " << key
            << ")";
  if (simulated)
    std::cout << " on simulated time for `vmsim run " << scenario.file << " --seed " << seed
              << " --backend`";
  std::cout << "; Ctrl-C stops it" << std::endl;
}

po::options_description ServeOptions() {
  po::options_description opts("vmsim serve options");
  opts.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>(), "serve this scenario's fleet, MAAS timings and faults")(
      "seed", po::value<SeedOption>(),
      "the seed of the timings and faults (default: the scenario's)")(
      "clock", po::value<std::string>()->default_value("real"),
      "\"real\": time runs from the start; \"simulated\": time is what each request's "
      "X-Vmsim-Simulated-Time says, for `vmsim run --backend` (needs --scenario)")(
      "fleet", po::value<std::string>()->default_value("seed"), "a built-in fleet (only \"seed\")")(
      "listen", po::value<std::string>()->default_value("127.0.0.1:5240"),
      "HOST:PORT to listen on")(
      "api-key", po::value<std::string>()->default_value("vmsim:vmsim:vmsim"),
      "the admin API key, consumer:token:secret")("read-only-api-key", po::value<std::string>(),
                                                  "a key that may read but not compose or delete");
  return opts;
}

}  // namespace

int Serve(const std::vector<std::string>& args) {
  const po::options_description opts = ServeOptions();
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: vmsim serve [options]\n\n" << opts;
    return kExitOk;
  }
  const std::string listen = vm["listen"].as<std::string>();
  const auto [host, port] = ListenOption(listen);
  const std::string key = vm["api-key"].as<std::string>();
  if (!core::ParseMaasApiKey(key).ok())
    throw UsageError("--api-key: expected consumer:token:secret");
  if (vm.count("fleet") && vm["fleet"].as<std::string>() != "seed") {
    throw UsageError("--fleet: the only built-in fleet is \"seed\"");
  }

  const std::string clock_kind = vm["clock"].as<std::string>();
  if (clock_kind != "real" && clock_kind != "simulated")
    throw UsageError("--clock: \"real\" or \"simulated\"");
  const bool simulated = clock_kind == "simulated";
  if (simulated && !vm.count("scenario")) {
    throw UsageError(
        "--clock simulated needs --scenario FILE: the scenario `vmsim run --backend` will run");
  }
  auto scenario = vm.count("scenario") ? sim::LoadScenario(vm["scenario"].as<std::string>())
                                       : SeedFleetScenario();
  if (!scenario.ok()) {
    std::cerr << "vmsim: " << scenario.status().message() << "\n";
    return kExitBadInput;
  }
  const uint64_t seed = vm.count("seed") ? vm["seed"].as<SeedOption>().value : scenario->seed;
  SinceStartClock real_time;
  core::ManualClock simulated_time;
  const core::Clock& clock =
      simulated ? static_cast<const core::Clock&>(simulated_time) : real_time;
  auto world = sim::LocalWorld::Create(*scenario, seed, clock);
  if (!world.ok()) {
    std::cerr << "vmsim: " << world.status().message() << "\n";
    return kExitBadInput;
  }
  sim::WorldService service(**world);
  fakes::MaasHttpServerOptions server_options;
  server_options.api_key = key;
  server_options.maas = &(*world)->maas();
  if (vm.count("read-only-api-key"))
    server_options.read_only_api_key = vm["read-only-api-key"].as<std::string>();
  if (simulated) {
    server_options.simulated_clock = &simulated_time;
    server_options.control = [&service](const std::string& method, const std::string& path,
                                        const std::string& body) {
      return service.Handle(method, path, body);
    };
    server_options.clock_claimed = [&service] { return service.claimed(); };
  }
  core::RealClock auth_clock;
  fakes::MaasHttpServer server((*world)->api(), auth_clock, server_options);
  const int bound = server.Bind(host, port);
  if (bound < 0) {
    std::cerr << "vmsim: cannot listen on " << listen
              << " (in use, or not an address of this machine)\n";
    return kExitBadInput;
  }
  PrintBanner(*scenario, seed, host, bound, key, simulated);
  ServeUntilSignalled([&server] { server.Serve(); }, [&server] { server.Stop(); });
  std::cout << "vmsim: stopped" << std::endl;
  return kExitOk;
}

}  // namespace vmsim::cli
