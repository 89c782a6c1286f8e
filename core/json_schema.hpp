#pragma once
// Checks a JSON value against a JSON schema: tool arguments before a tool runs (server/agent),
// and a widget template's data before it renders (core/widget/template).
// The subset tools and ChatKit Studio use: type (one or a list), properties, required,
// additionalProperties (bool or schema), enum, const, minLength/maxLength, minimum/maximum and
// their exclusive forms, items, minItems/maxItems, anyOf. Keywords outside that subset are
// ignored, as JSON Schema prescribes for unknown keywords, so a schema written for a real model
// never makes a valid call fail here. Pure and exception-free (it runs in wasm too).
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace chatkit {

struct SchemaViolation {
  std::string path;     // "$.todo_id"
  std::string message;  // "expected a string, got 42"
};

// The message of a member that `additionalProperties: false` refuses.
inline constexpr std::string_view kUnknownProperty = "is not an allowed property";

// The first violation, or nullopt when `value` satisfies `schema`.
std::optional<SchemaViolation> check_schema(const nlohmann::json& value, const nlohmann::json& schema);

}  // namespace chatkit
