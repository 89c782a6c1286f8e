#include "core/render/vnode.hpp"

#include <algorithm>
#include <array>

#include "core/render/sanitize.hpp"

namespace chatkit::render {
namespace {

// Indexed by Tag.
constexpr std::array<std::string_view, 35> kTagNames = {
    "div",   "span",   "p",      "h1",   "h2",       "h3",    "h4",   "h5",  "h6",     "ul",   "ol",    "li",
    "a",     "img",    "button", "input", "select",  "option", "textarea", "label", "form", "pre", "code", "strong",
    "em",    "del",    "blockquote", "table", "thead", "tbody", "tr", "th",  "td",     "hr",   "br"};
static_assert(kTagNames.size() == static_cast<std::size_t>(Tag::br) + 1, "a name for every tag");

// Sorted: binary search. `style` is set through set_style() only, never through set().
constexpr std::array<std::string_view, 28> kAttributes = {
    "alt",   "checked", "class",   "colspan", "disabled", "for",   "href",     "id",   "max",      "min",
    "name",  "pattern", "placeholder", "rel", "required", "role",  "rows",     "rowspan", "selected", "src",
    "start", "step",    "style",   "tabindex", "target",  "title", "type",     "value"};
static_assert(std::is_sorted(kAttributes.begin(), kAttributes.end()));

bool is_family_attribute(std::string_view name) {
  const bool aria = name.starts_with("aria-") && name.size() > 5;
  const bool data = name.starts_with("data-ck-") && name.size() > 8;
  if (!aria && !data) return false;
  // The family's tail is a plain name: lower-case letters, digits and dashes.
  return std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::optional<std::string> checked_value(std::string_view name, std::string value) {
  if (name == "href") return safe_url(value, UrlUse::link);
  if (name == "src") return safe_url(value, UrlUse::image);
  if (name == "id" && !value.starts_with("ck-")) return std::nullopt;  // never clobber the page's own ids
  return value;
}

void put(Element& element, std::string_view name, std::string value) {
  for (auto& [existing, old] : element.attrs) {
    if (existing == name) {
      old = std::move(value);
      return;
    }
  }
  element.attrs.emplace_back(std::string(name), std::move(value));
}

void text_into(const Node& node, std::string& out) {
  if (const std::string* text = node.text()) {
    out += *text;
    return;
  }
  for (const Node& child : node.element()->children) text_into(child, out);
}

}  // namespace

std::string_view tag_name(Tag tag) { return kTagNames[static_cast<std::size_t>(tag)]; }

bool is_allowed_attribute(std::string_view name) {
  return std::binary_search(kAttributes.begin(), kAttributes.end(), name) || is_family_attribute(name);
}

Element& Element::set(std::string_view name, std::string value) {
  if (name == "style" || !is_allowed_attribute(name)) return *this;
  auto checked = checked_value(name, std::move(value));
  if (!checked) return *this;
  put(*this, name, std::move(*checked));
  if (name == "target") put(*this, "rel", "noopener noreferrer");  // no window.opener for the target
  return *this;
}

Element& Element::flag(std::string_view name, bool on) {
  if (on) set(name, "");
  return *this;
}

Element& Element::add_class(std::string_view name) {
  if (name.empty()) return *this;
  for (auto& [existing, value] : attrs) {
    if (existing == "class") {
      value.append(" ").append(name);
      return *this;
    }
  }
  attrs.emplace_back("class", std::string(name));
  return *this;
}

Element& Element::set_style(const StyleText& style) {
  if (!style.text().empty()) put(*this, "style", style.text());
  return *this;
}

Element& Element::with_key(std::string new_key) {
  key = std::move(new_key);
  return *this;
}

Element& Element::append(Node child) {
  children.push_back(std::move(child));
  return *this;
}

Element& Element::append(std::vector<Node> nodes) {
  for (Node& node : nodes) children.push_back(std::move(node));
  return *this;
}

const std::string* Element::attr(std::string_view name) const {
  for (const auto& [existing, value] : attrs) {
    if (existing == name) return &value;
  }
  return nullptr;
}

bool operator==(const Element& a, const Element& b) {
  return a.tag == b.tag && a.key == b.key && a.attrs == b.attrs && a.children == b.children;
}

bool operator==(const Node& a, const Node& b) { return a.value == b.value; }

Element el(Tag tag, std::string_view class_name) {
  Element element;
  element.tag = tag;
  element.add_class(class_name);
  return element;
}

json to_json(const Node& node) {
  if (const std::string* text = node.text()) return *text;
  const Element& element = *node.element();
  json out = json::object();
  out["tag"] = std::string(tag_name(element.tag));
  if (!element.key.empty()) out["key"] = element.key;
  if (!element.attrs.empty()) {
    json& attrs = out["attrs"] = json::object();
    for (const auto& [name, value] : element.attrs) attrs[name] = value;
  }
  if (!element.children.empty()) out["children"] = to_json(element.children);
  return out;
}

json to_json(const std::vector<Node>& nodes) {
  json out = json::array();
  for (const Node& node : nodes) out.push_back(to_json(node));
  return out;
}

std::string text_content(const Node& node) {
  std::string out;
  text_into(node, out);
  return out;
}

}  // namespace chatkit::render
