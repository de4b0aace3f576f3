// Fuzzes `vmsim serve`'s request handling (MaasHttpServer::Handle, below the socket): routing,
// OAuth header parsing, form and multipart decoding, compose and the other operations on a
// fake MAAS with the seed's three VM hosts. Any request is answered with a 4xx or 2xx, never a
// 500 of its own (MAAS's own 5xx answers to a compose the host cannot hold are kept: MAAS gives
// them), and leaves a state every later read can render. Input: lines "METHOD", "TARGET",
// "CONTENT-TYPE", "AUTHORIZATION" (the word ADMIN: a valid admin signature), then the body.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/oauth.h"
#include "fakes/fake_maas.h"
#include "fakes/maas_http_server.h"
#include "fakes/seed_fleet.h"

namespace {

using vmsim::fakes::HttpRequest;

struct World {
  World() {
    for (const auto& spec : vmsim::fakes::SeedFleet()) (void)maas.AddVMHost(spec);
    vmsim::fakes::MaasHttpServerOptions o;
    o.api_key = "ck:tk:secret";
    o.maas = &maas;
    server = std::make_unique<vmsim::fakes::MaasHttpServer>(maas, auth_clock, o);
  }
  vmsim::core::ManualClock clock, auth_clock;
  vmsim::fakes::FakeMaas maas{clock, vmsim::fakes::FakeMaasOptions{}};
  std::unique_ptr<vmsim::fakes::MaasHttpServer> server;
  uint64_t nonce = 0;
};

std::string_view Line(std::string_view& rest) {
  const size_t nl = rest.find('\n');
  const std::string_view line = rest.substr(0, nl);
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  return line;
}

HttpRequest Get(World& w, const std::string& path) {
  HttpRequest req{"GET", path, "", {{"host", "fuzz"}}, ""};
  const auto key = vmsim::core::ParseMaasApiKey("ck:tk:secret").value();
  req.headers.emplace_back(
      "authorization",
      vmsim::core::OAuthPlaintextHeader(key, w.auth_clock.Now(), "r" + std::to_string(++w.nonce)));
  return req;
}

// MAAS's own answers to a compose the VM host cannot hold (docs/fidelity.md): 503 for
// over-commit and driver failures, 500 for storage that does not fit.
bool MaasOwn5xx(const vmsim::fakes::HttpResponse& res) {
  for (const char* prefix :
       {"Unable to compose", "Not enough storage space", "Not enough space in"}) {
    if (res.body.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // One fake across inputs, so state from earlier ones is fuzzed too; a fresh one once it holds
  // many machines, so that the reads below stay quick.
  static World* world = new World();
  if (world->maas.MachineCount() > 16) {
    delete world;
    world = new World();
  }
  World& w = *world;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  HttpRequest req;
  req.method = std::string(Line(rest));
  const std::string target(Line(rest));
  const size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string::npos) req.query = target.substr(q + 1);
  req.headers.emplace_back("host", "fuzz");
  req.headers.emplace_back("content-type", std::string(Line(rest)));
  std::string auth(Line(rest));
  if (auth == "ADMIN") {
    const auto key = vmsim::core::ParseMaasApiKey("ck:tk:secret").value();
    auth =
        vmsim::core::OAuthPlaintextHeader(key, w.auth_clock.Now(), "f" + std::to_string(++w.nonce));
  }
  req.headers.emplace_back("authorization", auth);
  req.body = std::string(rest);
  if (const auto res = w.server->Handle(req); res.status >= 500 && !MaasOwn5xx(res)) {
    std::fprintf(stderr, "answered %d: %s\n", res.status, res.body.c_str());
    std::abort();
  }
  // Nothing stored that a later read cannot render.
  for (const char* path : {"/MAAS/api/2.0/machines/", "/MAAS/api/2.0/vm-hosts/"}) {
    const auto res = w.server->Handle(Get(w, path));
    if (res.status != 200 || !nlohmann::json::accept(res.body)) std::abort();
  }
  return 0;
}
