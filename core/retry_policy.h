// When to try a failed request again: exponential backoff with jitter from the injected RNG,
// capped in attempts and in total time, honouring a server's Retry-After, and only for
// retryable error kinds. A value type; thread-compatible.
#ifndef VMSIM_CORE_RETRY_POLICY_H_
#define VMSIM_CORE_RETRY_POLICY_H_

#include <optional>

#include "core/rng.h"
#include "core/status.h"
#include "core/time.h"

namespace vmsim::core {

struct RetryPolicy {
  int max_attempts = 5;  // attempts in all, the first included
  Duration initial_backoff = Duration::Seconds(2);
  Duration max_backoff = Duration::Minutes(1);
  Duration max_total = Duration::Minutes(15);  // from the first attempt

  // The wait before the next attempt after `attempts` attempts failed, the last with `error`,
  // `elapsed` after the first; nullopt when the request should fail now: `error` is not
  // retryable, or attempts or time are used up. Backoff doubles from initial_backoff up to
  // max_backoff; the wait is drawn uniformly in [backoff/2, backoff] ("equal jitter") and is
  // at least the server's Retry-After.
  std::optional<Duration> NextDelay(int attempts, Duration elapsed, const Status& error,
                                    Rng& rng) const;
};

}  // namespace vmsim::core

#endif  // VMSIM_CORE_RETRY_POLICY_H_
