#include "core/protocol/codec.hpp"

#include <algorithm>
#include <charconv>
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

void fail(const Path& path, std::string reason) { throw DecodeFailure{path.str(), std::move(reason)}; }

void fail_kind(const Path& path, std::string_view expected, const json& got) {
  fail(path, "expected " + std::string(expected) + ", got " + std::string(json_kind(got)));
}

void append_json_string(std::string& out, std::string_view text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x7F && c != '"' && c != '\\';
  });
  if (!plain) {
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
