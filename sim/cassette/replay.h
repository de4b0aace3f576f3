// Replay (`vmsim replay`): sends a cassette's requests again, in order and at their recorded
// times, to a FakeMaas built from the cassette's first snapshot, and reports every difference
// from what the recorded MAAS answered: the status, each body field (identifiers mapped, see
// answer_diff.h) and the VM hosts' accounting before and after each write. Requests signed by
// the cassette's snapshot key are replayed as the admin; those of any other key as a non-admin
// user. Deterministic: the same cassette and options give the same report.
#ifndef VMSIM_SIM_CASSETTE_REPLAY_H_
#define VMSIM_SIM_CASSETTE_REPLAY_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "sim/cassette/cassette.h"

namespace vmsim::sim {

struct ReplayOptions {
  std::set<std::string> ignored_keys;  // body keys not compared (DefaultIgnoredKeys() and more)
  uint64_t seed = 1;                   // the fake's (its ids and petnames)
};

struct ReplayDifference {
  size_t exchange = 0;  // its index in the cassette
  std::string request;  // "POST /MAAS/api/2.0/vm-hosts/1/?op=compose"
  std::string kind;     // "status", "body", "accounting before", "accounting after"
  std::string where;    // a JSON pointer into the body, or "<host>/<field>"
  std::string recorded;
  std::string replayed;
};

struct ReplayReport {
  size_t exchanges = 0;
  size_t agreeing = 0;  // exchanges with no difference
  std::vector<ReplayDifference> differences;

  bool ok() const { return differences.empty(); }
  nlohmann::json ToJson() const;
  // One line a difference, then "N exchanges: K agree, M differ".
  std::string ToText() const;
};

// kInvalidRequest when the snapshot cannot be made a fleet (naming `file` and where).
core::Result<ReplayReport> Replay(const Cassette& cassette, const ReplayOptions& options,
                                  const std::string& file);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_CASSETTE_REPLAY_H_
