#include "core/json_schema.hpp"

#include <cmath>

#include "core/json_io.hpp"

namespace chatkit {

namespace {

using nlohmann::json;
using Violation = std::optional<SchemaViolation>;

std::string kind_of(const json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "boolean";
  if (value.is_number_integer() || value.is_number_unsigned()) return "integer";
  if (value.is_number()) return "number";
  if (value.is_string()) return "string";
  if (value.is_array()) return "array";
  return "object";
}

std::string shown(const json& value) { return json_excerpt(value); }

bool has_type(const json& value, const std::string& type) {
  if (type == "number") return value.is_number();
  if (type == "integer") {
    return value.is_number_integer() || value.is_number_unsigned() ||
           (value.is_number_float() && std::isfinite(value.get<double>()) &&
            std::floor(value.get<double>()) == value.get<double>());
  }
  return kind_of(value) == type;
}

Violation fail(const std::string& path, std::string message) { return SchemaViolation{path, std::move(message)}; }

Violation check(const json& value, const json& schema, const std::string& path);

Violation check_type(const json& value, const json& schema, const std::string& path) {
  const auto type = schema.find("type");
  if (type == schema.end()) return std::nullopt;
  if (type->is_string()) {
    if (has_type(value, type->get<std::string>())) return std::nullopt;
    return fail(path, "expected " + type->get<std::string>() + ", got " + kind_of(value) + " " + shown(value));
  }
  if (!type->is_array()) return std::nullopt;
  std::string expected;
  for (const auto& t : *type) {
    if (t.is_string() && has_type(value, t.get<std::string>())) return std::nullopt;
    expected += (expected.empty() ? "" : " or ") + (t.is_string() ? t.get<std::string>() : to_wire(t));
  }
  return fail(path, "expected " + expected + ", got " + kind_of(value) + " " + shown(value));
}

Violation check_enum(const json& value, const json& schema, const std::string& path) {
  if (const auto c = schema.find("const"); c != schema.end() && *c != value) {
    return fail(path, "must be " + shown(*c) + ", got " + shown(value));
  }
  const auto options = schema.find("enum");
  if (options == schema.end() || !options->is_array()) return std::nullopt;
  for (const auto& option : *options) {
    if (option == value) return std::nullopt;
  }
  return fail(path, "must be one of " + shown(*options) + ", got " + shown(value));
}

Violation check_string(const json& value, const json& schema, const std::string& path) {
  if (!value.is_string()) return std::nullopt;
  // Lengths count code points, as JSON Schema does, not bytes.
  std::size_t length = 0;
  for (unsigned char c : value.get_ref<const std::string&>()) length += (c & 0xC0) != 0x80;
  if (schema.contains("minLength") && schema["minLength"].is_number() && length < schema["minLength"].get<double>()) {
    return fail(path, "must have at least " + to_wire(schema["minLength"]) + " characters");
  }
  if (schema.contains("maxLength") && schema["maxLength"].is_number() && length > schema["maxLength"].get<double>()) {
    return fail(path, "must have at most " + to_wire(schema["maxLength"]) + " characters");
  }
  return std::nullopt;
}

Violation check_bound(const json& schema, const char* keyword, double number, const std::string& path) {
  const auto bound = schema.find(keyword);
  if (bound == schema.end() || !bound->is_number()) return std::nullopt;
  const double limit = bound->get<double>();
  const std::string name(keyword);
  const bool broken = name == "minimum"            ? number < limit
                      : name == "maximum"          ? number > limit
                      : name == "exclusiveMinimum" ? number <= limit
                                                   : number >= limit;
  if (!broken) return std::nullopt;
  return fail(path, "must satisfy " + name + " " + to_wire(*bound) + ", got " + shown(json(number)));
}

Violation check_number(const json& value, const json& schema, const std::string& path) {
  if (!value.is_number()) return std::nullopt;
  const double number = value.get<double>();
  for (const char* keyword : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}) {
    if (auto violation = check_bound(schema, keyword, number, path)) return violation;
  }
  return std::nullopt;
}

Violation check_array(const json& value, const json& schema, const std::string& path) {
  if (!value.is_array()) return std::nullopt;
  if (schema.contains("minItems") && schema["minItems"].is_number() && value.size() < schema["minItems"].get<double>()) {
    return fail(path, "must have at least " + to_wire(schema["minItems"]) + " items");
  }
  if (schema.contains("maxItems") && schema["maxItems"].is_number() && value.size() > schema["maxItems"].get<double>()) {
    return fail(path, "must have at most " + to_wire(schema["maxItems"]) + " items");
  }
  const auto items = schema.find("items");
  if (items == schema.end() || !items->is_object()) return std::nullopt;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (auto violation = check(value[i], *items, path + "[" + std::to_string(i) + "]")) return violation;
  }
  return std::nullopt;
}

Violation check_object(const json& value, const json& schema, const std::string& path) {
  if (!value.is_object()) return std::nullopt;
  if (const auto required = schema.find("required"); required != schema.end() && required->is_array()) {
    for (const auto& name : *required) {
      if (name.is_string() && !value.contains(name.get<std::string>())) {
        return fail(path + "." + name.get<std::string>(), "is required");
      }
    }
  }
  const json properties = schema.value("properties", json::object());
  const json extra = schema.value("additionalProperties", json(true));
  for (const auto& [name, member] : value.items()) {
    const std::string member_path = path + "." + name;
    if (properties.is_object() && properties.contains(name)) {
      if (auto violation = check(member, properties[name], member_path)) return violation;
    } else if (extra.is_boolean() && !extra.get<bool>()) {
      return fail(member_path, std::string(kUnknownProperty));
    } else if (extra.is_object()) {
      if (auto violation = check(member, extra, member_path)) return violation;
    }
  }
  return std::nullopt;
}

Violation check_any_of(const json& value, const json& schema, const std::string& path) {
  const auto any_of = schema.find("anyOf");
  if (any_of == schema.end() || !any_of->is_array() || any_of->empty()) return std::nullopt;
  Violation first;
  for (const auto& option : *any_of) {
    auto violation = check(value, option, path);
    if (!violation) return std::nullopt;
    if (!first) first = std::move(violation);
  }
  return first;
}

Violation check(const json& value, const json& schema, const std::string& path) {
  if (schema.is_boolean()) return schema.get<bool>() ? std::nullopt : fail(path, "is not allowed");
  if (!schema.is_object()) return std::nullopt;
  for (auto step : {check_type, check_enum, check_string, check_number, check_array, check_object, check_any_of}) {
    if (auto violation = step(value, schema, path)) return violation;
  }
  return std::nullopt;
}

}  // namespace

std::optional<SchemaViolation> check_schema(const json& value, const json& schema) {
  return check(value, schema, "$");
}

}  // namespace chatkit
