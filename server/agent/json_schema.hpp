#pragma once
// Checks tool arguments against the JSON schema the tool declared, before its handler runs:
// core's schema check (core/json_schema.hpp), with a refused extra member named as a parameter.
#include <optional>

#include "core/json_schema.hpp"

namespace chatkit::server {

using chatkit::SchemaViolation;

// The first violation, or nullopt when `arguments` satisfy `schema`.
inline std::optional<SchemaViolation> check_schema(const nlohmann::json& arguments, const nlohmann::json& schema) {
  auto violation = chatkit::check_schema(arguments, schema);
  // A model reads this message: "parameter" tells it which mistake it made.
  if (violation && violation->message == kUnknownProperty) violation->message = "is not a parameter of this tool";
  return violation;
}

}  // namespace chatkit::server
