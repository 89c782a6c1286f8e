#pragma once
// The Markdown blocks of one assistant content part, kept between text deltas so that a delta
// re-renders only the tail of the message: the blocks before the last one or two are final
// (core/render/markdown.hpp), so a delta either appends plain text to the last paragraph, or
// re-parses from the start of the block that holds the line before the one being written. Once the text may define link references, which
// can change any block, a delta re-renders the whole part and replaces the blocks that changed.
#include <string>
#include <string_view>
#include <vector>

#include "core/render/markdown.hpp"
#include "core/render/patch.hpp"

namespace chatkit::render {

// "<partKey>.<index>"
std::string block_key(std::string_view part_key, std::size_t index);

// The rendered blocks of `text`, each keyed block_key(part_key, i).
std::vector<Node> keyed_blocks(std::string_view part_key, std::string_view text, const MarkdownOptions& options);

class StreamingText {
 public:
  StreamingText(std::string part_key, std::string text, MarkdownOptions options);

  // Appends `delta` and adds the operations that bring the DOM of the part's blocks up to date:
  // one append_text (or none), or replaces of changed blocks, inserts of new ones and removes of
  // those that are gone.
  void append(std::string_view delta, std::vector<PatchOp>& out);

  const std::string& text() const { return text_; }

 private:
  void note_definitions(std::size_t old_size, std::size_t old_last_line);
  std::size_t first_open_block() const;
  bool appends_plain_text(std::string_view delta) const;
  void append_plain_text(std::string_view delta, std::vector<PatchOp>& out);
  void update_blocks(std::size_t first, std::vector<Block> fresh, std::vector<PatchOp>& out);

  std::string key_;
  MarkdownOptions options_;
  std::string text_;
  std::vector<Block> blocks_;
  std::size_t last_line_ = 0;  // offset of the last line of text_
  bool label_end_ = false;        // text_ holds "]:"
  bool definition_line_ = false;  // a line of text_ may start a definition
  bool defines_ = false;          // both: may_define_references(text_)
};

}  // namespace chatkit::render
