#pragma once
// The renderer's output: a virtual DOM of text strings and elements. The browser builds real nodes
// from it with createElement / setAttribute / textContent only, so safety is decided here: tags come
// from a closed enum, attribute names from an allowlist, and URLs pass safe_url() on their way in.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/json_io.hpp"

namespace chatkit::render {

// Every tag the renderer may emit (the .d.ts `Tag`).
enum class Tag {
  div, span, p, h1, h2, h3, h4, h5, h6, ul, ol, li, a, img, button, input, select, option, textarea,
  label, form, pre, code, strong, em, del, blockquote, table, thead, tbody, tr, th, td, hr, br,
};
std::string_view tag_name(Tag tag);

// A validated `style` value, built only by the CSS validators in sanitize.hpp.
class StyleText {
 public:
  const std::string& text() const { return text_; }

 private:
  friend class Style;
  explicit StyleText(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

struct Node;

struct Element {
  Tag tag = Tag::div;
  std::string key;                                          // empty: no key
  std::vector<std::pair<std::string, std::string>> attrs;  // insertion order, names unique
  std::vector<Node> children;

  // Sets an attribute if its name is allowed (is_allowed_attribute), replacing an earlier value;
  // drops it otherwise. `href` / `src` keep only safe URLs; `target` brings rel="noopener noreferrer";
  // an `id` must start with "ck-"; `style` goes through set_style() only.
  Element& set(std::string_view name, std::string value);
  Element& flag(std::string_view name, bool on = true);  // boolean attribute, present as "" when on
  Element& add_class(std::string_view name);               // appends to `class` (empty names ignored)
  Element& set_style(const StyleText& style);
  Element& with_key(std::string key);
  Element& append(Node child);
  Element& append(std::vector<Node> nodes);
  const std::string* attr(std::string_view name) const;  // nullptr when absent
};

struct Node {
  std::variant<std::string, Element> value;
  Node(std::string text) : value(std::move(text)) {}  // NOLINT: implicit by design
  Node(const char* text) : value(std::string(text)) {}  // NOLINT: implicit by design
  Node(Element element) : value(std::move(element)) {}  // NOLINT: implicit by design
  const Element* element() const { return std::get_if<Element>(&value); }
  Element* element() { return std::get_if<Element>(&value); }
  const std::string* text() const { return std::get_if<std::string>(&value); }
};

bool operator==(const Element& a, const Element& b);
bool operator==(const Node& a, const Node& b);

// An element with an optional class.
Element el(Tag tag, std::string_view class_name = {});

// The attribute allowlist of the .d.ts: fixed names plus the `aria-*` and `data-ck-*` families.
bool is_allowed_attribute(std::string_view name);

// {"tag","key"?,"attrs"?,"children"?} or a string.
json to_json(const Node& node);
json to_json(const std::vector<Node>& nodes);

// The text content of a node (what textContent would read).
std::string text_content(const Node& node);

}  // namespace chatkit::render
