#pragma once
// Ids with the reference prefixes (docs/PROTOCOL.md §7.2): the reference's "<prefix>_" + 8 lowercase hex
// digits (make_id), and the wider forms below; the server uses make_ordered_id.
// Core has no randomness source of its own; callers pass the random bits.
#include <cstdint>
#include <string>
#include <string_view>

namespace chatkit {

// `run` is ours: a streamed response that outlives its connection (docs/PROTOCOL.md §4.7).
enum class IdKind { thread, message, tool_call, task, workflow, attachment, sdk_hidden_context, run };

std::string_view id_prefix(IdKind kind);
std::string make_id(IdKind kind, std::uint32_t random_bits);
// "<prefix>_" + 16 lowercase hex digits. The server uses these: with 8 digits, one user's ten
// thousand threads already collide with a probability of about 1%, and a collision would overwrite.
std::string make_wide_id(IdKind kind, std::uint64_t random_bits);
// "<prefix>_" + 12 hex digits of `millis` (milliseconds since 1970) + 16 of random bits. The
// server's ids: ids made later sort later, so a store's indexes on them grow at one end and a
// commit touches a few pages instead of one random page per new row; the random half keeps them
// unique (and unguessable) among the ids of the same millisecond.
std::string make_ordered_id(IdKind kind, std::uint64_t millis, std::uint64_t random_bits);

}  // namespace chatkit
