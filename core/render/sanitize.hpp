#pragma once
// Everything from the server or the model that ends up in an attribute passes through here: URLs
// are limited to safe schemes, CSS values are rebuilt from validated pieces, class names are
// reduced to [a-z0-9-]. Text content needs no escaping: it is only ever set as textContent.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json_io.hpp"
#include "core/render/vnode.hpp"

namespace chatkit::render {

enum class UrlUse {
  link,   // http, https, mailto, or relative
  image,  // http, https, relative, or data:image/(png|gif|jpeg|webp);base64,...
};

// The URL, trimmed of surrounding spaces, when it is safe for `use`; nullopt otherwise (a script
// scheme, any control character or backslash, a malformed scheme, data: other than images).
std::optional<std::string> safe_url(std::string_view url, UrlUse use);

// Whether `url` names another origin: an http(s) URL, or a scheme-relative one ("//host/…", which
// browsers read with any number of slashes). Links to such URLs open in a new tab.
bool is_external_url(std::string_view url);

// The host an external URL (is_external_url) loads from, lower-cased, without its userinfo
// (`https://a.com@b.com/` is b.com) or port. nullopt for other URLs, and for hosts that are not a
// plain [a-z0-9.-] name (percent escapes, IP literals in brackets, non-ASCII), whose meaning to the
// browser an allowlist should not have to guess.
std::optional<std::string> url_host(std::string_view url);

// One CSS value, made only by the validators below.
class CssValue {
 public:
  const std::string& text() const { return text_; }

 private:
  explicit CssValue(std::string text) : text_(std::move(text)) {}
  friend std::optional<CssValue> css_length(const json& value);
  friend std::optional<CssValue> css_spacing(const json& value);
  friend std::optional<CssValue> css_color(const json& value);
  friend std::optional<CssValue> css_number(const json& value);
  friend std::optional<CssValue> css_flex(const json& value);
  friend std::optional<CssValue> css_ratio(const json& value);
  friend std::optional<CssValue> css_border(const json& value);
  friend class Style;
  std::string text_;
};

// A number is px; a string must be a number with a unit (px % em rem vh vw fr ch) or `auto`.
std::optional<CssValue> css_length(const json& value);
// Spacing numbers are units of --ck-spacing (`calc(var(--ck-spacing) * 2)`); strings as css_length.
std::optional<CssValue> css_spacing(const json& value);
// Colour tokens (§5.2) become var(--ck-color-<token>); #hex and plain colour names pass; a
// ThemeColor uses its light value.
std::optional<CssValue> css_color(const json& value);
std::optional<CssValue> css_number(const json& value);  // a finite number
std::optional<CssValue> css_flex(const json& value);    // a number, or words/numbers like "1 1 auto"
std::optional<CssValue> css_ratio(const json& value);   // 1.5 or "16/9"
std::optional<CssValue> css_border(const json& value);  // int px, or a Border {size, color, style}

// A style attribute being built: `property:value;` pairs, properties given by the renderer.
class Style {
 public:
  Style& add(std::string_view property, const std::optional<CssValue>& value);
  // A custom property of the renderer (`--ck-max-lines`) with a whole number.
  Style& add_integer(std::string_view property, std::int64_t value);
  bool empty() const { return text_.empty(); }
  StyleText build() const { return StyleText(text_); }

 private:
  std::string text_;
};

// Lower-case [a-z0-9-] only (spaces become dashes, `%` becomes `pct`); empty when anything else is left.
std::string class_token(std::string_view value);
// camelCase or Dotted.PascalCase → kebab-case: `lineThrough` → `line-through`, `Table.Row` → `table-row`.
std::string kebab(std::string_view name);

}  // namespace chatkit::render
