#include "dom_model.hpp"

#include <functional>
#include <set>

#include "core/render/sanitize.hpp"
#include "core/variant_util.hpp"
#include "support/html_escape.hpp"

namespace chatkit::testing {
namespace {

using render::Element;
using render::Node;

// The element keyed `key` and the vector holding it, anywhere under `nodes`.
struct Found {
  std::vector<Node>* siblings = nullptr;
  std::size_t index = 0;
};

Found find(std::vector<Node>& nodes, const std::string& key) {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    Element* element = nodes[i].element();
    if (element == nullptr) continue;
    if (element->key == key) return {&nodes, i};
    if (Found found = find(element->children, key); found.siblings != nullptr) return found;
  }
  return {};
}

std::string insert_after(std::vector<Node>& siblings, const std::optional<std::string>& after, Node node) {
  std::size_t at = 0;
  if (after) {
    for (at = 0; at < siblings.size(); ++at) {
      const Element* element = siblings[at].element();
      if (element != nullptr && element->key == *after) break;
    }
    if (at == siblings.size()) return "insert: no sibling keyed " + *after;
    ++at;
  }
  siblings.insert(siblings.begin() + static_cast<std::ptrdiff_t>(at), std::move(node));
  return "";
}

void collect_keys(const std::vector<Node>& nodes, std::multiset<std::string>& keys) {
  for (const Node& node : nodes) {
    if (const Element* element = node.element()) {
      if (!element->key.empty()) keys.insert(element->key);
      collect_keys(element->children, keys);
    }
  }
}

// `property:value;` pairs whose values hold no quotes, parentheses other than var()/calc(), or url.
std::string style_violation(const std::string& style) {
  if (style.find("url") != std::string::npos || style.find('"') != std::string::npos || style.find('\'') != std::string::npos ||
      style.find('\\') != std::string::npos || style.find("expression") != std::string::npos || style.back() != ';') {
    return "suspicious style: " + style;
  }
  return "";
}

std::string attribute_violation(const Element& element, const std::string& name, const std::string& value) {
  if (!render::is_allowed_attribute(name)) return "attribute not allowed: " + name;
  if (name == "href" && render::safe_url(value, render::UrlUse::link) != value) return "unsafe href: " + value;
  if (name == "src" && render::safe_url(value, render::UrlUse::image) != value) return "unsafe src: " + value;
  if (name == "target" && element.attr("rel") == nullptr) return "target without rel";
  if (name == "id" && !value.starts_with("ck-")) return "id without ck- prefix: " + value;
  if (name == "style") return style_violation(value);
  return "";
}

}  // namespace

std::string safety_violation(const Node& node) {
  const Element* element = node.element();
  if (element == nullptr) return "";
  for (const auto& [name, value] : element->attrs) {
    if (std::string reason = attribute_violation(*element, name, value); !reason.empty()) return reason;
  }
  return safety_violation(element->children);
}

std::string safety_violation(const std::vector<Node>& nodes) {
  for (const Node& node : nodes) {
    if (std::string reason = safety_violation(node); !reason.empty()) return reason;
  }
  return "";
}

std::string to_html(const Node& node) {
  if (const std::string* text = node.text()) return html_escaped(*text);
  const Element& element = *node.element();
  std::string out = "<" + std::string(render::tag_name(element.tag));
  for (const auto& [name, value] : element.attrs) out += " " + name + "=\"" + html_escaped(value) + "\"";
  out += ">" + to_html(element.children);
  const bool is_void = element.tag == render::Tag::img || element.tag == render::Tag::input ||
                       element.tag == render::Tag::hr || element.tag == render::Tag::br;
  return is_void ? out : out + "</" + std::string(render::tag_name(element.tag)) + ">";
}

std::string to_html(const std::vector<Node>& nodes) {
  std::string out;
  for (const Node& node : nodes) out += to_html(node);
  return out;
}

std::string DomModel::apply(const render::PatchOp& op) {
  return std::visit(
      Overloaded{
          [&](const render::ThreadOp&) { return std::string(); },
          [&](const render::EventOp&) { return std::string(); },
          [&](const render::InsertOp& o) {
            if (!o.parent) return insert_after(items_, o.after, o.node);
            Found parent = find(items_, *o.parent);
            if (parent.siblings == nullptr) return "insert: no parent keyed " + *o.parent;
            return insert_after((*parent.siblings)[parent.index].element()->children, o.after, o.node);
          },
          [&](const render::ReplaceOp& o) {
            Found found = find(items_, o.key);
            if (found.siblings == nullptr) return "replace: nothing keyed " + o.key;
            (*found.siblings)[found.index] = o.node;
            return std::string();
          },
          [&](const render::RemoveOp& o) {
            Found found = find(items_, o.key);
            if (found.siblings == nullptr) return "remove: nothing keyed " + o.key;
            found.siblings->erase(found.siblings->begin() + static_cast<std::ptrdiff_t>(found.index));
            return std::string();
          },
          [&](const render::AppendTextOp& o) {
            Found found = find(items_, o.key);
            if (found.siblings == nullptr) return "append_text: nothing keyed " + o.key;
            auto& children = (*found.siblings)[found.index].element()->children;
            if (!children.empty() && children.back().text() != nullptr) {
              std::get<std::string>(children.back().value) += o.text;
            } else {
              children.emplace_back(o.text);
            }
            return std::string();
          },
      },
      op);
}

std::string DomModel::apply_all(const std::vector<render::PatchOp>& ops) {
  for (const auto& op : ops) {
    if (std::string error = apply(op); !error.empty()) return error;
  }
  return "";
}

std::string DomModel::duplicate_key() const {
  std::multiset<std::string> keys;
  collect_keys(items_, keys);
  for (const std::string& key : keys) {
    if (keys.count(key) > 1) return key;
  }
  return "";
}

}  // namespace chatkit::testing
