#include "core/render/html_entities.hpp"

#include "core/render/html_entity_names.hpp"

namespace chatkit::render {
namespace {

constexpr std::uint32_t kReplacement = 0xFFFD;

std::optional<std::uint32_t> digit_value(char c, std::uint32_t base) {
  std::uint32_t value = base;
  if (c >= '0' && c <= '9') value = static_cast<std::uint32_t>(c - '0');
  if (c >= 'a' && c <= 'f') value = static_cast<std::uint32_t>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') value = static_cast<std::uint32_t>(c - 'A' + 10);
  if (value >= base) return std::nullopt;
  return value;
}

// "&#N;" or "&#xH;": md4c reports only well-formed ones (at most 7 decimal or 6 hex digits).
std::optional<std::string> decode_numeric(std::string_view digits) {
  std::uint32_t base = 10;
  if (!digits.empty() && (digits.front() == 'x' || digits.front() == 'X')) {
    base = 16;
    digits.remove_prefix(1);
  }
  if (digits.empty() || digits.size() > 7) return std::nullopt;
  std::uint32_t code_point = 0;
  for (char c : digits) {
    const auto value = digit_value(c, base);
    if (!value) return std::nullopt;
    code_point = code_point * base + *value;
  }
  std::string out;
  append_utf8(out, code_point == 0 ? kReplacement : code_point);
  return out;
}

}  // namespace

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) code_point = kReplacement;
  const auto byte = [&](std::uint32_t value) { out.push_back(static_cast<char>(value)); };
  if (code_point < 0x80) {
    byte(code_point);
  } else if (code_point < 0x800) {
    byte(0xC0 | (code_point >> 6));
    byte(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    byte(0xE0 | (code_point >> 12));
    byte(0x80 | ((code_point >> 6) & 0x3F));
    byte(0x80 | (code_point & 0x3F));
  } else {
    byte(0xF0 | (code_point >> 18));
    byte(0x80 | ((code_point >> 12) & 0x3F));
    byte(0x80 | ((code_point >> 6) & 0x3F));
    byte(0x80 | (code_point & 0x3F));
  }
}

std::optional<std::string> decode_entity(std::string_view reference) {
  if (reference.size() < 3 || reference.front() != '&' || reference.back() != ';') return std::nullopt;
  if (reference[1] == '#') return decode_numeric(reference.substr(2, reference.size() - 3));
  return decode_named_entity(reference);
}

}  // namespace chatkit::render
