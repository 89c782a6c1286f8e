#include "core/render/markdown.hpp"

#include <algorithm>
#include <optional>

#include "core/render/markdown_tree.hpp"

namespace chatkit::render {
namespace {

// The lines of a text, split where md4c splits them: after "\n", "\r\n" or a lone "\r".
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if ((text[i] == '\n' || text[i] == '\r') && i + 1 < text.size()) starts_.push_back(i + 1);
    }
  }

  std::size_t start(std::size_t line) const { return starts_[line]; }
  std::size_t line_of(std::size_t offset) const {
    return static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin()) - 1;
  }
  bool blank(std::size_t line) const {
    const std::size_t end = line + 1 < starts_.size() ? starts_[line + 1] : text_.size();
    const std::string_view content = text_.substr(starts_[line], end - starts_[line]);
    return content.find_first_not_of(" \t\r\n") == std::string_view::npos;
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

// Finds where each top-level block begins, so that the text from there re-parses into the same
// blocks. md4c reports no positions, only text, and a block's markers (a fence, an empty first list
// item) may stand on lines before its first text: the lines between one block's last text and the
// next one's first text are tried in turn by re-parsing. A block that md4c parses differently on
// its own shares the start of the block before it (md4c 0.4.8 lets a fence indented four spaces
// interrupt a paragraph, but reads that line alone as indented code).
class BlockStarts {
 public:
  BlockStarts(std::string_view text, const MarkdownTree& tree, const MarkdownOptions& options)
      : text_(text), lines_(text), tree_(tree), options_(options), defines_(may_define_references(text)) {}

  std::vector<std::size_t> run() const {
    const std::size_t count = tree_.blocks.size();
    std::vector<std::size_t> starts(count);
    std::size_t end = text_.size();  // where the blocks still to place end
    std::size_t group_end = count;   // one past the last of them
    for (std::size_t i = count; i-- > 0;) {
      const auto start = start_of(i, group_end, end);
      if (!start) continue;  // block i joins the one before it
      std::fill(starts.begin() + static_cast<std::ptrdiff_t>(i), starts.begin() + static_cast<std::ptrdiff_t>(group_end), *start);
      end = *start;
      group_end = i;
    }
    return starts;
  }

 private:
  // Where blocks i to group_end - 1, which end at `end`, begin together; nullopt when no line does.
  std::optional<std::size_t> start_of(std::size_t i, std::size_t group_end, std::size_t end) const {
    const std::size_t lowest = lowest_line(i);
    std::size_t highest = tree_.extents[i] ? lines_.line_of(tree_.extents[i]->first) : lines_.line_of(std::max<std::size_t>(end, 1) - 1);
    while (highest > lowest && lines_.blank(highest)) --highest;
    // Every non-blank line but a definition's belongs to a block: the first one to the first block.
    if (i == 0) return lines_.start(defines_ ? highest : first_non_blank(0, highest));
    // A block may use a definition from anywhere in the text, so no part of it re-parses alone:
    // the first line with text has to do (such a text re-renders whole as it streams).
    if (defines_) return lines_.start(highest);
    for (std::size_t line = highest + 1; line-- > lowest;) {
      if (!lines_.blank(line) && parses_into(lines_.start(line), end, i, group_end)) return lines_.start(line);
    }
    return std::nullopt;
  }

  // The line after the last text of the nearest earlier block that has text.
  std::size_t lowest_line(std::size_t i) const {
    while (i-- > 0) {
      if (tree_.extents[i]) return lines_.line_of(tree_.extents[i]->end - 1) + 1;
    }
    return 0;
  }

  std::size_t first_non_blank(std::size_t from, std::size_t to) const {
    while (from < to && lines_.blank(from)) ++from;
    return from;
  }

  // Whether the text from `from` to `to` parses into blocks first to last - 1.
  bool parses_into(std::size_t from, std::size_t to, std::size_t first, std::size_t last) const {
    const MarkdownTree tree = parse_markdown_tree(text_.substr(from, to - from), options_);
    return std::equal(tree.blocks.begin(), tree.blocks.end(), tree_.blocks.begin() + static_cast<std::ptrdiff_t>(first),
                      tree_.blocks.begin() + static_cast<std::ptrdiff_t>(last));
  }

  std::string_view text_;
  Lines lines_;
  const MarkdownTree& tree_;
  const MarkdownOptions& options_;
  bool defines_;
};

}  // namespace

std::vector<Block> parse_blocks(std::string_view text, const MarkdownOptions& options) {
  MarkdownTree tree = parse_markdown_tree(text, options);
  const std::vector<std::size_t> starts = BlockStarts(text, tree, options).run();
  std::vector<Block> blocks;
  for (std::size_t i = 0; i < tree.blocks.size(); ++i) blocks.push_back({starts[i], std::move(tree.blocks[i])});
  return blocks;
}

std::vector<Node> render_markdown(std::string_view text, const MarkdownOptions& options) {
  return parse_markdown_tree(text, options).blocks;
}

bool may_define_references(std::string_view text) {
  if (text.find("]:") == std::string_view::npos) return false;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find_first_of("\r\n", at), text.size());
    if (may_start_definition(text.substr(at, end - at))) return true;
    at = end + 1;
  }
  return false;
}

bool may_start_definition(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t marker = i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == '>') ++i;  // a quote
    if (i + 1 < line.size() && (line[i] == '-' || line[i] == '+' || line[i] == '*') && (line[i + 1] == ' ' || line[i + 1] == '\t')) i += 2;
    std::size_t digits = i;
    while (digits < line.size() && digits - i < 9 && line[digits] >= '0' && line[digits] <= '9') ++digits;
    if (digits > i && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') && (line[digits + 1] == ' ' || line[digits + 1] == '\t')) i = digits + 2;
    if (i == marker) break;  // no more indentation or markers
  }
  return i < line.size() && line[i] == '[';
}

}  // namespace chatkit::render
