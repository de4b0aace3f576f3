// Errors as values. Status carries one of the seed's LXD error kinds (plus the few kinds a
// caller of real MAAS must react to differently), a message, and the host it concerns.
// Result<T> holds a T or a non-OK Status. Both are [[nodiscard]] value types.
#ifndef VMSIM_CORE_STATUS_H_
#define VMSIM_CORE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "core/time.h"

namespace vmsim::core {

// What went wrong, chosen by what the caller does next. The seed's kinds keep their names
// (pkg/maas/lxd/errors.go); IsRetryable() gives the seed's answer for each.
enum class ErrorKind {
  // The seed's kinds. Retryable: the same request may succeed later or elsewhere.
  kHostUnavailable,        // MAAS or the LXD host could not be reached: retry with backoff
  kInsufficientResources,  // over-commit or storage full: retry only on another host
  kVMCreationFailed,       // the compose failed for a passing reason: retry
  kVMDeploymentFailed,     // the machine is mid-transition (409): retry later
  kNetworkConfiguration,   // the host cannot attach the requested networks: try another
  // The seed's kinds. Not retryable: the request itself must change.
  kProfileNotFound,       // the LXD profile cannot be applied by a MAAS compose
  kProjectNotFound,       // the LXD project is not the one the VM host tracks
  kStorageConfiguration,  // a malformed disk list or a storage pool that cannot exist
  // Kinds real MAAS adds. Not retryable.
  kInvalidRequest,    // 400 validation that no host or retry can fix
  kNotFound,          // 404: no such VM host or machine
  kAlreadyExists,     // 400 duplicate hostname: the machine exists (reconcile, don't retry)
  kPermissionDenied,  // 401 / 403, or the LXD host refused MAAS's credentials
  kUnsupported,       // 410 (MAAS without VM hosts), or an LXD host too old for MAAS
  // The request may have taken effect (a timeout after it was sent). Reconcile first.
  kOutcomeUnknown,
};

// The seed's name for the kind, e.g. "HostUnavailable".
std::string_view ErrorKindName(ErrorKind kind);
// The kind ErrorKindName() names, if any.
std::optional<ErrorKind> ErrorKindFromName(std::string_view name);
// The seed's IsRetryableError for the kind; kOutcomeUnknown is retryable only after
// reconciling, which this answers as false.
bool IsRetryable(ErrorKind kind);

class [[nodiscard]] Status {
 public:
  // OK.
  Status() = default;
  Status(ErrorKind kind, std::string message, std::string host_id = {})
      : error_(Error{kind, std::move(message), std::move(host_id), std::nullopt}) {}

  static Status Ok() { return Status(); }

  bool ok() const { return !error_.has_value(); }
  // REQUIRES: !ok().
  ErrorKind kind() const { return error_->kind; }
  const std::string& message() const { return error_->message; }
  const std::string& host_id() const { return error_->host_id; }
  // A server's Retry-After, when it sent one.
  std::optional<Duration> retry_after() const {
    return error_ ? error_->retry_after : std::nullopt;
  }

  // REQUIRES: !ok() (for both).
  Status&& WithHost(std::string host_id) && {
    assert(!ok());
    error_->host_id = std::move(host_id);
    return std::move(*this);
  }
  Status&& WithRetryAfter(Duration d) && {
    assert(!ok());
    error_->retry_after = d;
    return std::move(*this);
  }

  // "OK", or the seed's form: "LXD <Type> [host:<id>]: <message>" ("LXD <Type>: <message>"
  // when no host is known).
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    if (a.ok() || b.ok()) return a.ok() == b.ok();
    return a.kind() == b.kind() && a.message() == b.message() && a.host_id() == b.host_id();
  }

 private:
  struct Error {
    ErrorKind kind;
    std::string message;
    std::string host_id;
    std::optional<Duration> retry_after;
  };
  std::optional<Error> error_;
};

// A value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "a Result holds a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // The error, or OK when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  // REQUIRES: ok().
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace vmsim::core

#endif  // VMSIM_CORE_STATUS_H_
