#include "core/render/streaming_text.hpp"

#include <algorithm>

namespace chatkit::render {
namespace {

// Characters that neither open nor close any inline construct and cannot complete a block marker
// once a line has started with a letter: appending them to a plain paragraph appends their text.
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

std::size_t last_line_start(std::string_view text) {
  const auto newline = text.rfind('\n');
  return newline == std::string_view::npos ? 0 : newline + 1;
}

}  // namespace

std::string block_key(std::string_view part_key, std::size_t index) {
  return std::string(part_key) + "." + std::to_string(index);
}

std::vector<Block> keyed_blocks(std::string_view part_key, std::string_view text, const MarkdownOptions& options) {
  std::vector<Block> blocks = parse_blocks(text, options);
  for (std::size_t i = 0; i < blocks.size(); ++i) blocks[i].node.element()->key = block_key(part_key, i);
  return blocks;
}

StreamingText::StreamingText(std::string part_key, std::string text, MarkdownOptions options)
    : key_(std::move(part_key)),
      options_(std::move(options)),
      text_(std::move(text)),
      blocks_(keyed_blocks(key_, text_, options_)),
      last_line_(last_line_start(text_)) {}

void StreamingText::append(std::string_view delta, std::vector<PatchOp>& out) {
  if (delta.empty()) return;
  if (appends_plain_text(delta)) {
    text_.append(delta);
    Element& paragraph = *blocks_.back().node.element();
    std::get<std::string>(paragraph.children.back().value).append(delta);
    out.push_back(AppendTextOp{paragraph.key, std::string(delta)});
    return;
  }
  const std::size_t old_size = text_.size();
  text_.append(delta);
  if (const auto newline = delta.rfind('\n'); newline != std::string_view::npos) last_line_ = old_size + newline + 1;
  reparse_tail(out);
}

// The fast path: the last block is a paragraph ending in text, its last line starts with a letter,
// and the text so far and the delta end and consist of inert characters.
bool StreamingText::appends_plain_text(std::string_view delta) const {
  if (blocks_.empty() || text_.empty() || !is_inert(text_.back())) return false;
  if (!std::all_of(delta.begin(), delta.end(), is_inert)) return false;
  const Element& last = *blocks_.back().node.element();
  if (last.tag != Tag::p || last.children.empty() || last.children.back().text() == nullptr) return false;
  return starts_with_letter(std::string_view(text_).substr(last_line_));
}

void StreamingText::reparse_tail(std::vector<PatchOp>& out) {
  const std::size_t first = blocks_.empty() ? 0 : blocks_.size() - 1;
  const std::size_t from = blocks_.empty() ? 0 : blocks_.back().start;
  std::vector<Block> fresh = parse_blocks(std::string_view(text_).substr(from), options_);
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    const std::size_t index = first + k;
    fresh[k].start += from;
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
}

}  // namespace chatkit::render
