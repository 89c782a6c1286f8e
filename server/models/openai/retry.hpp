#pragma once
// How long to wait before the next attempt: the upstream's Retry-After when it gives one, else
// exponential backoff with jitter; both capped by the policy. Pure (time and randomness are
// parameters).
#include <chrono>
#include <optional>

#include "server/models/http/http_client.hpp"
#include "server/models/openai/endpoint.hpp"

namespace chatkit::server {

// `retry-after-ms` (milliseconds, Azure and OpenAI), else `retry-after`: delay-seconds or an
// HTTP date (then relative to `now`; a date in the past means "now"). Nothing when absent or
// unreadable.
std::optional<std::chrono::milliseconds> retry_after(const HttpResponseHead& head,
                                                      std::chrono::system_clock::time_point now);

// The wait before attempt `attempt + 1` (attempt counts from 1). `jitter` in [0, 1] scales the
// backoff between half and all of it, so that clients that failed together do not retry together.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt,
                                      std::optional<std::chrono::milliseconds> upstream_hint, double jitter);

}  // namespace chatkit::server
