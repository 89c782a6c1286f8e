#pragma once
// The generic JSON codec of the protocol model.
//
// Every wire struct describes its fields once, in a static template `fields(self, visitor)`:
//   v.required("text", s.text);        // must be present and non-null; always emitted
//   v.optional("title", s.title);      // std::optional<T> (or json: null ≡ absent); emitted when set
//   v.defaulted("status", s.status);   // may be absent (keeps the C++ default); always emitted
//   v.server_only("metadata", s.m);    // read always, written only in storage form
// Tagged structs (members of discriminated unions) carry `static constexpr std::string_view kType`.
// From that one description, `decode<T>` validates and reports the first problem with its JSON path,
// and `encode` follows docs/PROTOCOL.md §0.1 (null fields omitted, defaults always emitted).
// Decoding throws nothing: the first problem is recorded (fail) and every level returns as soon as
// the path says it failed, so the browser's module can drop exception handling from the core.
// Include this only from .cpp files: headers declare the structs, .cpp files instantiate codecs.
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/json_io.hpp"
#include "core/protocol/wire.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace chatkit::codec {

// The first problem a decode met; decode() turns it into an Error value.
struct DecodeFailure {
  std::string path;
  std::string reason;
};

// A JSON path built on the stack while descending ("$.params.input.content[0].text"). Every path
// of one decode points at the same slot for its failure.
class Path {
 public:
  // "$", recording the decode's failure in `failure`.
  explicit Path(std::optional<DecodeFailure>& failure) : Path(nullptr, {}, kNoIndex, &failure) {}
  Path field(std::string_view name) const { return Path(this, name, kNoIndex, failure_); }
  Path index(std::size_t i) const { return Path(this, {}, i, failure_); }
  std::string str() const;
  // Whether the decode has failed: whoever sees it returns at once.
  bool failed() const { return failure_->has_value(); }

 private:
  friend void fail(const Path& path, std::string_view reason);
  static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);
  Path(const Path* parent, std::string_view key, std::size_t index, std::optional<DecodeFailure>* failure)
      : parent_(parent), key_(key), index_(index), failure_(failure) {}
  const Path* parent_;
  std::string_view key_;
  std::size_t index_;
  std::optional<DecodeFailure>* failure_;
};

// Record the decode's failure at `path` (the first one recorded stands); the caller returns.
void fail(const Path& path, std::string_view reason);
void fail_kind(const Path& path, std::string_view expected, const json& got);

// The checks every instantiation of the templates below shares, compiled once (codec.cpp) rather
// than into each of them.

// Whether `j` is an object whose `type`, when it has one and `type` is not empty, is `type`;
// fails when not.
bool expect_object(const json& j, const Path& path, std::string_view type);
// The index of `j`'s text among `names` (an enum's); fails naming them when it is none.
std::optional<std::size_t> enum_index(const json& j, const Path& path, std::span<const std::string_view> names);
// The index of the object `j`'s `type` among `types` (a discriminated union's); fails naming them
// when it is none.
std::optional<std::size_t> variant_index(const json& j, const Path& path, std::span<const std::string_view> types);

struct WriteOptions {
  bool storage = false;  // storage form keeps server-only fields (attachment metadata)
};

template <class>
inline constexpr bool kDependentFalse = false;

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};
template <class T>
struct IsStringMap : std::false_type {};
template <class T>
struct IsStringMap<std::map<std::string, T>> : std::true_type {};
template <class T>
struct IsVariant : std::false_type {};
template <class... T>
struct IsVariant<std::variant<T...>> : std::true_type {};

struct AnyVisitor {
  template <class... A>
  void required(A&&...);
  template <class... A>
  void optional(A&&...);
  template <class... A>
  void defaulted(A&&...);
  template <class... A>
  void server_only(A&&...);
};
template <class T>
concept Described = requires(T& t, AnyVisitor& v) { T::fields(t, v); };
template <class T>
concept Tagged = requires { std::string_view{T::kType}; };
// T's kType, empty for an untagged struct.
template <class T>
constexpr std::string_view tag_of() {
  if constexpr (Tagged<T>) {
    return T::kType;
  } else {
    return {};
  }
}

template <class T>
void read(const json& j, T& out, const Path& path);
template <class T>
json write(const T& value, const WriteOptions& options);

// Decodes from the fields of one JSON object.
class Reader {
 public:
  Reader(const json& object, const Path& path) : object_(object), path_(path) {}

  template <class T>
  void required(std::string_view name, T& field) {
    if (const json* v = require(name, std::is_same_v<T, json> ? Nulls::allowed : Nulls::refused)) {
      read(*v, field, path_.field(name));
    }
  }
  template <class T>
  void optional(std::string_view name, std::optional<T>& field) {
    if (const json* v = find_set(name)) return read(*v, field.emplace(), path_.field(name));
    field.reset();
  }
  void optional(std::string_view name, json& field);
  template <class T>
  void defaulted(std::string_view name, T& field) {
    if (const json* v = find_not_null(name)) read(*v, field, path_.field(name));
  }
  template <class T>
  void server_only(std::string_view name, T& field) {
    optional(name, field);
  }

 private:
  enum class Nulls { refused, allowed };
  const json* find(std::string_view name) const;
  // These three give nullptr once the decode has failed: the fields after a bad one are skipped.
  // The field's value; nullptr and a failure when it is missing, or null unless that is `allowed`.
  const json* require(std::string_view name, Nulls nulls) const;
  // The field's value; nullptr when it is missing, and a failure too when it is null.
  const json* find_not_null(std::string_view name) const;
  // The field's value; nullptr when it is missing or null.
  const json* find_set(std::string_view name) const;

  const json& object_;
  const Path& path_;
};

// Encodes into one JSON object.
class Writer {
 public:
  Writer(json& object, const WriteOptions& options) : object_(object), options_(options) {}

  template <class T>
  void required(std::string_view name, const T& field) {
    member(name) = write(field, options_);
  }
  template <class T>
  void optional(std::string_view name, const std::optional<T>& field) {
    if (field) member(name) = write(*field, options_);
  }
  void optional(std::string_view name, const json& field) {
    if (!field.is_null()) member(name) = field;
  }
  template <class T>
  void defaulted(std::string_view name, const T& field) {
    required(name, field);
  }
  template <class T>
  void server_only(std::string_view name, const T& field) {
    if (options_.storage) optional(name, field);
  }

 private:
  json& member(std::string_view name);  // null until assigned

  json& object_;
  const WriteOptions& options_;
};

// An empty object, with "type": `type` when one is given.
json object_of_type(std::string_view type);

// ---- reading ------------------------------------------------------------------------------

template <class T>
void read_integer(const json& j, T& out, const Path& path) {
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) return fail(path, "integer out of range");
    out = static_cast<T>(v);
  } else if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
        (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))) {
      return fail(path, "integer out of range");
    }
    out = static_cast<T>(v);
  } else {
    fail_kind(path, "an integer", j);
  }
}

template <class T>
void read_enum(const json& j, T& out, const Path& path) {
  if (auto index = enum_index(j, path, EnumNames<T>::values)) out = static_cast<T>(*index);
}

// The fields of an object already checked.
template <class T>
void read_fields(const json& j, T& out, const Path& path) {
  Reader reader(j, path);
  T::fields(out, reader);
}

template <class T>
void read_struct(const json& j, T& out, const Path& path) {
  if (expect_object(j, path, tag_of<T>())) read_fields(j, out, path);
}

template <std::size_t I, class Variant>
void read_alternative(const json& j, Variant& out, const Path& path) {
  read_fields(j, out.template emplace<I>(), path);
}

// The alternative is found by its `type` once, and read through a table of one small function
// per alternative, instead of testing each in turn with its reading inlined into the test.
template <class... Alts, std::size_t... I>
void read_variant(const json& j, std::variant<Alts...>& out, const Path& path, std::index_sequence<I...>) {
  static_assert((Tagged<Alts> && ...), "discriminated unions need kType on every alternative");
  static constexpr std::array<std::string_view, sizeof...(Alts)> kTypes{Alts::kType...};
  using ReadAlternative = void (*)(const json&, std::variant<Alts...>&, const Path&);
  static constexpr ReadAlternative kRead[] = {&read_alternative<I, std::variant<Alts...>>...};
  if (auto index = variant_index(j, path, kTypes)) kRead[*index](j, out, path);
}

template <class... Alts>
void read_variant(const json& j, std::variant<Alts...>& out, const Path& path) {
  read_variant(j, out, path, std::index_sequence_for<Alts...>{});
}

template <class T>
void read(const json& j, T& out, const Path& path) {
  if constexpr (Codec<T>::kCustom) {
    Codec<T>::read(j, out, path);
  } else if constexpr (std::is_same_v<T, json>) {
    out = j;
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) return fail_kind(path, "a string", j);
    out = j.template get_ref<const std::string&>();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) return fail_kind(path, "a boolean", j);
    out = j.template get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    read_integer(j, out, path);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!j.is_number()) return fail_kind(path, "a number", j);
    out = j.template get<T>();
  } else if constexpr (std::is_enum_v<T>) {
    read_enum(j, out, path);
  } else if constexpr (IsVector<T>::value) {
    if (!j.is_array()) return fail_kind(path, "an array", j);
    out.clear();
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size() && !path.failed(); ++i) read(j[i], out.emplace_back(), path.index(i));
  } else if constexpr (IsStringMap<T>::value) {
    if (!j.is_object()) return fail_kind(path, "an object", j);
    out.clear();
    for (auto it = j.begin(); it != j.end() && !path.failed(); ++it) {
      read(it.value(), out[it.key()], path.field(it.key()));
    }
  } else if constexpr (IsVariant<T>::value) {
    read_variant(j, out, path);
  } else if constexpr (Described<T>) {
    read_struct(j, out, path);
  } else {
    static_assert(kDependentFalse<T>, "no codec for this type");
  }
}

// ---- writing ------------------------------------------------------------------------------

template <class T>
json write(const T& value, const WriteOptions& options) {
  if constexpr (Codec<T>::kCustom) {
    return Codec<T>::write(value, options);
  } else if constexpr (std::is_same_v<T, json> || std::is_same_v<T, std::string> || std::is_arithmetic_v<T>) {
    return json(value);
  } else if constexpr (std::is_enum_v<T>) {
    return json(std::string(EnumNames<T>::values[static_cast<std::size_t>(value)]));
  } else if constexpr (IsVector<T>::value) {
    json out = json::array();
    for (const auto& element : value) out.push_back(write(element, options));
    return out;
  } else if constexpr (IsStringMap<T>::value) {
    json out = json::object();
    for (const auto& [key, element] : value) out[key] = write(element, options);
    return out;
  } else if constexpr (IsVariant<T>::value) {
    return std::visit([&](const auto& alt) { return write(alt, options); }, value);
  } else if constexpr (Described<T>) {
    json out = object_of_type(tag_of<T>());
    Writer writer(out, options);
    T::fields(value, writer);
    return out;
  } else {
    static_assert(kDependentFalse<T>, "no codec for this type");
  }
}

// ---- writing text directly ------------------------------------------------------------------
// The same encoding as write(), appended to a string without building a json tree first: the
// server encodes every event and stored row this way (building the tree and dumping it was
// nearly half of a streamed request's CPU). Keys come in declaration order ("type" first), which
// §0.1 allows; json::parse(text) equals write() exactly, a property the tests check.

// A JSON string literal. Plain printable ASCII is copied as is; anything else goes through
// nlohmann's escaper, which also replaces invalid UTF-8 as to_wire() does.
void append_json_string(std::string& out, std::string_view text);
void append_json_integer(std::string& out, std::int64_t value);
void append_json_unsigned(std::string& out, std::uint64_t value);

template <class T>
void write_text(const T& value, const WriteOptions& options, std::string& out);

class TextWriter {
 public:
  TextWriter(std::string& out, const WriteOptions& options, bool first) : out_(out), options_(options), first_(first) {}

  template <class T>
  void required(std::string_view name, const T& field) {
    key(name);
    write_text(field, options_, out_);
  }
  template <class T>
  void optional(std::string_view name, const std::optional<T>& field) {
    if (field) required(name, *field);
  }
  void optional(std::string_view name, const json& field) {
    if (!field.is_null()) required(name, field);
  }
  template <class T>
  void defaulted(std::string_view name, const T& field) {
    required(name, field);
  }
  template <class T>
  void server_only(std::string_view name, const T& field) {
    if (options_.storage) optional(name, field);
  }

 private:
  // Appends ,"name": in one append (every field of every event passes here).
  void key(std::string_view name) {
    char buffer[64];
    if (name.size() + 4 > sizeof buffer) return long_key(name);
    std::size_t n = 0;
    if (!first_) buffer[n++] = ',';
    buffer[n++] = '"';
    name.copy(buffer + n, name.size());  // field names are plain identifiers
    n += name.size();
    buffer[n++] = '"';
    buffer[n++] = ':';
    out_.append(buffer, n);
    first_ = false;
  }
  void long_key(std::string_view name) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += name;
    out_ += "\":";
  }
  std::string& out_;
  const WriteOptions& options_;
  bool first_;
};

template <class T>
void write_text(const T& value, const WriteOptions& options, std::string& out) {
  if constexpr (std::is_same_v<T, Timestamp>) {
    out += '"';
    out += format_iso8601(value);  // digits, '-', ':', '.', 'T', 'Z': nothing to escape
    out += '"';
  } else if constexpr (Codec<T>::kCustom) {
    out += to_wire(Codec<T>::write(value, options));
  } else if constexpr (std::is_same_v<T, json>) {
    out += to_wire(value);
  } else if constexpr (std::is_same_v<T, std::string>) {
    append_json_string(out, value);
  } else if constexpr (std::is_same_v<T, bool>) {
    out += value ? "true" : "false";
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    append_json_integer(out, value);
  } else if constexpr (std::is_integral_v<T>) {
    append_json_unsigned(out, value);
  } else if constexpr (std::is_arithmetic_v<T>) {
    out += to_wire(json(value));
  } else if constexpr (std::is_enum_v<T>) {
    append_json_string(out, EnumNames<T>::values[static_cast<std::size_t>(value)]);
  } else if constexpr (IsVector<T>::value) {
    out += '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out += ',';
      write_text(value[i], options, out);
    }
    out += ']';
  } else if constexpr (IsStringMap<T>::value) {
    out += '{';
    bool first = true;
    for (const auto& [key, element] : value) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, key);
      out += ':';
      write_text(element, options, out);
    }
    out += '}';
  } else if constexpr (IsVariant<T>::value) {
    std::visit([&](const auto& alt) { write_text(alt, options, out); }, value);
  } else if constexpr (Described<T>) {
    out += '{';
    bool first = true;
    if constexpr (Tagged<T>) {
      out += "\"type\":";
      append_json_string(out, T::kType);
      first = false;
    }
    TextWriter writer(out, options, first);
    T::fields(value, writer);
    out += '}';
  } else {
    static_assert(kDependentFalse<T>, "no codec for this type");
  }
}

// ---- entry points ---------------------------------------------------------------------------

template <class T>
Result<T> decode(const json& j, ErrorCode code = ErrorCode::invalid_request) {
  std::optional<DecodeFailure> failure;
  T out{};
  read(j, out, Path(failure));
  if (failure) return make_error(code, std::move(failure->reason), std::move(failure->path));
  return out;
}

template <class T>
json encode(const T& value, const WriteOptions& options = {}) {
  return write(value, options);
}

// The compact JSON text of encode(value), written directly.
template <class T>
std::string encode_text(const T& value, const WriteOptions& options = {}) {
  std::string out;
  out.reserve(256);
  write_text(value, options, out);
  return out;
}

}  // namespace chatkit::codec
