// Request parameters as MAAS (Django + piston) reads them: the query string and the body, form-
// urlencoded or multipart/form-data. Multipart is read as leniently as Django's MultiPartParser:
// a final boundary with or without its CRLF, parts with no name skipped, file parts taken as
// fields (MAAS's handlers read both). Names and values are valid UTF-8: an invalid sequence is
// U+FFFD, as Django decodes them. Pure functions over bounded input; thread-safe.
#ifndef VMSIM_FAKES_FORM_BODY_H_
#define VMSIM_FAKES_FORM_BODY_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/maas_api.h"

namespace vmsim::fakes {

// `a=1&b=x+y&a=2` -> [(a,1), (b,"x y"), (a,2)]: '+' is a space, %XX decoded, pairs without '='
// have an empty value, empty pairs are skipped (Django's QueryDict).
core::FormData ParseUrlEncoded(std::string_view s);

// The body's fields for `content_type` (the Content-Type header). An empty body, or a type that
// carries no form (e.g. application/json, or none), gives no fields. nullopt when the body
// claims multipart but cannot be read (no boundary, no delimiter, a part without its header
// end): Django answers those 400.
std::optional<core::FormData> ParseFormBody(std::string_view content_type, std::string_view body);

// The value of parameter `name` in a header value such as `multipart/form-data; boundary="x"`.
std::optional<std::string> HeaderParameter(std::string_view header_value, std::string_view name);

// The first value of `name` in `form`, or nullopt.
std::optional<std::string> FirstValue(const core::FormData& form, std::string_view name);

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_FORM_BODY_H_
