#include "core/protocol/codec.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <vector>

namespace chatkit::codec {

std::string Path::str() const {
  std::vector<const Path*> chain;
  for (const Path* p = this; p != nullptr && p->parent_ != nullptr; p = p->parent_) chain.push_back(p);
  std::string out = "$";
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if ((*it)->index_ != kNoIndex) {
      // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict) on "[" + s + "]".
      out += '[';
      out += std::to_string((*it)->index_);
      out += ']';
    } else {
      out += ".";
      out += (*it)->key_;
    }
  }
  return out;
}

void fail(const Path& path, std::string_view reason) {
  if (!path.failed()) *path.failure_ = DecodeFailure{path.str(), std::string(reason)};
}

void fail_kind(const Path& path, std::string_view expected, const json& got) {
  fail(path, "expected " + std::string(expected) + ", got " + std::string(json_kind(got)));
}

namespace {

// "'a', 'b', 'c'"
std::string quoted_list(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view name : names) {
    out += out.empty() ? "'" : ", '";
    out += name;
    out += '\'';
  }
  return out;
}

}  // namespace

bool expect_object(const json& j, const Path& path, std::string_view type) {
  if (!j.is_object()) {
    fail_kind(path, "an object", j);
    return false;
  }
  if (type.empty()) return true;
  auto it = j.find("type");
  if (it != j.end() && !(it->is_string() && it->get_ref<const std::string&>() == type)) {
    fail(path.field("type"), "expected '" + std::string(type) + "'");
    return false;
  }
  return true;
}

std::optional<std::size_t> enum_index(const json& j, const Path& path, std::span<const std::string_view> names) {
  if (!j.is_string()) {
    fail_kind(path, "a string", j);
    return std::nullopt;
  }
  const auto& text = j.get_ref<const std::string&>();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return i;
  }
  fail(path, "unknown value '" + text.substr(0, 64) + "'; expected one of " + quoted_list(names));
  return std::nullopt;
}

std::optional<std::size_t> variant_index(const json& j, const Path& path, std::span<const std::string_view> types) {
  if (!j.is_object()) {
    fail_kind(path, "an object", j);
    return std::nullopt;
  }
  auto it = j.find("type");
  if (it == j.end() || it->is_null()) {
    fail(path.field("type"), "missing required field");
    return std::nullopt;
  }
  if (!it->is_string()) {
    fail_kind(path.field("type"), "a string", *it);
    return std::nullopt;
  }
  const auto& type = it->get_ref<const std::string&>();
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (types[i] == type) return i;
  }
  fail(path.field("type"), "unknown type '" + type.substr(0, 64) + "'; expected one of " + quoted_list(types));
  return std::nullopt;
}

const json* Reader::find(std::string_view name) const {
  auto it = object_.find(name);
  return it == object_.end() ? nullptr : &*it;
}

const json* Reader::require(std::string_view name, Nulls nulls) const {
  if (path_.failed()) return nullptr;
  const json* v = find(name);
  if (v == nullptr) {
    fail(path_.field(name), "missing required field");
    return nullptr;
  }
  if (v->is_null() && nulls == Nulls::refused) {
    fail(path_.field(name), "must not be null");
    return nullptr;
  }
  return v;
}

const json* Reader::find_not_null(std::string_view name) const {
  if (path_.failed()) return nullptr;
  const json* v = find(name);
  if (v != nullptr && v->is_null()) {
    fail(path_.field(name), "must not be null");
    return nullptr;
  }
  return v;
}

const json* Reader::find_set(std::string_view name) const {
  if (path_.failed()) return nullptr;
  const json* v = find(name);
  return v == nullptr || v->is_null() ? nullptr : v;
}

void Reader::optional(std::string_view name, json& field) {
  const json* v = find(name);
  field = v == nullptr ? json() : *v;
}

json& Writer::member(std::string_view name) { return object_[std::string(name)]; }

json object_of_type(std::string_view type) {
  json out = json::object();
  if (!type.empty()) out["type"] = std::string(type);
  return out;
}

namespace {

bool plain_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7F && c != '"' && c != '\\';
}

// True when no byte needs escaping: printable ASCII other than '"' and '\\'. Checks eight bytes
// at a time (every string of every event and stored row passes here). For the bit tricks: a word
// has a byte below n (n <= 128) when (w - n * ones) & ~w & highs is not zero, exactly.
bool plain_ascii(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const auto has_below = [&](std::uint64_t w, std::uint64_t n) { return (w - n * kOnes) & ~w & kHighs; };
  const auto has_byte = [&](std::uint64_t w, std::uint64_t b) { return has_below(w ^ (b * kOnes), 1); };
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, text.data() + i, sizeof w);
    if ((w & kHighs) | has_below(w, 0x20) | has_byte(w, 0x7F) | has_byte(w, '"') | has_byte(w, '\\')) return false;
  }
  return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(i), text.end(), plain_byte);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  if (!plain_ascii(text)) {
    out += to_wire(json(std::string(text)));
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

void append_json_integer(std::string& out, std::int64_t value) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

void append_json_unsigned(std::string& out, std::uint64_t value) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

}  // namespace chatkit::codec
