#include "core/json_text.h"

namespace vmsim::core {

nlohmann::json ParseJsonOrDiscarded(std::string_view text, JsonLimits limits) {
  auto j = ParseJsonText(text, "", limits);
  return j.ok() ? std::move(j).value() : nlohmann::json(nlohmann::json::value_t::discarded);
}

namespace internal {

std::string JsonPosition(std::string_view text, size_t byte) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

Status JsonTextError(std::string_view what, std::string message) {
  return Status(ErrorKind::kInvalidRequest, std::string(what) + ": " + message);
}

Status CheckJsonBounds(std::string_view text, std::string_view what, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return JsonTextError(what, "larger than " + std::to_string(limits.max_bytes) + " bytes");
  }
  // Only brackets outside strings open arrays and objects, so counting them bounds the depth
  // of any document nlohmann would accept; what is not JSON at all is its parser's to say.
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limits.max_depth) {
        return JsonTextError(what, "nested deeper than " + std::to_string(limits.max_depth) +
                                       " levels (" + JsonPosition(text, i) + ")");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return Status::Ok();
}

}  // namespace internal
}  // namespace vmsim::core
