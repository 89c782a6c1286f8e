#include "commonmark_html.hpp"

#include <string_view>

#include "support/html_escape.hpp"

namespace chatkit::testing {
namespace {

using render::Element;
using render::Node;
using render::Tag;

bool is_void(Tag tag) { return tag == Tag::hr || tag == Tag::br || tag == Tag::img || tag == Tag::input; }

// The attributes the reference would write: our classes and new-tab attributes dropped, a
// table cell's alignment class as GFM's align attribute.
std::vector<std::pair<std::string, std::string>> reference_attrs(const Element& element) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : element.attrs) {
    if (name == "target" || name == "rel" || name == "data-ck-lang") continue;
    if (name == "class") {
      if (value.starts_with("ck-align-")) out.emplace_back("align", value.substr(9));
      continue;
    }
    out.emplace_back(name, value);
  }
  return out;
}

void write(const Node& node, std::string& out, const std::string* language);

void write_element(const Element& element, std::string& out, const std::string* language) {
  out += "<" + std::string(render::tag_name(element.tag));
  for (const auto& [name, value] : reference_attrs(element)) out += " " + name + "=\"" + html_escaped(value) + "\"";
  // <pre data-ck-lang="x"><code> is the reference's <pre><code class="language-x">.
  if (element.tag == Tag::code && language != nullptr) out += " class=\"language-" + html_escaped(*language) + "\"";
  if (is_void(element.tag)) {
    out += " />";
    return;
  }
  out += ">";
  const std::string* inner = element.tag == Tag::pre ? element.attr("data-ck-lang") : nullptr;
  for (const Node& child : element.children) write(child, out, inner);
  out += "</" + std::string(render::tag_name(element.tag)) + ">";
}

void write(const Node& node, std::string& out, const std::string* language) {
  if (const std::string* text = node.text()) {
    out += html_escaped(*text);
    return;
  }
  write_element(*node.element(), out, language);
}

}  // namespace

std::string reference_html(const std::vector<Node>& nodes) {
  std::string out;
  for (const Node& node : nodes) write(node, out, nullptr);
  return out;
}

}  // namespace chatkit::testing
