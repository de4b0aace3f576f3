#include "core/maas_errors.h"

#include <nlohmann/json.hpp>

#include "core/json_text.h"

namespace vmsim::core {
namespace {

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// "cores: Ensure this value ...; memory: ..." from a JSON field-error body.
std::string FlattenFieldErrors(const nlohmann::json& j) {
  std::string out;
  for (const auto& [field, messages] : j.items()) {
    for (const auto& m : messages) {
      if (!out.empty()) out += "; ";
      out += field + ": " + (m.is_string() ? m.get<std::string>() : m.dump());
    }
  }
  return out;
}

ErrorKind ClassifyFieldErrors(const nlohmann::json& j) {
  if (j.contains("storage")) return ErrorKind::kStorageConfiguration;
  if (j.contains("hostname") && Contains(j["hostname"].dump(), "already exists")) {
    return ErrorKind::kAlreadyExists;
  }
  for (const char* field : {"cores", "memory"}) {
    if (!j.contains(field)) continue;
    const std::string text = j[field].dump();
    // Totals not yet known (host not commissioned): the cap is 0. Retry later.
    if (Contains(text, "less than or equal to 0.")) return ErrorKind::kHostUnavailable;
    // Over the host's per-VM cap: a bigger host may take it.
    if (Contains(text, "less than or equal to")) return ErrorKind::kInsufficientResources;
  }
  return ErrorKind::kInvalidRequest;
}

ErrorKind Classify400Text(std::string_view body) {
  if (Contains(body, "Pod must be on a known host if interfaces are specified") ||
      Contains(body, "does not match the specified networks") ||
      Contains(body, "MAAS DHCP must be enabled")) {
    return ErrorKind::kNetworkConfiguration;
  }
  return ErrorKind::kInvalidRequest;
}

ErrorKind Classify503(std::string_view body, CallKind call) {
  if (Contains(body, "Unable to compose KVM instance") ||
      Contains(body, "Not enough storage space") ||
      Contains(body, "Not enough space in default storage pool")) {
    return ErrorKind::kInsufficientResources;  // over-commit, or storage if MAAS answers it as 503
  }
  if (Contains(body, "timed out after")) {
    return call == CallKind::kMutation ? ErrorKind::kOutcomeUnknown : ErrorKind::kHostUnavailable;
  }
  if (Contains(body, "Certificate is not trusted") ||
      Contains(body, "Password authentication failed") ||
      Contains(body, "Could not authenticate to pod")) {
    return ErrorKind::kPermissionDenied;
  }
  if (Contains(body, "Please upgrade your LXD host")) return ErrorKind::kUnsupported;
  if (Contains(body, "Default storage pool") && Contains(body, "doesn't exist")) {
    return ErrorKind::kStorageConfiguration;
  }
  if (Contains(body, "No host network to attach VM interfaces to")) {
    return ErrorKind::kNetworkConfiguration;
  }
  return ErrorKind::kHostUnavailable;
}

}  // namespace

Status ClassifyMaasError(const MaasError& error, CallKind call, std::string_view host_id) {
  ErrorKind kind = ErrorKind::kHostUnavailable;
  std::string message = error.body;
  const int s = error.http_status;
  if (s == 400) {
    nlohmann::json fields;
    if (error.body_is_json) fields = ParseJsonOrDiscarded(error.body);
    if (fields.is_object()) {
      kind = ClassifyFieldErrors(fields);
      message = FlattenFieldErrors(fields);
    } else {
      kind = Classify400Text(error.body);
    }
  } else if (s == 401 || s == 403) {
    kind = ErrorKind::kPermissionDenied;
  } else if (s == 404) {
    kind = ErrorKind::kNotFound;
  } else if (s == 409) {
    kind = ErrorKind::kVMDeploymentFailed;
  } else if (s == 410) {
    kind = ErrorKind::kUnsupported;
  } else if (s == 500) {
    kind = Contains(error.body, "Not enough storage space") ||
                   Contains(error.body, "Not enough space in default storage pool")
               ? ErrorKind::kInsufficientResources
               : ErrorKind::kVMCreationFailed;
  } else if (s == 503) {
    kind = Classify503(error.body, call);
  } else if (s == MaasError::kNoAnswer) {
    kind = call == CallKind::kMutation ? ErrorKind::kOutcomeUnknown : ErrorKind::kHostUnavailable;
  } else if (s == MaasError::kNoConnection) {
    kind = ErrorKind::kHostUnavailable;
  } else if (s == 504) {
    kind = call == CallKind::kMutation ? ErrorKind::kOutcomeUnknown : ErrorKind::kHostUnavailable;
  } else if (s >= 400 && s < 500) {
    kind = ErrorKind::kInvalidRequest;
  }
  message = s > 0 ? "MAAS " + std::to_string(s) + ": " + message : message;
  Status status(kind, std::move(message), std::string(host_id));
  if (error.retry_after_seconds) {
    return std::move(status).WithRetryAfter(Duration::Seconds(*error.retry_after_seconds));
  }
  return status;
}

}  // namespace vmsim::core
