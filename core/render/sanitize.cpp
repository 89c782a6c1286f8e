#include "core/render/sanitize.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/text.hpp"

namespace chatkit::render {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_lower(c) || is_digit(c) || (c >= 'A' && c <= 'Z'); }


// Browsers drop tabs and newlines inside URLs ("java\tscript:") and treat `\` as `/`: refuse both.
bool has_forbidden_char(std::string_view url) {
  return std::any_of(url.begin(), url.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f || c == '\\';
  });
}

// The scheme, lower-cased, when `url` has one; "" for a relative URL; nullopt when malformed.
std::optional<std::string> scheme_of(std::string_view url) {
  const auto end = url.find_first_of(":/?#");
  if (end == std::string_view::npos || url[end] != ':') return std::string();
  std::string scheme;
  for (char c : url.substr(0, end)) {
    const char l = ascii_lower(c);
    if (!(is_lower(l) || (!scheme.empty() && (is_digit(l) || l == '+' || l == '-' || l == '.')))) return std::nullopt;
    scheme.push_back(l);
  }
  if (scheme.empty()) return std::nullopt;  // ":foo"
  return scheme;
}

bool is_safe_data_image(std::string_view url) {
  constexpr std::array<std::string_view, 4> kPrefixes = {"data:image/png;base64,", "data:image/jpeg;base64,",
                                                         "data:image/gif;base64,", "data:image/webp;base64,"};
  for (std::string_view prefix : kPrefixes) {
    if (url.size() > prefix.size() && std::equal(prefix.begin(), prefix.end(), url.begin(),
                                                 [](char p, char c) { return p == ascii_lower(c); })) {
      const std::string_view body = url.substr(prefix.size());
      return std::all_of(body.begin(), body.end(), [](char c) { return is_alnum(c) || c == '+' || c == '/' || c == '='; });
    }
  }
  return false;
}

// What follows the scheme and the slashes of an external URL: its authority, path, query and fragment.
std::optional<std::string_view> after_slashes(std::string_view url) {
  url = trim(url, " ");
  const auto scheme = scheme_of(url);
  if (!scheme || has_forbidden_char(url)) return std::nullopt;
  std::string_view rest;
  if (*scheme == "http" || *scheme == "https") {
    rest = url.substr(scheme->size() + 1);  // also `https:host`, which an http page reads as host
  } else if (scheme->empty() && url.starts_with("//")) {
    rest = url;
  } else {
    return std::nullopt;
  }
  while (rest.starts_with('/')) rest.remove_prefix(1);
  return rest;
}

bool is_unit(std::string_view unit) {
  constexpr std::array<std::string_view, 9> kUnits = {"", "px", "%", "em", "rem", "vh", "vw", "fr", "ch"};
  return std::find(kUnits.begin(), kUnits.end(), unit) != kUnits.end();
}

// "12", "-1.5", "50%", "2rem": a decimal number and an allowed unit.
bool is_css_dimension(std::string_view text) {
  std::size_t i = (!text.empty() && text[0] == '-') ? 1 : 0;
  const std::size_t digits = i;
  while (i < text.size() && (is_digit(text[i]) || text[i] == '.')) ++i;
  if (i == digits || std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '.') > 1) return false;
  return is_unit(text.substr(i));
}

// At most two decimals, without printf (whose float formatting would weigh on the wasm module).
std::string number_text(double value) {
  const auto hundredths = static_cast<std::int64_t>(std::llround(std::fabs(value) * 100));
  std::string text = (value < 0 && hundredths != 0 ? "-" : "") + std::to_string(hundredths / 100);
  if (const auto fraction = hundredths % 100; fraction != 0) {
    text += "." + std::to_string(fraction / 10) + (fraction % 10 != 0 ? std::to_string(fraction % 10) : "");
  }
  return text;
}

std::optional<double> finite_number(const json& value) {
  if (!value.is_number()) return std::nullopt;
  const double number = value.get<double>();
  if (!std::isfinite(number) || std::fabs(number) > 1e6) return std::nullopt;
  return number;
}

bool is_hex_color(std::string_view text) {
  const std::size_t digits = text.size() - 1;
  return text.size() > 1 && text[0] == '#' && (digits == 3 || digits == 4 || digits == 6 || digits == 8) &&
         std::all_of(text.begin() + 1, text.end(), [](char c) { return is_digit(c) || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f'); });
}

// §5.2 colour tokens: text, background, border and chart tokens, and primitives like `red-100`.
bool is_color_token(std::string_view text) {
  constexpr std::array<std::string_view, 23> kTokens = {
      "prose", "primary", "emphasis", "secondary", "tertiary", "success", "warning", "danger", "info", "discovery",
      "caution", "surface", "surface-secondary", "surface-tertiary", "surface-elevated", "surface-elevated-secondary",
      "default", "subtle", "strong", "blue", "purple", "orange", "green"};
  constexpr std::array<std::string_view, 9> kHues = {"red", "yellow", "pink", "gray", "blue", "purple", "orange", "green", "alpha"};
  if (std::find(kTokens.begin(), kTokens.end(), text) != kTokens.end()) return true;
  const auto dash = text.find('-');
  const std::string_view hue = text.substr(0, dash);
  if (std::find(kHues.begin(), kHues.end(), hue) == kHues.end()) return false;
  if (dash == std::string_view::npos) return true;  // red, yellow, pink, gray
  const std::string_view shade = text.substr(dash + 1);
  return !shade.empty() && shade.size() <= 4 && std::all_of(shade.begin(), shade.end(), is_digit);
}

bool is_named_color(std::string_view text) {
  return text.size() >= 3 && text.size() <= 24 && std::all_of(text.begin(), text.end(), is_lower);
}

}  // namespace

std::optional<std::string> safe_url(std::string_view url, UrlUse use) {
  url = trim(url, " ");
  if (url.empty() || url.size() > 65536 || has_forbidden_char(url)) return std::nullopt;
  const auto scheme = scheme_of(url);
  if (!scheme) return std::nullopt;
  const bool allowed = scheme->empty() || *scheme == "http" || *scheme == "https" ||
                       (use == UrlUse::link && *scheme == "mailto") ||
                       (use == UrlUse::image && *scheme == "data" && is_safe_data_image(url));
  if (!allowed) return std::nullopt;
  return std::string(url);
}

bool is_external_url(std::string_view url) { return after_slashes(url).has_value(); }

std::optional<std::string> url_host(std::string_view url) {
  const auto rest = after_slashes(url);
  if (!rest) return std::nullopt;
  std::string_view authority = rest->substr(0, rest->find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);  // userinfo
  std::string host;
  for (char c : authority.substr(0, authority.find(':'))) {
    const char l = ascii_lower(c);
    if (!(is_lower(l) || is_digit(l) || l == '-' || l == '.')) return std::nullopt;
    host.push_back(l);
  }
  if (host.empty()) return std::nullopt;
  return host;
}

std::optional<CssValue> css_length(const json& value) {
  if (const auto number = finite_number(value)) return CssValue(number_text(*number) + "px");
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  if (text == "auto") return CssValue(text);
  if (text.size() > 24 || !is_css_dimension(text)) return std::nullopt;
  const bool bare = text.find_first_not_of("-0123456789.") == std::string::npos;  // "12" means 12px
  return CssValue(bare ? text + "px" : text);
  return std::nullopt;
}

std::optional<CssValue> css_spacing(const json& value) {
  if (const auto number = finite_number(value)) return CssValue("calc(var(--ck-spacing) * " + number_text(*number) + ")");
  return css_length(value);
}

std::optional<CssValue> css_color(const json& value) {
  if (value.is_object() && value.contains("light")) return css_color(value["light"]);
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  if (is_hex_color(text)) return CssValue(text);
  if (is_color_token(text)) return CssValue("var(--ck-color-" + text + ")");
  if (is_named_color(text)) return CssValue(text);
  return std::nullopt;
}

std::optional<CssValue> css_number(const json& value) {
  if (const auto number = finite_number(value)) return CssValue(number_text(*number));
  return std::nullopt;
}

std::optional<CssValue> css_flex(const json& value) {
  if (value.is_number()) return css_number(value);
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  const bool plain = !text.empty() && text.size() <= 32 && std::all_of(text.begin(), text.end(), [](char c) {
    return is_lower(c) || is_digit(c) || c == ' ' || c == '.' || c == '%';
  });
  return plain ? std::optional<CssValue>(CssValue(text)) : std::nullopt;
}

std::optional<CssValue> css_ratio(const json& value) {
  if (value.is_number()) return css_number(value);
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  const auto slash = text.find('/');
  const auto part = [](std::string_view p) {
    p = trim(p, " ");
    return !p.empty() && p.size() <= 12 && std::all_of(p.begin(), p.end(), [](char c) { return is_digit(c) || c == '.'; });
  };
  if (slash == std::string::npos ? part(text) : part(std::string_view(text).substr(0, slash)) && part(std::string_view(text).substr(slash + 1))) {
    return CssValue(text);
  }
  return std::nullopt;
}

std::optional<CssValue> css_border(const json& value) {
  constexpr std::array<std::string_view, 8> kStyles = {"solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset"};
  if (value.is_number_integer()) return CssValue(std::to_string(std::clamp<std::int64_t>(value.get<std::int64_t>(), 0, 64)) + "px solid");
  if (!value.is_object() || !value.contains("size") || !value["size"].is_number_integer()) return std::nullopt;
  std::string text = std::to_string(std::clamp<std::int64_t>(value["size"].get<std::int64_t>(), 0, 64)) + "px";
  const json style = value.value("style", json("solid"));
  text += " ";
  text += (style.is_string() && std::find(kStyles.begin(), kStyles.end(), style.get<std::string>()) != kStyles.end())
              ? style.get<std::string>()
              : "solid";
  if (const auto color = value.contains("color") ? css_color(value["color"]) : std::nullopt) text += " " + color->text();
  return CssValue(text);
}

Style& Style::add(std::string_view property, const std::optional<CssValue>& value) {
  if (value) text_.append(property).append(":").append(value->text()).append(";");
  return *this;
}

Style& Style::add_integer(std::string_view property, std::int64_t value) {
  text_.append(property).append(":").append(std::to_string(value)).append(";");
  return *this;
}

std::string class_token(std::string_view value) {
  std::string out;
  for (char c : value) {
    const char l = ascii_lower(c);
    if (is_lower(l) || is_digit(l) || l == '-') {
      out.push_back(l);
    } else if (c == ' ') {
      out.push_back('-');
    } else if (c == '%') {
      out += "pct";
    } else {
      return {};
    }
  }
  return out;
}

std::string kebab(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '.' || c == '_') {
      if (!out.empty() && out.back() != '-') out.push_back('-');
    } else if (c >= 'A' && c <= 'Z') {
      if (!out.empty() && out.back() != '-') out.push_back('-');
      out.push_back(ascii_lower(c));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace chatkit::render
