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

void fail(const Path& path, std::string reason) { throw DecodeFailure{path.str(), std::move(reason)}; }

void fail_kind(const Path& path, std::string_view expected, const json& got) {
  fail(path, "expected " + std::string(expected) + ", got " + std::string(json_kind(got)));
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
