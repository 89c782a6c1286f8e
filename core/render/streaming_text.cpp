#include "core/render/streaming_text.hpp"

#include <algorithm>

namespace chatkit::render {
namespace {

// Characters that neither open nor close any inline construct and cannot complete a block marker
// once a line has started with a letter: appending them to a plain paragraph appends their text
// (but see may_complete_autolink_or_entity).
bool is_inert(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view(" .,;:?!'\"/%@$^").find(c) != std::string_view::npos;
}

bool starts_with_letter(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  if (i >= line.size()) return false;
  const auto u = static_cast<unsigned char>(line[i]);
  return u >= 0x80 || (line[i] >= 'a' && line[i] <= 'z') || (line[i] >= 'A' && line[i] <= 'Z');
}

std::string_view trim_start(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

std::size_t last_line_start(std::string_view text) {
  const auto newline = text.find_last_of("\r\n");
  return newline == std::string_view::npos ? 0 : newline + 1;
}

// Whether "www." (in any case) occurs in `a` followed by `b`.
bool has_www(std::string_view a, std::string_view b) {
  constexpr std::string_view kWww = "www.";
  const auto at = [&](std::size_t i) {
    const char c = i < a.size() ? a[i] : b[i - a.size()];
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  };
  for (std::size_t i = 0; i + kWww.size() <= a.size() + b.size(); ++i) {
    std::size_t k = 0;
    while (k < kWww.size() && at(i + k) == kWww[k]) ++k;
    if (k == kWww.size()) return true;
  }
  return false;
}

// The last word of a text ends in a bare-URL or e-mail autolink once it holds ':', '@' or
// "www." (md4c's permissive autolinks), and "&amp" becomes a character reference with its ';'.
// Such a word, with the delta appended, needs a re-parse. Words longer than kMaxWord do too
// (the check stays cheap).
bool may_complete_autolink_or_entity(std::string_view text, std::string_view delta) {
  constexpr std::size_t kMaxWord = 64;
  const std::string_view window = text.substr(text.size() > kMaxWord ? text.size() - kMaxWord : 0);
  const auto space = window.find_last_of(" \t");
  if (space == std::string_view::npos && window.size() < text.size()) return true;
  const std::string_view word = window.substr(space == std::string_view::npos ? 0 : space + 1);
  if (word.find_first_of(":@&") != std::string_view::npos || delta.find_first_of(":@&") != std::string_view::npos) return true;
  return has_www(word, delta);
}

// The spaces a paragraph ends with, which CommonMark drops from its text.
std::size_t trailing_spaces(std::string_view text) {
  const auto last = text.find_last_not_of(' ');
  return last == std::string_view::npos ? text.size() : text.size() - last - 1;
}

}  // namespace

std::string block_key(std::string_view part_key, std::size_t index) {
  return std::string(part_key) + "." + std::to_string(index);
}

namespace {

void set_keys(std::string_view part_key, std::vector<Block>& blocks) {
  for (std::size_t i = 0; i < blocks.size(); ++i) blocks[i].node.element()->key = block_key(part_key, i);
}

}  // namespace

// Without the blocks' starts, which only a stream needs.
std::vector<Node> keyed_blocks(std::string_view part_key, std::string_view text, const MarkdownOptions& options) {
  std::vector<Node> blocks = render_markdown(text, options);
  for (std::size_t i = 0; i < blocks.size(); ++i) blocks[i].element()->key = block_key(part_key, i);
  return blocks;
}

StreamingText::StreamingText(std::string part_key, std::string text, MarkdownOptions options)
    : key_(std::move(part_key)),
      options_(std::move(options)),
      text_(std::move(text)),
      blocks_(parse_blocks(text_, options_)),
      last_line_(last_line_start(text_)) {
  set_keys(key_, blocks_);
  note_definitions(0, 0);
}

void StreamingText::append(std::string_view delta, std::vector<PatchOp>& out) {
  if (delta.empty()) return;
  if (appends_plain_text(delta)) return append_plain_text(delta, out);
  const std::size_t first = first_open_block();
  const std::size_t old_size = text_.size();
  const std::size_t old_last_line = last_line_;
  text_.append(delta);
  if (const auto newline = delta.find_last_of("\r\n"); newline != std::string_view::npos) last_line_ = old_size + newline + 1;
  note_definitions(old_size, old_last_line);
  if (defines_) return update_blocks(0, parse_blocks(text_, options_), out);
  const std::size_t from = first < blocks_.size() ? blocks_[first].start : 0;
  std::vector<Block> fresh = parse_blocks(std::string_view(text_).substr(from), options_);
  for (Block& block : fresh) block.start += from;
  update_blocks(first, std::move(fresh), out);
}

// may_define_references(text_), kept up to date from the text appended at `old_size`, whose lines
// from `old_last_line` on are new or longer. (The fast path appends neither "]:", as ']' is not
// inert, nor a line start.)
void StreamingText::note_definitions(std::size_t old_size, std::size_t old_last_line) {
  const std::string_view text(text_);
  label_end_ = label_end_ || text.substr(old_size > 0 ? old_size - 1 : 0).find("]:") != std::string_view::npos;
  for (std::size_t at = old_last_line; at < text.size() && !definition_line_;) {
    const std::size_t end = std::min(text.find_first_of("\r\n", at), text.size());
    definition_line_ = may_start_definition(text.substr(at, end - at));
    at = end + 1;
  }
  defines_ = label_end_ && definition_line_;
}

// The first block that the rest of the last line may still change. The line being written can
// join the block that holds the line before it ("1. a\n2." + "\n3" + ".": the paragraph "3"
// becomes the list's third item) or turn it into a heading or a table; every block before that
// one is final. Blocks that share a start re-parse together (markdown.hpp), from the first.
std::size_t StreamingText::first_open_block() const {
  for (std::size_t i = blocks_.size(); i-- > 0;) {
    if (blocks_[i].start >= last_line_) continue;
    while (i > 0 && blocks_[i - 1].start == blocks_[i].start) --i;
    return i;
  }
  return 0;
}

// The fast path: the last block is a paragraph ending in text, its last line starts with a letter,
// the text so far and the delta end and consist of inert characters, and they complete no
// autolink, character reference or definition.
bool StreamingText::appends_plain_text(std::string_view delta) const {
  if (blocks_.empty() || text_.empty() || !is_inert(text_.back())) return false;
  if (!std::all_of(delta.begin(), delta.end(), is_inert)) return false;
  const Element& last = *blocks_.back().node.element();
  if (last.tag != Tag::p || last.children.empty() || last.children.back().text() == nullptr) return false;
  // Among definitions, a paragraph that starts with '[' may yet become one (its title's closing
  // quote is inert), which would change the links of every block.
  if (defines_ && trim_start(std::string_view(text_).substr(blocks_.back().start)).starts_with('[')) return false;
  return starts_with_letter(std::string_view(text_).substr(last_line_)) && !may_complete_autolink_or_entity(text_, delta);
}

// The paragraph's text ends before the spaces the text ends with; they show once a word follows.
void StreamingText::append_plain_text(std::string_view delta, std::vector<PatchOp>& out) {
  const std::size_t held = trailing_spaces(text_);
  text_.append(delta);
  std::string shown = text_.substr(text_.size() - delta.size() - held);
  shown.resize(shown.size() - trailing_spaces(shown));
  if (shown.empty()) return;
  Element& paragraph = *blocks_.back().node.element();
  std::get<std::string>(paragraph.children.back().value).append(shown);
  out.push_back(AppendTextOp{paragraph.key, std::move(shown)});
}

// Replaces blocks_[first…] by `fresh`: a replace for each block that changed, an insert for each
// new one, a remove for each that is gone (a paragraph that turned out to be a definition).
void StreamingText::update_blocks(std::size_t first, std::vector<Block> fresh, std::vector<PatchOp>& out) {
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    const std::size_t index = first + k;
    fresh[k].node.element()->key = block_key(key_, index);
    if (index < blocks_.size()) {
      if (!(fresh[k].node == blocks_[index].node)) out.push_back(ReplaceOp{block_key(key_, index), fresh[k].node});
      blocks_[index] = std::move(fresh[k]);
      continue;
    }
    std::optional<std::string> after;
    if (index > 0) after = block_key(key_, index - 1);
    out.push_back(InsertOp{block_key(key_, index), key_, after, fresh[k].node});
    blocks_.push_back(std::move(fresh[k]));
  }
  while (blocks_.size() > first + fresh.size()) {
    out.push_back(RemoveOp{block_key(key_, blocks_.size() - 1)});
    blocks_.pop_back();
  }
}

}  // namespace chatkit::render
