// A scenario file's JSON, before its fields are read: parse errors with the line and column,
// and "extends". A scenario that extends another is that one with its own fields merged over
// it (RFC 7386 JSON merge patch: objects merge key by key, anything else replaces, null
// deletes), so a what-if states only what it changes. Pure functions over files; thread-safe.
#ifndef VMSIM_SIM_SCENARIO_SCENARIO_JSON_H_
#define VMSIM_SIM_SCENARIO_SCENARIO_JSON_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"

namespace vmsim::sim {

// The largest input file vmsim reads (a trace or cassette may be large; a scenario is small).
inline constexpr size_t kMaxInputFileBytes = 256u << 20;

struct ScenarioJson {
  nlohmann::json doc;     // with every "extends" resolved
  bool extended = false;  // the file extends another
};

// Parses `text` (the contents of `file`) and resolves "extends": a path relative to
// `base_dir`, the directory of `file` (bases may extend in turn, up to 8 deep). Errors are
// kInvalidRequest: "<file>: not valid JSON (line L, column C)", or "<file>: /extends: ..."
// when the base cannot be read or is not an object.
core::Result<ScenarioJson> ReadScenarioJson(std::string_view text, const std::string& file,
                                            const std::string& base_dir);

// The contents of the file at `path`, at most `max_bytes` of them; kInvalidRequest "<path>:
// cannot read the file: <why>" or "<path>: larger than N bytes". Inputs (scenarios, sweeps,
// shards, cassettes) are read with this, so none is read whole before its size is known.
core::Result<std::string> ReadTextFile(const std::string& path,
                                       size_t max_bytes = kMaxInputFileBytes);

// The directory of `path` ("." for a bare name), against which its relative paths resolve.
std::string DirectoryOf(const std::string& path);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SCENARIO_SCENARIO_JSON_H_
