#pragma once
// The Markdown blocks of one assistant content part, kept between text deltas so that a delta
// re-renders only the tail of the message: the blocks before the last one are final
// (core/render/markdown.hpp), so a delta either appends plain text to the last paragraph, or
// re-parses from the start of the last block.
#include <string>
#include <string_view>
#include <vector>

#include "core/render/markdown.hpp"
#include "core/render/patch.hpp"

namespace chatkit::render {

// "<partKey>.<index>"
std::string block_key(std::string_view part_key, std::size_t index);

// The blocks of `text`, each keyed block_key(part_key, i).
std::vector<Block> keyed_blocks(std::string_view part_key, std::string_view text, const MarkdownOptions& options);

class StreamingText {
 public:
  StreamingText(std::string part_key, std::string text, MarkdownOptions options);

  // Appends `delta` and adds the operations that bring the DOM of the part's blocks up to date:
  // one append_text, or a replace of the last block followed by inserts of the new ones.
  void append(std::string_view delta, std::vector<PatchOp>& out);

  const std::string& text() const { return text_; }

 private:
  bool appends_plain_text(std::string_view delta) const;
  void reparse_tail(std::vector<PatchOp>& out);

  std::string key_;
  MarkdownOptions options_;
  std::string text_;
  std::vector<Block> blocks_;
  std::size_t last_line_ = 0;  // offset of the last line of text_
};

}  // namespace chatkit::render
