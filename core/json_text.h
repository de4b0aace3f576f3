// Parsing JSON that comes from outside the process (scenario and sweep files, shard files,
// cassettes, HTTP bodies) within bounds, before anything recurses over it. nlohmann's parser
// keeps its own stack, but printing, comparing and copying a value recurse, so depth is limited
// while parsing; a number past a double (1e999) is an error, not an exception. Errors name
// where: "<what>: not valid JSON (line L, column C)". Pure functions; thread-safe.
#ifndef VMSIM_CORE_JSON_TEXT_H_
#define VMSIM_CORE_JSON_TEXT_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"

namespace vmsim::core {

struct JsonLimits {
  size_t max_bytes = 64u << 20;  // the text's size
  int max_depth = 64;            // arrays and objects nested in each other
};

namespace internal {
// "line L, column C" of byte offset `byte` (0-based).
std::string JsonPosition(std::string_view text, size_t byte);
// The size and depth checks, made on the text before it is parsed: OK or the error.
Status CheckJsonBounds(std::string_view text, std::string_view what, const JsonLimits& limits);
Status JsonTextError(std::string_view what, std::string message);
}  // namespace internal

// Parses `text` as one JSON document (nlohmann::json or nlohmann::ordered_json). Errors are
// kInvalidRequest: "<what>: larger than N bytes", "<what>: nested deeper than N levels (line
// L, column C)", "<what>: not valid JSON (line L, column C)" or "<what>: a number is out of
// range (beyond a double, such as 1e999)".
template <typename Json = nlohmann::json>
Result<Json> ParseJsonText(std::string_view text, std::string_view what, JsonLimits limits = {}) {
  if (Status bounds = internal::CheckJsonBounds(text, what, limits); !bounds.ok()) return bounds;
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {  // e.byte: 1-based, the byte it stopped at
    return internal::JsonTextError(
        what,
        "not valid JSON (" + internal::JsonPosition(text, e.byte == 0 ? 0 : e.byte - 1) + ")");
  } catch (const nlohmann::json::out_of_range&) {  // 406: a number past a double, such as 1e999
    return internal::JsonTextError(what,
                                   "a number is out of range (beyond a double, such as 1e999)");
  } catch (const nlohmann::json::exception& e) {
    return internal::JsonTextError(what, std::string("not valid JSON: ") + e.what());
  }
}

// As nlohmann's non-throwing parse, within `limits`: the document, or a value whose
// is_discarded() is true. For answers read from a server, where only "JSON or not" matters.
nlohmann::json ParseJsonOrDiscarded(std::string_view text, JsonLimits limits = {});

}  // namespace vmsim::core

#endif  // VMSIM_CORE_JSON_TEXT_H_
