// Reads a JSON document field by field, keeping the JSON pointer of where it is, so every
// error names the file, the pointer and what was expected ("scenario.json: /workloads/0/
// arrival/rate: expected a rate such as \"30/h\", got \"fast\""). The first error is kept;
// later reads return defaults. Thread-compatible.
#ifndef VMSIM_SIM_SCENARIO_JSON_READER_H_
#define VMSIM_SIM_SCENARIO_JSON_READER_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "sim/scenario/distributions.h"

namespace vmsim::sim {

class JsonReader {
 public:
  explicit JsonReader(std::string file) : file_(std::move(file)) {}

  bool ok() const { return !error_.has_value(); }
  // "<file>: <pointer>: <message>". REQUIRES: !ok().
  const std::string& error() const { return *error_; }
  // Records an error at `pointer` unless one is already recorded.
  void Fail(const std::string& pointer, const std::string& message);

  // A view of `j` at `pointer`.
  struct Node {
    const nlohmann::json* j;
    std::string pointer;
    Node At(std::string_view key) const;  // REQUIRES: j is an object with `key`
    Node At(size_t index) const;
    bool Has(std::string_view key) const { return j->is_object() && j->contains(key); }
  };
  Node Root(const nlohmann::json& j) const { return Node{&j, ""}; }

  // Checks `node` is an object whose keys are all in `allowed` (a typo is an error).
  bool Object(const Node& node, const std::vector<std::string_view>& allowed);
  // Checks `node` is an array; returns its size (0 on error).
  size_t Array(const Node& node);

  // Required / optional scalars. Optional ones return `fallback` when the key is absent.
  std::string String(const Node& parent, std::string_view key);
  std::string String(const Node& parent, std::string_view key, std::string fallback);
  // A whole number within [min, max]; "must be at most MAX" names the bound it passes.
  int64_t Int(const Node& parent, std::string_view key, std::optional<int64_t> fallback,
              int64_t min = INT64_MIN, int64_t max = INT64_MAX);
  // A whole number from 0 to 2^64 - 1 (a seed).
  uint64_t Uint64(const Node& parent, std::string_view key, uint64_t fallback);
  bool Bool(const Node& parent, std::string_view key, bool fallback);
  double Number(const Node& parent, std::string_view key, std::optional<double> fallback,
                double min, double max);
  std::vector<std::string> Strings(const Node& parent, std::string_view key);
  // "90s", "15m", ... (core::ParseDuration).
  core::Duration Duration(const Node& parent, std::string_view key,
                          std::optional<core::Duration> fallback);
  // MiB from "8GiB" or a number of MiB (core::ParseMemoryMiB).
  int64_t MemoryMiB(const Node& parent, std::string_view key);
  // Bytes from "1TB", "512GiB" (bare numbers are GB, as MAAS reads storage).
  int64_t Bytes(const Node& parent, std::string_view key);
  // A distribution of durations: "30s" (constant), or {"dist": "exponential", "mean": "1h"},
  // uniform {min,max}, normal / lognormal {mean,stddev}, constant {value},
  // empirical {samples:[...]}, discrete {values:[...], weights:[...]}. In microseconds.
  Distribution DurationDistribution(const Node& parent, std::string_view key,
                                    std::optional<Distribution> fallback);

 private:
  std::string file_;
  std::optional<std::string> error_;
};

// "30/h", "0.5/s", "1200/d": the mean time between events, in whole microseconds.
std::optional<core::Duration> ParseRate(std::string_view text);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SCENARIO_JSON_READER_H_
