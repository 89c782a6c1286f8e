#pragma once
// The few text helpers every part needs, in one place (core, so that the renderer and the server
// share them): ASCII-only on purpose (header names, tokens, flags, schemes and hosts are ASCII).
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace chatkit {

inline constexpr std::string_view kBlanks = " \t\r\n";

inline std::string_view trim(std::string_view text, std::string_view blanks = kBlanks) {
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);  // (em++ 3.1.6's libc++ has no ranges::transform)
  return out;
}

inline bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// A value for a message, cut so that a hostile or pasted value cannot flood a log or a terminal.
inline std::string clip(std::string_view value, std::size_t max_bytes) {
  if (value.size() <= max_bytes) return std::string(value);
  return std::string(value.substr(0, max_bytes)) + "...";
}

}  // namespace chatkit
