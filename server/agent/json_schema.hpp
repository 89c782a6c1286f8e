#pragma once
// Checks tool arguments against the JSON schema the tool declared, before its handler runs.
// The subset tools use: type (one or a list), properties, required, additionalProperties (bool or
// schema), enum, const, minLength/maxLength, minimum/maximum and their exclusive forms, items,
// minItems/maxItems, anyOf. Keywords outside that subset are ignored, as JSON Schema prescribes for
// unknown keywords, so a schema written for a real model never makes a valid call fail here.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace chatkit::server {

struct SchemaViolation {
  std::string path;     // "$.todo_id"
  std::string message;  // "expected a string, got 42"
};

// The first violation, or nullopt when `value` satisfies `schema`.
std::optional<SchemaViolation> check_schema(const nlohmann::json& value, const nlohmann::json& schema);

}  // namespace chatkit::server
