#pragma once
// The two things every retrying upstream call (chat, transcription) does between tries: wait the
// policy's delay (retry.hpp) with fresh jitter, and, when it stops trying, say how often it tried.
#include <chrono>
#include <optional>

#include "server/models/model.hpp"
#include "server/models/openai/endpoint.hpp"

namespace chatkit::server {

// Waits before attempt `attempt + 1`. Cancellation (the client went away) aborts the wait at once.
awaitable<void> wait_before_retry(const RetryPolicy& policy, int attempt,
                                  std::optional<std::chrono::milliseconds> upstream_hint);

// The error to report after `attempts` tries, the last of which failed with `last`.
ModelError gave_up(const ModelError& last, int attempts);

}  // namespace chatkit::server
