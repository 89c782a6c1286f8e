#include "core/widget/jinja_filters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>

#include "core/json_io.hpp"
#include "core/widget/jinja_parser.hpp"

namespace chatkit::widget::jinja {
namespace {

using nlohmann::json;
using Args = std::vector<Value>;
using Filter = std::function<Result<Value>(const Args&)>;

Error filter_error(std::string message) { return make_error(ErrorCode::invalid_widget, std::move(message)); }

Value of(json value) { return Value{std::move(value)}; }

const Value& arg(const Args& args, std::size_t i) {
  static const Value kMissing = Value::missing("");
  return i < args.size() ? args[i] : kMissing;
}

std::string text_of(const Value& v) { return printed(v); }

// ASCII case mapping; other bytes (UTF-8) pass unchanged.
std::string mapped(std::string text, int (*map)(int)) {
  for (auto& c : text) {
    if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(map(c));
  }
  return text;
}
int to_upper(int c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }
int to_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

std::string titled(const std::string& text) {
  std::string out = text;
  bool word_start = true;
  for (auto& c : out) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    c = static_cast<char>(letter ? (word_start ? to_upper(c) : to_lower(c)) : c);
    word_start = !letter && c != '\'';
  }
  return out;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

Result<Value> to_json_filter(const Args& a) {
  if (a[0].undefined) return filter_error("tojson of undefined value '" + a[0].origin + "'");
  return of(to_wire(a[0].json));
}

Result<Value> length_filter(const Args& a) {
  const auto& j = a[0].json;
  if (a[0].undefined) return of(0);
  if (j.is_string()) return of(j.get<std::string>().size());
  if (j.is_array() || j.is_object()) return of(j.size());
  return filter_error("length of a " + std::string(json_kind(j)));
}

Result<Value> default_filter(const Args& a) {
  const bool boolean = truthy(arg(a, 2));
  const bool use_default = a[0].undefined || (boolean && !truthy(a[0]));
  if (!use_default) return a[0];
  return arg(a, 1).undefined ? of("") : arg(a, 1);
}

Result<Value> join_filter(const Args& a) {
  if (!a[0].json.is_array()) return filter_error("join of a " + std::string(json_kind(a[0].json)));
  const std::string separator = arg(a, 1).undefined ? "" : text_of(arg(a, 1));
  std::string out;
  for (std::size_t i = 0; i < a[0].json.size(); ++i) out += (i ? separator : "") + text_of(of(a[0].json[i]));
  return of(out);
}

Result<double> number_arg(const Value& v, const char* filter) {
  if (auto n = as_number(v.json); n && !v.undefined) return *n;
  return filter_error(std::string(filter) + " of a " + std::string(v.undefined ? "undefined value" : json_kind(v.json)));
}

Result<Value> round_filter(const Args& a) {
  auto n = number_arg(a[0], "round");
  if (!n) return n.error();
  const double digits = arg(a, 1).undefined ? 0 : as_number(arg(a, 1).json).value_or(0);
  const std::string method = arg(a, 2).undefined ? "common" : text_of(arg(a, 2));
  const double scale = std::pow(10.0, digits);
  double x = *n * scale;
  x = method == "floor" ? std::floor(x) : method == "ceil" ? std::ceil(x) : std::round(x);
  return of(x / scale);
}

Result<Value> int_filter(const Args& a) {
  const auto& j = a[0].json;
  if (auto n = as_number(j); n && !a[0].undefined) return of(static_cast<std::int64_t>(std::trunc(*n)));
  if (j.is_string()) {
    const std::string text = trimmed(j.get<std::string>());
    char* end = nullptr;
    const double n = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size()) return of(static_cast<std::int64_t>(std::trunc(n)));
  }
  return arg(a, 1).undefined ? of(0) : arg(a, 1);
}

Result<Value> float_filter(const Args& a) {
  const auto& j = a[0].json;
  if (auto n = as_number(j); n && !a[0].undefined) return of(*n);
  if (j.is_string()) {
    const std::string text = trimmed(j.get<std::string>());
    char* end = nullptr;
    const double n = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size()) return of(n);
  }
  return arg(a, 1).undefined ? of(0.0) : arg(a, 1);
}

Result<Value> abs_filter(const Args& a) {
  if (is_integer(a[0].json) && !a[0].json.is_boolean()) {
    const auto n = a[0].json.get<std::int64_t>();
    return of(n < 0 ? -n : n);
  }
  auto n = number_arg(a[0], "abs");
  if (!n) return n.error();
  return of(std::fabs(*n));
}

Result<Value> end_filter(const Args& a, bool first) {
  const auto& j = a[0].json;
  if (j.is_array()) {
    if (j.empty()) return Value::missing("an empty list's item");
    return of(first ? j.front() : j.back());
  }
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    if (s.empty()) return Value::missing("an empty string's character");
    return of(std::string(1, first ? s.front() : s.back()));
  }
  return filter_error(std::string(first ? "first" : "last") + " of a " +
                      std::string(a[0].undefined ? "undefined value" : json_kind(j)));
}

Result<Value> replace_filter(const Args& a) {
  std::string text = text_of(a[0]);
  const std::string from = text_of(arg(a, 1));
  const std::string to = text_of(arg(a, 2));
  if (from.empty()) return of(text);
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return of(text);
}

Result<Value> reverse_filter(const Args& a) {
  json j = a[0].json;
  if (j.is_string()) {
    auto s = j.get<std::string>();
    std::reverse(s.begin(), s.end());
    return of(s);
  }
  if (!j.is_array()) return filter_error("reverse of a " + std::string(json_kind(j)));
  std::reverse(j.begin(), j.end());
  return of(j);
}

Result<Value> sum_filter(const Args& a) {
  if (!a[0].json.is_array()) return filter_error("sum of a " + std::string(json_kind(a[0].json)));
  bool integral = true;
  double total = 0;
  for (const auto& item : a[0].json) {
    auto n = as_number(item);
    if (!n) return filter_error("sum of a list holding a " + std::string(json_kind(item)));
    integral = integral && is_integer(item);
    total += *n;
  }
  return integral ? of(static_cast<std::int64_t>(total)) : of(total);
}

Result<Value> extreme_filter(const Args& a, bool smallest) {
  const auto& j = a[0].json;
  if (!j.is_array()) return filter_error(std::string(smallest ? "min" : "max") + " of a " + std::string(json_kind(j)));
  if (j.empty()) return Value::missing("an empty list's item");
  auto best = j.begin();
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (smallest ? (*it < *best) : (*best < *it)) best = it;
  }
  return of(*best);
}

Result<Value> list_filter(const Args& a) {
  const auto& j = a[0].json;
  if (j.is_array()) return a[0];
  json out = json::array();
  if (j.is_string()) {
    for (char c : j.get<std::string>()) out.push_back(std::string(1, c));
  } else if (j.is_object()) {
    for (const auto& [key, _] : j.items()) out.push_back(key);
  } else {
    return filter_error("list of a " + std::string(json_kind(j)));
  }
  return of(out);
}

Result<Value> sort_filter(const Args& a) {
  json j = a[0].json;
  if (!j.is_array()) return filter_error("sort of a " + std::string(json_kind(j)));
  std::stable_sort(j.begin(), j.end());
  if (truthy(arg(a, 1))) std::reverse(j.begin(), j.end());
  return of(j);
}

Result<Value> string_filter(const Args& a) { return of(text_of(a[0])); }

const std::map<std::string_view, Filter>& filters() {
  static const std::map<std::string_view, Filter> table{
      {"tojson", to_json_filter},
      {"length", length_filter},
      {"count", length_filter},
      {"default", default_filter},
      {"d", default_filter},
      {"upper", [](const Args& a) -> Result<Value> { return of(mapped(text_of(a[0]), to_upper)); }},
      {"lower", [](const Args& a) -> Result<Value> { return of(mapped(text_of(a[0]), to_lower)); }},
      {"title", [](const Args& a) -> Result<Value> { return of(titled(text_of(a[0]))); }},
      {"capitalize",
       [](const Args& a) -> Result<Value> {
         std::string s = mapped(text_of(a[0]), to_lower);
         if (!s.empty()) s[0] = static_cast<char>(to_upper(s[0]));
         return of(s);
       }},
      {"trim", [](const Args& a) -> Result<Value> { return of(trimmed(text_of(a[0]))); }},
      {"join", join_filter},
      {"round", round_filter},
      {"int", int_filter},
      {"float", float_filter},
      {"string", string_filter},
      {"abs", abs_filter},
      {"first", [](const Args& a) { return end_filter(a, true); }},
      {"last", [](const Args& a) { return end_filter(a, false); }},
      {"replace", replace_filter},
      {"reverse", reverse_filter},
      {"sum", sum_filter},
      {"min", [](const Args& a) { return extreme_filter(a, true); }},
      {"max", [](const Args& a) { return extreme_filter(a, false); }},
      {"list", list_filter},
      {"sort", sort_filter},
  };
  return table;
}

bool odd(const Value& v) { return is_integer(v.json) && (v.json.get<std::int64_t>() % 2 != 0); }

}  // namespace

bool is_known_filter(std::string_view name) { return filters().count(name) != 0; }

bool is_known_test(std::string_view name) {
  for (std::string_view known : {"defined", "undefined", "none", "number", "integer", "float", "string",
                                 "mapping", "sequence", "iterable", "boolean", "true", "false", "odd", "even"}) {
    if (name == known) return true;
  }
  return false;
}

Result<Value> apply_filter(std::string_view name, const std::vector<Value>& args) {
  const auto found = filters().find(name);
  if (found == filters().end()) return filter_error("unknown filter '" + std::string(name) + "'");
  return found->second(args);
}

bool apply_test(std::string_view name, const Value& v) {
  const auto& j = v.json;
  const bool defined = !v.undefined;
  if (name == "defined") return defined;
  if (name == "undefined") return !defined;
  if (name == "none") return defined && j.is_null();
  if (name == "number") return defined && j.is_number();
  if (name == "integer") return defined && (j.is_number_integer() || j.is_number_unsigned());
  if (name == "float") return defined && j.is_number_float();
  if (name == "string") return defined && j.is_string();
  if (name == "mapping") return defined && j.is_object();
  if (name == "sequence" || name == "iterable") return defined && (j.is_array() || j.is_string() || j.is_object());
  if (name == "boolean") return defined && j.is_boolean();
  if (name == "true") return defined && j.is_boolean() && j.get<bool>();
  if (name == "false") return defined && j.is_boolean() && !j.get<bool>();
  if (name == "odd") return defined && odd(v);
  return defined && is_integer(j) && !odd(v);  // even
}

}  // namespace chatkit::widget::jinja
