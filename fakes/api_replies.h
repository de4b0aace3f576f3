// Answers as MAAS's handlers give them: JSON 200, text errors, MaasError as it would be on the
// wire, 204 as piston's rc.DELETED. Header-only helpers for the API handlers.
#ifndef VMSIM_FAKES_API_REPLIES_H_
#define VMSIM_FAKES_API_REPLIES_H_

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "core/json_codec.h"
#include "core/maas_api.h"
#include "fakes/http_transport.h"

namespace vmsim::fakes {

inline HttpResponse JsonReply(const nlohmann::json& j, int status = 200) {
  // Replacing what is not UTF-8 is a last defence: the form parser already keeps it out.
  return HttpResponse{status,
                      "application/json; charset=utf-8",
                      j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                      {}};
}

inline HttpResponse TextReply(int status, std::string body) {
  return HttpResponse{status, "text/plain; charset=utf-8", std::move(body), {}};
}

inline HttpResponse ErrorReply(const core::MaasError& e) {
  HttpResponse r{e.http_status,
                 e.body_is_json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
                 e.body,
                 {}};
  if (e.retry_after_seconds)
    r.headers.emplace_back("Retry-After", std::to_string(*e.retry_after_seconds));
  // Not HTTP statuses (a fault injector's lost answers): a server that dropped the request.
  if (r.status < 100) r = HttpResponse{503, "text/plain; charset=utf-8", e.body, {}};
  return r;
}

// piston's rc.DELETED: 204, no body, text/plain.
inline HttpResponse NoContentReply() { return HttpResponse{204, "text/plain", "", {}}; }

// A bare PermissionDenied(): 403 with an empty body.
inline HttpResponse Forbidden() { return HttpResponse{403, "text/plain; charset=utf-8", "", {}}; }

// A 400 with one field's errors as MAAS's MAASAPIValidationError renders them.
inline HttpResponse FieldError(const std::string& field, const std::string& message) {
  return JsonReply(nlohmann::json{{field, {message}}}, 400);
}

template <typename T>
HttpResponse Reply(const core::MaasResult<T>& r) {
  if (!r.ok()) return ErrorReply(r.error());
  return JsonReply(nlohmann::json(r.value()));
}

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_API_REPLIES_H_
