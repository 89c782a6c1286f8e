#pragma once
// Where the server's timestamps and ids come from. Timestamps never go backwards, even when the
// wall clock does: created_at is the pagination key, so it must be monotonic (docs/PROTOCOL.md §7.5).
#include <cstdint>
#include <string>

#include "core/ids.hpp"
#include "core/timestamp.hpp"

namespace chatkit::server {

// The current UTC time in microseconds, strictly increasing across all threads of the process.
Timestamp monotonic_now();

// The wall clock in milliseconds since 1970 (what instances sharing a database compare).
std::int64_t epoch_ms();

// A fresh id with the kind's prefix: the time in milliseconds, then 64 random bits (core's
// make_ordered_id), so that the store's indexes on ids grow at one end.
std::string random_id(IdKind kind);
// "<prefix>_" + 64 random bits: for ids that no index is ordered by and that every event repeats
// (a run's, in each `id: RUN:SEQ` line).
std::string random_wide_id(IdKind kind);

}  // namespace chatkit::server
