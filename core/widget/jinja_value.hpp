#pragma once
// A template value: JSON, or Jinja's `undefined` (a missing variable or key), and the helpers
// the renderer and the filters share: truthiness, printing, numbers.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace chatkit::widget::jinja {

struct Value {
  nlohmann::json json;
  bool undefined = false;
  std::string origin;  // what was undefined ("user.name"), for error messages

  static Value missing(std::string origin) { return Value{nullptr, true, std::move(origin)}; }
};

bool truthy(const Value& value);

// What `{{ value }}` prints: strings as they are, numbers and booleans as Python prints them
// (1.0, True), none as "None", undefined as nothing, lists and objects as compact JSON.
std::string printed(const Value& value);

// Python's str(float): the shortest text that reads back the same, always with a '.' or exponent.
std::string float_text(double number);

std::optional<double> as_number(const nlohmann::json& value);
bool is_integer(const nlohmann::json& value);

}  // namespace chatkit::widget::jinja
