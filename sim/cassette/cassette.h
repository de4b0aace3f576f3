// A cassette: what `vmsim record` saw pass between MAAS clients and a MAAS, for `vmsim replay` to
// send again to a fake and compare. One JSON document (format "vmsim-cassette/1"):
//
//   {"format", "vmsim_version", "upstream", "snapshot_user": "consumer:token",
//    "initial": {"vm_hosts": [...], "machines": [...]},      // read when recording began
//    "exchanges": [{"at_us", "request": {...}, "response": {...},
//                   "before": {"vm_hosts": [...]}, "after": {...}}]}  // around each write
//
// Secrets never reach it: requests keep their OAuth consumer and token but no signature (the
// PLAINTEXT signature is the token secret), and power passwords and private keys are replaced,
// in forms and in answers alike (see Redacted*).
#ifndef VMSIM_SIM_CASSETTE_CASSETTE_H_
#define VMSIM_SIM_CASSETTE_CASSETTE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/maas_api.h"
#include "core/status.h"

namespace vmsim::sim {

inline constexpr char kCassetteFormat[] = "vmsim-cassette/1";
// What replaces a secret's value.
inline constexpr char kRedacted[] = "REDACTED";
// Bounds on what ParseCassette accepts: a hostile file cannot exhaust memory.
inline constexpr size_t kMaxCassetteBytes = 256u << 20;
inline constexpr size_t kMaxCassetteExchanges = 1'000'000;

struct RecordedRequest {
  std::string method;
  std::string path;   // percent-encoded, as sent
  std::string query;  // raw, without '?'
  std::string host;   // the Host header (MAAS writes absolute URIs on it)
  std::string auth;   // "consumer:token" of the OAuth header; empty when unsigned
  // A form body (urlencoded or multipart), as its fields: it is replayed urlencoded.
  std::optional<core::FormData> form;
  std::string body;  // any other body, verbatim (valid UTF-8 only; else dropped)
  std::string content_type;
};

struct RecordedResponse {
  int status = 0;
  std::string content_type;
  // A JSON answer, parsed; otherwise `text`.
  std::optional<nlohmann::json> json;
  std::string text;
};

struct Exchange {
  int64_t at_us = 0;  // since recording began
  RecordedRequest request;
  RecordedResponse response;
  // GET vm-hosts/ just before and after a write (any method but GET); null for reads.
  nlohmann::json before;
  nlohmann::json after;
};

struct Cassette {
  std::string vmsim_version;
  std::string upstream;
  std::string snapshot_user;  // the key `record` read snapshots with: "consumer:token"
  nlohmann::json initial_vm_hosts = nlohmann::json::array();
  nlohmann::json initial_machines = nlohmann::json::array();
  std::vector<Exchange> exchanges;
};

nlohmann::json ToJson(const Cassette& cassette);
nlohmann::json ToJson(const Exchange& exchange);
// kInvalidRequest naming `file` and the JSON pointer of what is wrong.
core::Result<Cassette> ParseCassette(std::string_view text, const std::string& file);

// Whether a form field or JSON key holds a secret: a power password, a private key, a token
// secret (matched case-insensitively on the name).
bool IsSecretName(std::string_view name);
// `form` with secret fields' values replaced by kRedacted.
core::FormData RedactedForm(core::FormData form);
// `j` with the values of secret keys replaced, at any depth.
nlohmann::json RedactedJson(nlohmann::json j);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_CASSETTE_CASSETTE_H_
