#include "core/render/markdown_inline.hpp"

#include <algorithm>
#include <optional>

#include "core/render/sanitize.hpp"

namespace chatkit::render {
namespace {

bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A delimiter run (`*`, `_`, `~~`) waiting to be matched, or a finished node, or plain text.
struct Piece {
  enum class Kind { text, delimiter, node } kind = Kind::text;
  std::string text;             // text, or the delimiter characters still unmatched
  std::optional<Node> node;     // Kind::node
  char ch = 0;
  std::size_t original = 0;     // the run's length as written (the rule of 3)
  bool can_open = false;
  bool can_close = false;
};

struct LinkTarget {
  std::string url;
  std::string title;
  std::size_t end = 0;  // just past ')'
};

std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && is_ascii_punct(text[i + 1])) ++i;
    out.push_back(text[i]);
  }
  return out;
}

void push_text(std::vector<Node>& out, std::string_view text) {
  if (text.empty()) return;
  if (!out.empty()) {
    if (std::string* last = std::get_if<std::string>(&out.back().value)) {
      last->append(text);
      return;
    }
  }
  out.emplace_back(std::string(text));
}

void push_node(std::vector<Node>& out, Node node) {
  if (const std::string* text = node.text()) {
    push_text(out, *text);
  } else {
    out.push_back(std::move(node));
  }
}

std::vector<Node> to_nodes(std::vector<Piece>& pieces, std::size_t from, std::size_t to) {
  std::vector<Node> out;
  for (std::size_t i = from; i < to; ++i) {
    if (pieces[i].kind == Piece::Kind::node) {
      push_node(out, std::move(*pieces[i].node));
    } else {
      push_text(out, pieces[i].text);
    }
  }
  return out;
}

// `a.ck-md-link` to `url`, in a new tab when it leaves our origin; nullopt when the URL is unsafe.
std::optional<Element> anchor_to(std::string url, const std::string& title) {
  Element anchor = el(Tag::a, "ck-md-link").set("href", std::move(url));
  const std::string* href = anchor.attr("href");
  if (href == nullptr) return std::nullopt;
  const bool external = is_external_url(*href);
  if (!title.empty()) anchor.set("title", title);
  if (external) anchor.set("target", "_blank");  // brings rel="noopener noreferrer" (vnode.hpp)
  return anchor;
}

// CommonMark's rule of 3: a run that can both open and close matches only if the lengths allow.
bool rule_of_three_blocks(const Piece& opener, const Piece& closer) {
  if (opener.ch == '~' || !(opener.can_close || closer.can_open)) return false;
  return (opener.original + closer.original) % 3 == 0 && !(opener.original % 3 == 0 && closer.original % 3 == 0);
}

std::optional<std::size_t> find_opener(const std::vector<Piece>& pieces, std::size_t closer) {
  for (std::size_t k = closer; k-- > 0;) {
    const Piece& p = pieces[k];
    if (p.kind == Piece::Kind::delimiter && p.ch == pieces[closer].ch && p.can_open && !p.text.empty() &&
        !rule_of_three_blocks(p, pieces[closer])) {
      return k;
    }
  }
  return std::nullopt;
}

Element emphasis_element(char ch, std::size_t used) {
  if (ch == '~') return el(Tag::del);
  return el(used == 2 ? Tag::strong : Tag::em);
}

// Matches closers with openers, innermost first (CommonMark "process emphasis", without the
// openers-bottom shortcut).
void resolve_emphasis(std::vector<Piece>& pieces) {
  std::size_t c = 0;
  while (c < pieces.size()) {
    Piece& closer = pieces[c];
    if (closer.kind != Piece::Kind::delimiter || !closer.can_close || closer.text.empty()) {
      ++c;
      continue;
    }
    const auto o = find_opener(pieces, c);
    if (!o) {
      ++c;
      continue;
    }
    const std::size_t used = (closer.ch == '~' || (pieces[*o].text.size() >= 2 && closer.text.size() >= 2)) ? 2 : 1;
    Element wrapper = emphasis_element(closer.ch, used);
    wrapper.children = to_nodes(pieces, *o + 1, c);
    pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(*o + 1), pieces.begin() + static_cast<std::ptrdiff_t>(c));
    Piece wrapped{.kind = Piece::Kind::node, .node = Node(std::move(wrapper))};
    pieces.insert(pieces.begin() + static_cast<std::ptrdiff_t>(*o + 1), std::move(wrapped));
    c = *o + 2;
    pieces[*o].text.resize(pieces[*o].text.size() - used);
    pieces[c].text.resize(pieces[c].text.size() - used);
    if (pieces[c].text.empty()) pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(c));
    if (pieces[*o].text.empty()) {
      pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(*o));
      --c;
    }
  }
}

class InlineParser {
 public:
  InlineParser(std::string_view source, bool allow_links, const MarkdownOptions& options)
      : src_(source), allow_links_(allow_links), options_(options) {}

  std::vector<Node> run() {
    while (pos_ < src_.size()) step();
    flush();
    resolve_emphasis(pieces_);
    return to_nodes(pieces_, 0, pieces_.size());
  }

 private:
  void step() {
    switch (src_[pos_]) {
      case '\\': return escape();
      case '`': return code_span();
      case '*':
      case '_':
      case '~': return delimiter_run();
      case '!':
        if (pos_ + 1 < src_.size() && src_[pos_ + 1] == '[' && link(true)) return;  // images also inside link text
        return literal(1);
      case '[':
        if (allow_links_ && link(false)) return;
        return literal(1);
      case '<':
        if (autolink()) return;
        return literal(1);
      case '\n': return line_break();
      default: return plain();
    }
  }

  void plain() {
    const auto next = src_.find_first_of("\\`*_~![<\n", pos_ + 1);
    const std::size_t end = next == std::string_view::npos ? src_.size() : next;
    text_.append(src_.substr(pos_, end - pos_));
    pos_ = end;
  }

  void literal(std::size_t length) {
    text_.append(src_.substr(pos_, length));
    pos_ += length;
  }

  void flush() {
    if (text_.empty()) return;
    pieces_.push_back(Piece{.kind = Piece::Kind::text, .text = std::move(text_)});
    text_.clear();
  }

  void add_node(Node node) {
    flush();
    pieces_.push_back(Piece{.kind = Piece::Kind::node, .node = std::move(node)});
  }

  void escape() {
    if (pos_ + 1 < src_.size() && src_[pos_ + 1] == '\n') {
      pos_ += 2;
      add_node(el(Tag::br));
      skip_line_indent();
      return;
    }
    if (pos_ + 1 < src_.size() && is_ascii_punct(src_[pos_ + 1])) {
      text_.push_back(src_[pos_ + 1]);
      pos_ += 2;
      return;
    }
    literal(1);
  }

  std::size_t run_length(std::size_t at, char ch) const {
    std::size_t end = at;
    while (end < src_.size() && src_[end] == ch) ++end;
    return end - at;
  }

  void code_span() {
    const std::size_t ticks = run_length(pos_, '`');
    for (std::size_t at = src_.find('`', pos_ + ticks); at != std::string_view::npos; at = src_.find('`', at)) {
      const std::size_t closing = run_length(at, '`');
      if (closing == ticks) {
        add_node(code_node(src_.substr(pos_ + ticks, at - pos_ - ticks)));
        pos_ = at + ticks;
        return;
      }
      at += closing;
    }
    literal(ticks);  // no closing run: the backticks are text
  }

  static Node code_node(std::string_view raw) {
    std::string content(raw);
    std::replace(content.begin(), content.end(), '\n', ' ');
    const bool padded = content.size() >= 2 && content.front() == ' ' && content.back() == ' ' &&
                        content.find_first_not_of(' ') != std::string::npos;
    if (padded) content = content.substr(1, content.size() - 2);
    return el(Tag::code, "ck-md-code").append(Node(std::move(content)));
  }

  void delimiter_run() {
    const char ch = src_[pos_];
    const std::size_t length = run_length(pos_, ch);
    if (ch == '~' && length != 2) return literal(length);  // strikethrough is exactly `~~`
    const char before = pos_ == 0 ? '\n' : src_[pos_ - 1];
    const char after = pos_ + length >= src_.size() ? '\n' : src_[pos_ + length];
    const bool left = !is_space(after) && (!is_ascii_punct(after) || is_space(before) || is_ascii_punct(before));
    const bool right = !is_space(before) && (!is_ascii_punct(before) || is_space(after) || is_ascii_punct(after));
    Piece piece{.kind = Piece::Kind::delimiter, .text = std::string(length, ch), .ch = ch, .original = length};
    piece.can_open = ch == '_' ? left && (!right || is_ascii_punct(before)) : left;
    piece.can_close = ch == '_' ? right && (!left || is_ascii_punct(after)) : right;
    flush();
    pieces_.push_back(std::move(piece));
    pos_ += length;
  }

  void line_break() {
    std::size_t spaces = 0;
    while (spaces < text_.size() && text_[text_.size() - 1 - spaces] == ' ') ++spaces;
    text_.resize(text_.size() - spaces);
    ++pos_;
    if (spaces >= 2) {
      add_node(el(Tag::br));
    } else {
      text_.push_back('\n');
    }
    skip_line_indent();
  }

  void skip_line_indent() {
    while (pos_ < src_.size() && (src_[pos_] == ' ' || src_[pos_] == '\t')) ++pos_;
  }

  // The `]` matching the `[` at `open`, skipping escapes and nested brackets.
  std::optional<std::size_t> closing_bracket(std::size_t open) const {
    int depth = 0;
    for (std::size_t i = open; i < src_.size(); ++i) {
      if (src_[i] == '\\') {
        ++i;
      } else if (src_[i] == '[') {
        ++depth;
      } else if (src_[i] == ']' && --depth == 0) {
        return i;
      }
    }
    return std::nullopt;
  }

  std::size_t skip_spaces(std::size_t i) const {
    while (i < src_.size() && (src_[i] == ' ' || src_[i] == '\t' || src_[i] == '\n')) ++i;
    return i;
  }

  // `(destination "title")` starting at the `(`.
  std::optional<LinkTarget> link_target(std::size_t open) const {
    std::size_t i = skip_spaces(open + 1);
    LinkTarget target;
    if (i < src_.size() && src_[i] == '<') {
      const auto close = src_.find_first_of("<>\n", i + 1);
      if (close == std::string_view::npos || src_[close] != '>') return std::nullopt;
      target.url = unescape(src_.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      const std::size_t start = i;
      int depth = 0;
      for (; i < src_.size() && !is_space(src_[i]) && static_cast<unsigned char>(src_[i]) >= 0x20; ++i) {
        if (src_[i] == '\\') {
          ++i;
        } else if (src_[i] == '(') {
          ++depth;
        } else if (src_[i] == ')' && depth-- == 0) {
          break;
        }
      }
      if (i > src_.size()) return std::nullopt;
      target.url = unescape(src_.substr(start, i - start));
    }
    return with_title(std::move(target), i);
  }

  std::optional<LinkTarget> with_title(LinkTarget target, std::size_t i) const {
    const std::size_t after_url = i;
    i = skip_spaces(i);
    if (i < src_.size() && i > after_url && (src_[i] == '"' || src_[i] == '\'' || src_[i] == '(')) {
      const char close = src_[i] == '(' ? ')' : src_[i];
      std::size_t end = i + 1;
      while (end < src_.size() && src_[end] != close) end += src_[end] == '\\' ? 2 : 1;
      if (end >= src_.size()) return std::nullopt;
      target.title = unescape(src_.substr(i + 1, end - i - 1));
      i = skip_spaces(end + 1);
    }
    if (i >= src_.size() || src_[i] != ')') return std::nullopt;
    target.end = i + 1;
    return target;
  }

  bool link(bool image) {
    const std::size_t open = pos_ + (image ? 1 : 0);
    const auto close = closing_bracket(open);
    if (!close || *close + 1 >= src_.size() || src_[*close + 1] != '(') return false;
    const auto target = link_target(*close + 1);
    if (!target) return false;
    const std::string_view label = src_.substr(open + 1, *close - open - 1);
    if (image) {
      add_image(label, *target);
    } else {
      add_link(label, *target);
    }
    pos_ = target->end;
    return true;
  }

  void add_image(std::string_view label, const LinkTarget& target) {
    std::string alt;
    for (const Node& node : InlineParser(label, false, options_).run()) alt += text_content(node);
    if (may_load_image(target.url, options_)) {
      Element image = el(Tag::img, "ck-md-image").set("src", target.url).set("alt", std::move(alt));
      if (!target.title.empty()) image.set("title", target.title);
      add_node(std::move(image));
      return;
    }
    // Not loaded: a link to the image (not inside another link), else only the description.
    auto anchor = allow_links_ ? anchor_to(target.url, target.title) : std::nullopt;
    if (!anchor) {
      text_.append(alt);
      return;
    }
    anchor->append(Node(alt.empty() ? *anchor->attr("href") : alt));
    add_node(std::move(*anchor));
  }

  void add_link(std::string_view label, const LinkTarget& target) {
    std::vector<Node> content = InlineParser(label, false, options_).run();
    auto anchor = anchor_to(target.url, target.title);
    if (!anchor) {  // unsafe destination: keep only the text
      flush();
      for (Node& node : content) add_node(std::move(node));
      return;
    }
    anchor->children = std::move(content);
    add_node(std::move(*anchor));
  }

  // `<https://…>` or `<name@example.com>`.
  bool autolink() {
    const auto close = src_.find_first_of("<> \n", pos_ + 1);
    if (close == std::string_view::npos || src_[close] != '>') return false;
    const std::string_view inner = src_.substr(pos_ + 1, close - pos_ - 1);
    const bool email = inner.find('@') != std::string_view::npos && inner.find(':') == std::string_view::npos;
    if (!email && inner.find(':') == std::string_view::npos) return false;
    auto anchor = anchor_to((email ? "mailto:" : "") + std::string(inner), {});
    if (!anchor) return false;
    add_node(std::move(anchor->append(Node(std::string(inner)))));
    pos_ = close + 1;
    return true;
  }

  std::string_view src_;
  bool allow_links_;
  const MarkdownOptions& options_;
  std::size_t pos_ = 0;
  std::string text_;
  std::vector<Piece> pieces_;
};

}  // namespace

std::vector<Node> render_inline(std::string_view text, const MarkdownOptions& options) {
  return InlineParser(text, true, options).run();
}

}  // namespace chatkit::render
