#include "core/render/markdown.hpp"

#include <algorithm>
#include <optional>

#include "core/render/markdown_inline.hpp"

namespace chatkit::render {
namespace {

struct Line {
  std::string_view text;
  std::size_t start = 0;  // offset in the whole text
};
using Lines = std::vector<Line>;

// Quotes and lists nest at most this deep; deeper markers are paragraph text (bounded recursion).
constexpr int kMaxNesting = 16;

Lines split_lines(std::string_view text) {
  Lines lines;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto newline = text.find('\n', at);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({line, at});
    if (newline == std::string_view::npos) break;
    at = newline + 1;
  }
  return lines;
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view trim_start(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return text;
}

// Leading indentation in columns (a tab advances to the next multiple of 4).
std::size_t indent_of(std::string_view text) {
  std::size_t column = 0;
  for (char c : text) {
    if (c == ' ') {
      ++column;
    } else if (c == '\t') {
      column = (column / 4 + 1) * 4;
    } else {
      break;
    }
  }
  return column;
}

// Removes up to `columns` of leading indentation.
Line strip_columns(const Line& line, std::size_t columns) {
  std::size_t column = 0;
  std::size_t i = 0;
  while (i < line.text.size() && column < columns && (line.text[i] == ' ' || line.text[i] == '\t')) {
    column = line.text[i] == ' ' ? column + 1 : (column / 4 + 1) * 4;
    ++i;
  }
  return {line.text.substr(i), line.start + i};
}

std::size_t run_of(std::string_view text, char ch) {
  std::size_t n = 0;
  while (n < text.size() && text[n] == ch) ++n;
  return n;
}

struct Heading {
  int level = 1;
  std::string_view content;
};

std::optional<Heading> atx_heading(std::string_view line) {
  if (indent_of(line) >= 4) return std::nullopt;
  const std::string_view text = trim_start(line);
  const std::size_t level = run_of(text, '#');
  if (level == 0 || level > 6 || (level < text.size() && text[level] != ' ' && text[level] != '\t')) return std::nullopt;
  std::string_view content = trim(text.substr(level));
  std::size_t end = content.size();
  while (end > 0 && content[end - 1] == '#') --end;
  // A closing run of `#` counts only when a space precedes it (or it is all there is).
  if (end == 0) content = {};
  if (end > 0 && end < content.size() && (content[end - 1] == ' ' || content[end - 1] == '\t')) content = trim(content.substr(0, end));
  return Heading{static_cast<int>(level), content};
}

bool is_thematic_break(std::string_view line) {
  if (indent_of(line) >= 4) return false;
  const std::string_view text = trim(line);
  if (text.empty() || (text[0] != '*' && text[0] != '-' && text[0] != '_')) return false;
  std::size_t count = 0;
  for (char c : text) {
    if (c == text[0]) {
      ++count;
    } else if (c != ' ' && c != '\t') {
      return false;
    }
  }
  return count >= 3;
}

// 1 for a `===` underline, 2 for `---`, 0 otherwise.
int setext_level(std::string_view line) {
  if (indent_of(line) >= 4) return 0;
  const std::string_view text = trim(line);
  if (text.empty() || (text[0] != '=' && text[0] != '-') || run_of(text, text[0]) != text.size()) return 0;
  return text[0] == '=' ? 1 : 2;
}

struct Fence {
  char ch = '`';
  std::size_t length = 0;
  std::size_t indent = 0;
  std::string_view info;
};

std::optional<Fence> fence_open(std::string_view line) {
  const std::size_t indent = indent_of(line);
  const std::string_view text = trim_start(line);
  if (indent >= 4 || text.empty() || (text[0] != '`' && text[0] != '~')) return std::nullopt;
  const std::size_t length = run_of(text, text[0]);
  const std::string_view info = trim(text.substr(length));
  if (length < 3 || (text[0] == '`' && info.find('`') != std::string_view::npos)) return std::nullopt;
  return Fence{text[0], length, indent, info};
}

bool closes_fence(std::string_view line, const Fence& fence) {
  const std::string_view text = trim_start(line);
  return indent_of(line) < 4 && run_of(text, fence.ch) >= fence.length && is_blank(text.substr(run_of(text, fence.ch)));
}

bool is_quote(std::string_view line) { return indent_of(line) < 4 && trim_start(line).starts_with('>'); }

struct Marker {
  bool ordered = false;
  char delimiter = '-';     // the bullet, or `.` / `)`
  long number = 1;
  bool empty = false;       // nothing after the marker
  std::size_t content = 0;  // byte offset of the content in the line
  std::size_t column = 0;   // its column: continuation lines are indented at least this much
};

std::optional<Marker> list_marker(std::string_view line) {
  const std::size_t indent = indent_of(line);
  if (indent >= 4) return std::nullopt;
  std::size_t i = line.size() - trim_start(line).size();
  Marker marker;
  if (i < line.size() && (line[i] == '-' || line[i] == '+' || line[i] == '*')) {
    marker.delimiter = line[i++];
  } else {
    const std::size_t digits_start = i;
    while (i < line.size() && i - digits_start < 9 && line[i] >= '0' && line[i] <= '9') ++i;
    if (i == digits_start || i >= line.size() || (line[i] != '.' && line[i] != ')')) return std::nullopt;
    marker.ordered = true;
    marker.number = std::stol(std::string(line.substr(digits_start, i - digits_start)));
    marker.delimiter = line[i++];
  }
  if (i < line.size() && line[i] != ' ' && line[i] != '\t') return std::nullopt;
  const std::size_t marker_column = indent + (i - (line.size() - trim_start(line).size()));
  const std::string_view rest = line.substr(i);
  marker.empty = is_blank(rest);
  const std::size_t spaces = rest.size() - trim_start(rest).size();
  // Five or more spaces: the content is indented code, one space after the marker.
  const std::size_t gap = (marker.empty || spaces >= 5) ? 1 : spaces;
  marker.content = std::min(line.size(), i + gap);
  marker.column = marker_column + gap;
  return marker;
}

bool same_list(const Marker& a, const Marker& b) { return a.ordered == b.ordered && a.delimiter == b.delimiter; }

bool interrupts_paragraph(std::string_view line) {
  if (indent_of(line) >= 4) return false;
  if (atx_heading(line) || fence_open(line) || is_quote(line) || is_thematic_break(line)) return true;
  const auto marker = list_marker(line);
  return marker && !marker->empty && (!marker->ordered || marker->number == 1);
}

// ---- pipe tables (GFM) ------------------------------------------------------------------------

std::vector<std::string_view> split_cells(std::string_view line) {
  std::string_view text = trim(line);
  if (text.starts_with('|')) text.remove_prefix(1);
  if (text.ends_with('|') && !text.ends_with("\\|")) text.remove_suffix(1);
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] == '\\') {
      ++i;
    } else if (i == text.size() || text[i] == '|') {
      cells.push_back(trim(text.substr(start, std::min(i, text.size()) - start)));
      start = i + 1;
    }
  }
  return cells;
}

enum class Align { none, left, center, right };

std::optional<std::vector<Align>> delimiter_row(std::string_view line) {
  if (line.find('|') == std::string_view::npos || indent_of(line) >= 4) return std::nullopt;
  std::vector<Align> aligns;
  for (std::string_view cell : split_cells(line)) {
    const bool left = cell.starts_with(':');
    const bool right = cell.ends_with(':') && cell.size() > 1;
    const std::string_view dashes = cell.substr(left ? 1 : 0, cell.size() - (left ? 1 : 0) - (right ? 1 : 0));
    if (dashes.empty() || run_of(dashes, '-') != dashes.size()) return std::nullopt;
    aligns.push_back(left && right ? Align::center : right ? Align::right : left ? Align::left : Align::none);
  }
  return aligns;
}

bool starts_table(const Lines& lines, std::size_t i) {
  if (i + 1 >= lines.size() || lines[i].text.find('|') == std::string_view::npos || indent_of(lines[i].text) >= 4) return false;
  const auto aligns = delimiter_row(lines[i + 1].text);
  return aligns && aligns->size() == split_cells(lines[i].text).size();
}

std::string_view align_class(Align align) {
  switch (align) {
    case Align::none: return {};
    case Align::left: return "ck-align-left";
    case Align::center: return "ck-align-center";
    case Align::right: return "ck-align-right";
  }
  return {};
}

Element table_row(std::string_view line, const std::vector<Align>& aligns, Tag cell_tag, const MarkdownOptions& options) {
  Element row = el(Tag::tr);
  const std::vector<std::string_view> cells = split_cells(line);
  for (std::size_t c = 0; c < aligns.size(); ++c) {
    Element cell = el(cell_tag, align_class(aligns[c]));
    if (c < cells.size()) cell.append(render_inline(cells[c], options));
    row.append(std::move(cell));
  }
  return row;
}

// ---- the block parser -------------------------------------------------------------------------

std::string join_lines(const std::vector<std::string_view>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.push_back('\n');
    out.append(parts[i]);
  }
  return out;
}

Element code_block(const std::vector<std::string_view>& lines, std::string_view info) {
  Element pre = el(Tag::pre, "ck-md-pre");
  const std::string_view language = info.substr(0, info.find_first_of(" \t"));
  if (!language.empty()) pre.set("data-ck-lang", std::string(language));
  Element code = el(Tag::code);
  if (!lines.empty()) code.append(Node(join_lines(lines)));
  return pre.append(std::move(code));
}

Element heading(int level, std::string_view content, const MarkdownOptions& options) {
  const std::string name = "ck-md-h" + std::to_string(level);
  return el(static_cast<Tag>(static_cast<int>(Tag::h1) + level - 1), name).append(render_inline(content, options));
}

// In a tight list, a paragraph's content stands directly in its item.
void unwrap_paragraphs(Element& item) {
  std::vector<Node> children;
  for (Node& child : item.children) {
    Element* element = child.element();
    if (element != nullptr && element->tag == Tag::p) {
      for (Node& inner : element->children) children.push_back(std::move(inner));
    } else {
      children.push_back(std::move(child));
    }
  }
  item.children = std::move(children);
}

class BlockParser {
 public:
  BlockParser(const Lines& lines, int depth, const MarkdownOptions& options) : lines_(lines), depth_(depth), options_(options) {}

  std::vector<Block> run() {
    std::vector<Block> blocks;
    while (i_ < lines_.size()) {
      if (is_blank(line())) {
        ++i_;
        continue;
      }
      const std::size_t start = lines_[i_].start;
      blocks.push_back({start, block()});
    }
    return blocks;
  }

 private:
  std::string_view line() const { return lines_[i_].text; }
  bool nesting_allowed() const { return depth_ < kMaxNesting; }

  Node block() {
    if (indent_of(line()) >= 4) return indented_code();
    if (const auto fence = fence_open(line())) return fenced_code(*fence);
    if (const auto head = atx_heading(line())) {
      ++i_;
      return heading(head->level, head->content, options_);
    }
    if (is_thematic_break(line())) {
      ++i_;
      return el(Tag::hr, "ck-md-hr");
    }
    if (is_quote(line()) && nesting_allowed()) return quote();
    if (const auto marker = list_marker(line()); marker && nesting_allowed()) return list(*marker);
    if (starts_table(lines_, i_)) return table();
    return paragraph();
  }

  Node indented_code() {
    std::vector<std::string_view> content;
    while (i_ < lines_.size() && (is_blank(line()) || indent_of(line()) >= 4)) {
      content.push_back(strip_columns(lines_[i_], 4).text);
      ++i_;
    }
    while (!content.empty() && is_blank(content.back())) content.pop_back();
    return code_block(content, {});
  }

  Node fenced_code(const Fence& fence) {
    ++i_;
    std::vector<std::string_view> content;
    while (i_ < lines_.size() && !closes_fence(line(), fence)) {
      content.push_back(strip_columns(lines_[i_], fence.indent).text);
      ++i_;
    }
    if (i_ < lines_.size()) ++i_;  // the closing fence (an unclosed fence runs to the end)
    return code_block(content, fence.info);
  }

  Node paragraph() {
    std::vector<std::string_view> parts{trim_start(line())};
    ++i_;
    while (i_ < lines_.size() && !is_blank(line())) {
      if (const int level = setext_level(line())) {
        ++i_;
        return heading(level, trim(std::string_view(join_lines(parts))), options_);
      }
      if (starts_table(lines_, i_) || interrupts_paragraph(line())) break;
      parts.push_back(trim_start(line()));
      ++i_;
    }
    return el(Tag::p, "ck-md-p").append(render_inline(join_lines(parts), options_));
  }

  Node quote() {
    Lines inner;
    while (i_ < lines_.size()) {
      if (is_quote(line())) {
        const std::string_view text = trim_start(line()).substr(1);
        const std::size_t skip = line().size() - text.size() + ((text.starts_with(' ') || text.starts_with('\t')) ? 1 : 0);
        inner.push_back({line().substr(skip), lines_[i_].start + skip});
      } else if (is_blank(line()) || inner.empty() || is_blank(inner.back().text) || interrupts_paragraph(line())) {
        break;
      } else {
        inner.push_back(lines_[i_]);  // a lazy continuation line of the quoted paragraph
      }
      ++i_;
    }
    Element element = el(Tag::blockquote, "ck-md-quote");
    for (Block& block : BlockParser(inner, depth_ + 1, options_).run()) element.append(std::move(block.node));
    return element;
  }

  // The lines of one list item, first line included; sets `loose` when a blank line separates
  // two of its blocks.
  Lines item_lines(const Marker& marker, bool& loose) {
    Lines item{{line().substr(marker.content), lines_[i_].start + marker.content}};
    ++i_;
    bool after_blank = false;
    while (i_ < lines_.size()) {
      if (is_blank(line())) {
        after_blank = true;
        item.push_back({std::string_view(), lines_[i_].start});
      } else if (indent_of(line()) >= marker.column) {
        if (after_blank && !is_blank(item.front().text)) loose = true;
        after_blank = false;
        item.push_back(strip_columns(lines_[i_], marker.column));
      } else if (after_blank || list_marker(line()) || interrupts_paragraph(line()) || is_blank(item.back().text)) {
        break;
      } else {
        item.push_back(lines_[i_]);  // lazy continuation
      }
      ++i_;
    }
    return item;
  }

  Node list(const Marker& first) {
    Element element = el(first.ordered ? Tag::ol : Tag::ul, first.ordered ? "ck-md-ol" : "ck-md-ul");
    if (first.ordered && first.number != 1) element.set("start", std::to_string(first.number));
    bool loose = false;
    std::vector<Lines> items;
    while (i_ < lines_.size() && !is_thematic_break(line())) {
      const auto marker = list_marker(line());
      if (!marker || !same_list(*marker, first)) break;
      Lines item = item_lines(*marker, loose);
      std::size_t trailing_blanks = 0;
      while (item.size() > 1 && is_blank(item.back().text)) {
        item.pop_back();
        ++trailing_blanks;
      }
      if (trailing_blanks > 0 && i_ < lines_.size() && list_marker(line()) && same_list(*list_marker(line()), first)) loose = true;
      items.push_back(std::move(item));
    }
    for (const Lines& item : items) {
      Element li = el(Tag::li, "ck-md-li");
      for (Block& block : BlockParser(item, depth_ + 1, options_).run()) li.append(std::move(block.node));
      if (!loose) unwrap_paragraphs(li);
      element.append(std::move(li));
    }
    return element;
  }

  Node table() {
    const std::vector<Align> aligns = *delimiter_row(lines_[i_ + 1].text);
    Element head = el(Tag::thead).append(table_row(line(), aligns, Tag::th, options_));
    i_ += 2;
    Element body = el(Tag::tbody);
    while (i_ < lines_.size() && !is_blank(line()) && !interrupts_paragraph(line())) {
      body.append(table_row(line(), aligns, Tag::td, options_));
      ++i_;
    }
    Element element = el(Tag::table, "ck-md-table").append(std::move(head));
    if (!body.children.empty()) element.append(std::move(body));
    return element;
  }

  const Lines& lines_;
  int depth_;
  const MarkdownOptions& options_;
  std::size_t i_ = 0;
};

}  // namespace

std::vector<Block> parse_blocks(std::string_view text, const MarkdownOptions& options) {
  const Lines lines = split_lines(text);
  return BlockParser(lines, 0, options).run();
}

std::vector<Node> render_markdown(std::string_view text, const MarkdownOptions& options) {
  std::vector<Node> nodes;
  for (Block& block : parse_blocks(text, options)) nodes.push_back(std::move(block.node));
  return nodes;
}

}  // namespace chatkit::render
