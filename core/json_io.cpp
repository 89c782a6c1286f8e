#include "core/json_io.hpp"

#include <utility>
#include <vector>

namespace chatkit {
namespace {

// What one scan of the raw text found that breaks a limit: the offset, and which limit.
struct Overrun {
  std::size_t offset;
  bool too_deep;  // else too many values
};

// Scans the raw text once for bracket depth and value count (outside strings), so that
// pathological nesting or a flood of tiny values is refused before the parser builds (and later
// recursively destroys or dumps) a large tree. Values are counted as openings plus separators:
// an upper bound of the elements and members, exact for non-empty containers.
std::optional<Overrun> first_overrun(std::string_view text, const JsonLimits& limits) {
  std::size_t depth = 0;
  std::size_t values = 1;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limits.max_depth) return Overrun{i, true};
      if (++values > limits.max_values) return Overrun{i, false};
    } else if (c == ',') {
      if (++values > limits.max_values) return Overrun{i, false};
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// Builds the tree from nlohmann's SAX events, as json::parse does. json::parse compiles the
// parser twice, with and without a filtering callback (about 10 KB of the browser's module); this
// is the one instance. A syntax error or a number out of range arrives as parse_error(), with
// the exception nlohmann would have thrown, which is kept instead of thrown.
class TreeBuilder {
 public:
  explicit TreeBuilder(json& root) : root_(root) {}

  bool null() { return add(nullptr); }
  bool boolean(bool value) { return add(value); }
  bool number_integer(json::number_integer_t value) { return add(value); }
  bool number_unsigned(json::number_unsigned_t value) { return add(value); }
  bool number_float(json::number_float_t value, const json::string_t&) { return add(value); }
  bool string(json::string_t& value) { return add(std::move(value)); }
  bool binary(json::binary_t& value) { return add(json::binary(std::move(value))); }  // not in JSON text
  bool start_object(std::size_t) { return open(json::value_t::object); }
  bool start_array(std::size_t) { return open(json::value_t::array); }
  bool key(json::string_t& name) {
    member_ = &(*open_.back())[std::move(name)];  // a repeated name keeps its last value
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) {
    error_ = error.what();
    return false;
  }

  // nlohmann's message ("[json.exception.parse_error.101] parse error at line 1, column 2: ...").
  const std::string& error() const { return error_; }

 private:
  template <class Value>
  bool add(Value&& value) {
    place(std::forward<Value>(value));
    return true;
  }
  // Where a value goes: the root, the end of the open array, or the member just named.
  template <class Value>
  json* place(Value&& value) {
    if (open_.empty()) {
      root_ = std::forward<Value>(value);
      return &root_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      parent.emplace_back(std::forward<Value>(value));
      return &parent.back();
    }
    *member_ = std::forward<Value>(value);
    return member_;
  }
  bool open(json::value_t type) {
    open_.push_back(place(type));
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> open_;  // the arrays and objects being filled, innermost last
  json* member_ = nullptr;
  std::string error_;
};

}  // namespace

Result<json> parse_json(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return make_error(ErrorCode::payload_too_large,
                      "JSON document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                          std::to_string(limits.max_bytes) + " bytes");
  }
  if (auto overrun = first_overrun(text, limits)) {
    if (overrun->too_deep) {
      return make_error(ErrorCode::invalid_json, "JSON nesting deeper than " + std::to_string(limits.max_depth) +
                                                     " levels at byte " + std::to_string(overrun->offset));
    }
    return make_error(ErrorCode::payload_too_large, "JSON document with more than " +
                                                        std::to_string(limits.max_values) + " values (at byte " +
                                                        std::to_string(overrun->offset) + ")");
  }
  json root;
  TreeBuilder builder(root);
  if (json::sax_parse(text.begin(), text.end(), &builder)) return root;
  // nlohmann's messages name the position and the problem; drop its "[json.exception...]" prefix.
  std::string message = builder.error();
  if (auto close = message.find("] "); message.rfind("[json.exception", 0) == 0 && close != std::string::npos) {
    message = message.substr(close + 2);
  }
  return make_error(ErrorCode::invalid_json, message);
}

std::string to_wire(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string json_excerpt(const json& value, std::size_t max_bytes) {
  std::string text = to_wire(value);
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes > 3 ? max_bytes - 3 : 0;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return text.substr(0, cut) + "...";
}

std::string_view json_kind(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "object";
    case json::value_t::array: return "array";
    case json::value_t::string: return "string";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::binary: return "binary";
    case json::value_t::discarded: return "discarded";
  }
  return "unknown";
}

}  // namespace chatkit
