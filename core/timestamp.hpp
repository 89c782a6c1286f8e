#pragma once
// Timestamps on the wire: ISO-8601. We emit UTC with microseconds and a Z suffix
// ("2025-01-02T03:04:05.123456Z") and accept any ISO-8601 date-time on input (docs/PROTOCOL.md §0.1.5).
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace chatkit {

struct Timestamp {
  std::int64_t micros = 0;  // since 1970-01-01T00:00:00Z
  auto operator<=>(const Timestamp&) const = default;
};

std::string format_iso8601(Timestamp t);

// Accepts "YYYY-MM-DDTHH:MM[:SS[.fraction]]" with an optional "Z" or "+HH:MM"/"-HH:MM" offset
// (naive values are taken as UTC, as the reference writes its local naive clock). A space may
// stand for "T". The fraction may have any number of digits; beyond microseconds it is truncated.
Result<Timestamp> parse_iso8601(std::string_view text);

}  // namespace chatkit
