#include "core/widget/jinja_value.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/json_io.hpp"

namespace chatkit::widget::jinja {

bool truthy(const Value& value) {
  const auto& j = value.json;
  if (value.undefined || j.is_null()) return false;
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number()) return *as_number(j) != 0.0;
  if (j.is_string()) return !j.get_ref<const std::string&>().empty();  // json::empty() is false for any string
  if (j.is_array() || j.is_object()) return !j.empty();
  return true;
}

std::string float_text(double number) {
  if (std::isnan(number)) return "nan";
  if (std::isinf(number)) return number > 0 ? "inf" : "-inf";
  // Python writes fixed notation for 1e-4 <= |x| < 1e16, scientific outside it.
  const double magnitude = std::fabs(number);
  const bool fixed = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16);
  char buffer[64];
  for (int precision = fixed ? 0 : 1; precision <= 20; ++precision) {
    std::snprintf(buffer, sizeof buffer, fixed ? "%.*f" : "%.*g", precision, number);
    if (std::strtod(buffer, nullptr) == number) break;
  }
  std::string text = buffer;
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string printed(const Value& value) {
  const auto& j = value.json;
  if (value.undefined) return {};
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "None";
  if (j.is_boolean()) return j.get<bool>() ? "True" : "False";
  if (j.is_number_float()) return float_text(j.get<double>());
  return to_wire(j);  // integers, lists, objects
}

std::optional<double> as_number(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return static_cast<double>(value.get<std::uint64_t>());
  if (value.is_number_integer()) return static_cast<double>(value.get<std::int64_t>());
  if (value.is_number_float()) return value.get<double>();
  if (value.is_boolean()) return value.get<bool>() ? 1.0 : 0.0;
  return std::nullopt;
}

bool is_integer(const nlohmann::json& value) {
  return value.is_number_integer() || value.is_number_unsigned() || value.is_boolean();
}

}  // namespace chatkit::widget::jinja
