// Maps MAAS's error answers (status code and body text, reference sections 2.6 and 6) to one
// core ErrorKind each, so that every VMHostExtension reports the same failure the same way.
// Pure function; thread-safe.
#ifndef VMSIM_CORE_MAAS_ERRORS_H_
#define VMSIM_CORE_MAAS_ERRORS_H_

#include <string_view>

#include "core/maas_api.h"
#include "core/status.h"

namespace vmsim::core {

// Whether the failed call changes state: a timeout on a compose may have composed (outcome
// unknown); a timeout on a read has changed nothing (host unavailable).
enum class CallKind { kRead, kMutation };

// Returns the Status for `error`, with MAAS's text as the message, `host_id` attached and
// Retry-After carried over.
Status ClassifyMaasError(const MaasError& error, CallKind call, std::string_view host_id = {});

}  // namespace vmsim::core

#endif  // VMSIM_CORE_MAAS_ERRORS_H_
