#pragma once
// Guarded JSON parsing and the one way JSON leaves the process (compact, never throws).
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace chatkit {

using json = nlohmann::json;

struct JsonLimits {
  std::size_t max_depth = 128;          // nesting of arrays/objects
  std::size_t max_bytes = 16u << 20;    // whole document
  // Elements of arrays and members of objects, counted over the whole document: a few bytes of
  // text can become tens of bytes of tree each (`{}` is 2 bytes, its node over 60), so the count
  // bounds the memory a document costs. No limit unless set.
  std::size_t max_values = static_cast<std::size_t>(-1);
};

// Widget trees nest deeper than protocol requests (each component is two JSON levels: the object
// and its `children` array); the widget validator itself refuses components nested beyond 256.
inline constexpr JsonLimits kWidgetJsonLimits{.max_depth = 1024, .max_bytes = 64u << 20};

// Parses one JSON document. Refuses (as ErrorCode::invalid_json, with the byte offset) documents
// that are empty, truncated, not UTF-8, nested deeper than the limit, with more values than the
// limit, or with numbers out of range.
Result<json> parse_json(std::string_view text, const JsonLimits& limits = {});

// Compact UTF-8 JSON. Invalid UTF-8 inside strings (only possible from our own code) is replaced
// rather than thrown.
std::string to_wire(const json& value);

// A value for an error message: its JSON text, cut to about `max_bytes` on a UTF-8 boundary.
std::string json_excerpt(const json& value, std::size_t max_bytes = 60);

// Human name of a JSON value's type, for error messages ("string", "array", ...).
std::string_view json_kind(const json& value);

}  // namespace chatkit
