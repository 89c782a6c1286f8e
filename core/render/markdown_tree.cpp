#include "core/render/markdown_tree.hpp"

#include <md4c.h>

#include <algorithm>
#include <string>

#include "core/render/html_entities.hpp"
#include "core/render/markdown_links.hpp"

namespace chatkit::render {
namespace {

// CommonMark plus the GFM extensions; raw HTML is never recognised, so `<b>` stays text.
constexpr unsigned kFlags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_NOHTML;

// Elements nest at most this deep; deeper blocks and spans give only their content, which keeps
// every later walk of the tree (serialising, comparing, freeing) within a small stack.
constexpr std::size_t kMaxDepth = 40;

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

std::string_view align_class(MD_ALIGN align) {
  switch (align) {
    case MD_ALIGN_DEFAULT: return {};
    case MD_ALIGN_LEFT: return "ck-align-left";
    case MD_ALIGN_CENTER: return "ck-align-center";
    case MD_ALIGN_RIGHT: return "ck-align-right";
  }
  return {};
}

Element heading(unsigned level) {
  const std::string name = "ck-md-h" + std::to_string(level);
  return el(static_cast<Tag>(static_cast<unsigned>(Tag::h1) + level - 1), name);
}

// A task list item starts with a checkbox the reader cannot tick (GFM's rendering).
Element list_item(const MD_BLOCK_LI_DETAIL& detail) {
  Element item = el(Tag::li, "ck-md-li");
  if (detail.is_task == 0) return item;
  item.add_class("ck-md-task");
  Element box = el(Tag::input).set("type", "checkbox").flag("disabled");
  box.flag("checked", detail.task_mark == 'x' || detail.task_mark == 'X');
  return std::move(item.append(std::move(box)).append(Node(" ")));
}

void append_to(Element& parent, Node node) {
  if (const std::string* text = node.text()) {
    if (text->empty()) return;
    if (!parent.children.empty()) {
      if (std::string* last = std::get_if<std::string>(&parent.children.back().value)) {
        last->append(*text);
        return;
      }
    }
  }
  parent.children.push_back(std::move(node));
}

// One open block or span. `element` holds the children either way.
struct Frame {
  enum class Kind {
    element,  // becomes `element`
    splice,   // only its children are kept (an unsafe link, a block nested too deep)
    image,    // its children are the alt text; markdown_image() decides what it becomes
  } kind = Kind::element;
  Element element;
  ImageTarget image;
  bool link = false;  // a link span: images inside cannot become links
};

// Receives md4c's callbacks and builds the tree.
class TreeBuilder {
 public:
  // The bottom frame collects the top-level blocks.
  TreeBuilder(std::string_view doc, const MarkdownOptions& options) : doc_(doc), options_(options) { push({}); }

  void enter_block(MD_BLOCKTYPE type, const void* detail) {
    if (type == MD_BLOCK_DOC) return;
    if (stack_.size() == 1) tree_.extents.emplace_back();  // a top-level block begins
    if (stack_.size() >= kMaxDepth) return push({.kind = Frame::Kind::splice});
    if (type == MD_BLOCK_CODE) return enter_code(*static_cast<const MD_BLOCK_CODE_DETAIL*>(detail));
    push({.element = block_element(type, detail)});
  }

  void leave_block(MD_BLOCKTYPE type) {
    if (type == MD_BLOCK_DOC) return;
    if (type == MD_BLOCK_CODE && stack_.back().kind == Frame::Kind::element) pop();  // the inner <code>
    pop();
  }

  void enter_span(MD_SPANTYPE type, const void* detail) {
    if (stack_.size() >= kMaxDepth) return push({.kind = Frame::Kind::splice});
    switch (type) {
      case MD_SPAN_A: return enter_link(*static_cast<const MD_SPAN_A_DETAIL*>(detail));
      case MD_SPAN_IMG: return enter_image(*static_cast<const MD_SPAN_IMG_DETAIL*>(detail));
      case MD_SPAN_EM: return push({.element = el(Tag::em)});
      case MD_SPAN_STRONG: return push({.element = el(Tag::strong)});
      case MD_SPAN_DEL: return push({.element = el(Tag::del)});
      case MD_SPAN_CODE: return push({.element = el(Tag::code, "ck-md-code")});
      // Not enabled in kFlags; their content would stay text.
      case MD_SPAN_LATEXMATH:
      case MD_SPAN_LATEXMATH_DISPLAY:
      case MD_SPAN_WIKILINK:
      case MD_SPAN_U: return push({.kind = Frame::Kind::splice});
    }
  }

  void leave_span() { pop(); }

  void text(MD_TEXTTYPE type, std::string_view text) {
    note_source(text);
    switch (type) {
      case MD_TEXT_NULLCHAR: return append(std::string(kReplacementChar));
      case MD_TEXT_BR: return append(el(Tag::br));
      case MD_TEXT_SOFTBR: return append("\n");
      case MD_TEXT_ENTITY: return append(decode_entity(text).value_or(std::string(text)));
      // Raw HTML is off (kFlags); were any reported, it would be text like the rest.
      case MD_TEXT_NORMAL:
      case MD_TEXT_CODE:
      case MD_TEXT_HTML:
      case MD_TEXT_LATEXMATH: return append(std::string(text));
    }
  }

  MarkdownTree finish() && {
    tree_.blocks = std::move(stack_.front().element.children);
    return std::move(tree_);
  }

 private:
  Element block_element(MD_BLOCKTYPE type, const void* detail) const {
    switch (type) {
      case MD_BLOCK_QUOTE: return el(Tag::blockquote, "ck-md-quote");
      case MD_BLOCK_UL: return el(Tag::ul, "ck-md-ul");
      case MD_BLOCK_OL: return ordered_list(*static_cast<const MD_BLOCK_OL_DETAIL*>(detail));
      case MD_BLOCK_LI: return list_item(*static_cast<const MD_BLOCK_LI_DETAIL*>(detail));
      case MD_BLOCK_HR: return el(Tag::hr, "ck-md-hr");
      case MD_BLOCK_H: return heading(static_cast<const MD_BLOCK_H_DETAIL*>(detail)->level);
      case MD_BLOCK_TABLE: return el(Tag::table, "ck-md-table");
      case MD_BLOCK_THEAD: return el(Tag::thead);
      case MD_BLOCK_TBODY: return el(Tag::tbody);
      case MD_BLOCK_TR: return el(Tag::tr);
      case MD_BLOCK_TH: return el(Tag::th, align_class(static_cast<const MD_BLOCK_TD_DETAIL*>(detail)->align));
      case MD_BLOCK_TD: return el(Tag::td, align_class(static_cast<const MD_BLOCK_TD_DETAIL*>(detail)->align));
      // An HTML block needs raw HTML, which is off (kFlags); were one reported, it would be text.
      case MD_BLOCK_P:
      case MD_BLOCK_HTML: return el(Tag::p, "ck-md-p");
      // Handled by the caller.
      case MD_BLOCK_DOC:
      case MD_BLOCK_CODE: break;
    }
    return el(Tag::div);
  }

  static Element ordered_list(const MD_BLOCK_OL_DETAIL& detail) {
    Element list = el(Tag::ol, "ck-md-ol");
    if (detail.start != 1) list.set("start", std::to_string(detail.start));
    return list;
  }

  // <pre data-ck-lang><code>: the text goes into the inner frame.
  void enter_code(const MD_BLOCK_CODE_DETAIL& detail) {
    Element pre = el(Tag::pre, "ck-md-pre");
    note_source(detail.info);
    if (const std::string lang = attribute(detail.lang); !lang.empty()) pre.set("data-ck-lang", lang);
    push({.element = std::move(pre)});
    push({.element = el(Tag::code)});
  }

  void enter_link(const MD_SPAN_A_DETAIL& detail) {
    auto anchor = markdown_link(attribute(detail.href), attribute(detail.title));
    if (!anchor) return push({.kind = Frame::Kind::splice, .link = true});  // unsafe: keep the text
    push({.element = std::move(*anchor), .link = true});
  }

  void enter_image(const MD_SPAN_IMG_DETAIL& detail) {
    push({.kind = Frame::Kind::image, .image = {.src = attribute(detail.src), .title = attribute(detail.title)}});
  }

  // Closes the innermost frame into its parent.
  void pop() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    switch (frame.kind) {
      case Frame::Kind::element: return append(std::move(frame.element));
      case Frame::Kind::splice:
        for (Node& child : frame.element.children) append(std::move(child));
        return;
      case Frame::Kind::image: return append(image_node(frame));
    }
  }

  Node image_node(const Frame& frame) const {
    std::string alt;
    for (const Node& child : frame.element.children) alt += text_content(child);
    // Inside another image's description only the text counts (CommonMark's alt attribute).
    if (within(Frame::Kind::image)) return alt;
    const LinkNesting nesting = within_link() ? LinkNesting::inside_link : LinkNesting::top_level;
    return markdown_image(frame.image, std::move(alt), nesting, options_);
  }

  bool within(Frame::Kind kind) const {
    for (const Frame& frame : stack_) {
      if (frame.kind == kind) return true;
    }
    return false;
  }

  bool within_link() const {
    for (const Frame& frame : stack_) {
      if (frame.link) return true;
    }
    return false;
  }

  void push(Frame frame) { stack_.push_back(std::move(frame)); }
  void append(Node node) { append_to(stack_.back().element, std::move(node)); }

  // An attribute's text with its entities decoded (md4c has already removed the escapes).
  std::string attribute(const MD_ATTRIBUTE& attr) {
    note_source(attr);
    std::string out;
    if (attr.size == 0) return out;  // md4c leaves the arrays unset then
    for (std::size_t i = 0; attr.substr_offsets[i] < attr.size; ++i) {
      const std::string_view part(attr.text + attr.substr_offsets[i], attr.substr_offsets[i + 1] - attr.substr_offsets[i]);
      switch (attr.substr_types[i]) {
        case MD_TEXT_ENTITY: out += decode_entity(part).value_or(std::string(part)); break;
        case MD_TEXT_NULLCHAR: out += kReplacementChar; break;
        default: out += part; break;  // only normal text besides those two (md4c.h)
      }
    }
    return out;
  }

  void note_source(const MD_ATTRIBUTE& attr) {
    if (attr.text != nullptr) note_source(std::string_view(attr.text, attr.size));
  }

  // Widens the current top-level block's extent by `text` when it points into the source (md4c
  // passes some pieces, like a code span's line ending, from strings of its own).
  void note_source(std::string_view text) {
    if (tree_.extents.empty() || text.empty() || text.data() < doc_.data() || text.data() >= doc_.data() + doc_.size()) return;
    const auto first = static_cast<std::size_t>(text.data() - doc_.data());
    std::optional<TextExtent>& extent = tree_.extents.back();
    if (!extent) {
      extent = TextExtent{first, first + text.size()};
      return;
    }
    extent->first = std::min(extent->first, first);
    extent->end = std::max(extent->end, first + text.size());
  }

  std::string_view doc_;
  const MarkdownOptions& options_;
  std::vector<Frame> stack_;
  MarkdownTree tree_;
};

int on_enter_block(MD_BLOCKTYPE type, void* detail, void* builder) {
  static_cast<TreeBuilder*>(builder)->enter_block(type, detail);
  return 0;
}
int on_leave_block(MD_BLOCKTYPE type, void*, void* builder) {
  static_cast<TreeBuilder*>(builder)->leave_block(type);
  return 0;
}
int on_enter_span(MD_SPANTYPE type, void* detail, void* builder) {
  static_cast<TreeBuilder*>(builder)->enter_span(type, detail);
  return 0;
}
int on_leave_span(MD_SPANTYPE, void*, void* builder) {
  static_cast<TreeBuilder*>(builder)->leave_span();
  return 0;
}
int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* builder) {
  static_cast<TreeBuilder*>(builder)->text(type, std::string_view(text, size));
  return 0;
}

// md4c fails only when it runs out of memory: then the text is shown as it is.
MarkdownTree plain_text(std::string_view text) {
  MarkdownTree tree;
  if (text.empty()) return tree;
  tree.blocks.emplace_back(el(Tag::p, "ck-md-p").append(Node(std::string(text))));
  tree.extents.emplace_back(TextExtent{0, text.size()});
  return tree;
}

}  // namespace

MarkdownTree parse_markdown_tree(std::string_view text, const MarkdownOptions& options) {
  MD_PARSER parser{};
  parser.flags = kFlags;
  parser.enter_block = on_enter_block;
  parser.leave_block = on_leave_block;
  parser.enter_span = on_enter_span;
  parser.leave_span = on_leave_span;
  parser.text = on_text;
  // md4c 0.4.8 reads the byte just past the text in places (the end of a last line that might be
  // a list marker or a link), and then parses differently: it must be a NUL, which a copy has.
  const std::string source(text);
  TreeBuilder builder(source, options);
  if (md_parse(source.data(), static_cast<MD_SIZE>(source.size()), &parser, &builder) != 0) return plain_text(text);
  return std::move(builder).finish();
}

}  // namespace chatkit::render
