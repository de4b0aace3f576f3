#include "core/retry_policy.h"

#include <algorithm>

namespace vmsim::core {

std::optional<Duration> RetryPolicy::NextDelay(int attempts, Duration elapsed, const Status& error,
                                               Rng& rng) const {
  if (error.ok() || !IsRetryable(error.kind()) || attempts >= max_attempts) return std::nullopt;
  int64_t backoff = initial_backoff.micros();
  for (int i = 1; i < attempts && backoff < max_backoff.micros(); ++i) backoff *= 2;
  backoff = std::min(backoff, max_backoff.micros());
  const int64_t half = backoff / 2;
  Duration wait = Duration::Micros(half + rng.UniformInt(0, backoff - half));
  if (error.retry_after()) wait = std::max(wait, *error.retry_after());
  if (elapsed + wait > max_total) return std::nullopt;
  return wait;
}

}  // namespace vmsim::core
