#include "core/status.h"

namespace vmsim::core {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kHostUnavailable:
      return "HostUnavailable";
    case ErrorKind::kInsufficientResources:
      return "InsufficientResources";
    case ErrorKind::kVMCreationFailed:
      return "VMCreationFailed";
    case ErrorKind::kVMDeploymentFailed:
      return "VMDeploymentFailed";
    case ErrorKind::kNetworkConfiguration:
      return "NetworkConfiguration";
    case ErrorKind::kProfileNotFound:
      return "ProfileNotFound";
    case ErrorKind::kProjectNotFound:
      return "ProjectNotFound";
    case ErrorKind::kStorageConfiguration:
      return "StorageConfiguration";
    case ErrorKind::kInvalidRequest:
      return "InvalidRequest";
    case ErrorKind::kNotFound:
      return "NotFound";
    case ErrorKind::kAlreadyExists:
      return "AlreadyExists";
    case ErrorKind::kPermissionDenied:
      return "PermissionDenied";
    case ErrorKind::kUnsupported:
      return "Unsupported";
    case ErrorKind::kOutcomeUnknown:
      return "OutcomeUnknown";
  }
  return "Unknown";
}

std::optional<ErrorKind> ErrorKindFromName(std::string_view name) {
  for (int k = 0; k <= static_cast<int>(ErrorKind::kOutcomeUnknown); ++k) {
    if (ErrorKindName(static_cast<ErrorKind>(k)) == name) return static_cast<ErrorKind>(k);
  }
  return std::nullopt;
}

bool IsRetryable(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kHostUnavailable:
    case ErrorKind::kInsufficientResources:
    case ErrorKind::kVMCreationFailed:
    case ErrorKind::kVMDeploymentFailed:
    case ErrorKind::kNetworkConfiguration:
      return true;
    default:
      return false;
  }
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = "LXD ";
  out += ErrorKindName(kind());
  if (!host_id().empty()) out += " [host:" + host_id() + "]";
  out += ": ";
  out += message();
  return out;
}

}  // namespace vmsim::core
