#pragma once
// Block-level Markdown (a CommonMark subset plus GFM tables and strikethrough): paragraphs, ATX and
// setext headings, fenced and indented code, block quotes, bullet and ordered lists (tight or
// loose), thematic breaks and pipe tables. Raw HTML is text.
//
// Parsing is line by line and a finished block never changes: the blocks of `text + more` are the
// blocks of `text` except the last one, whose source re-parses into one or more blocks. A streaming
// message relies on that to re-render only its tail (core/render/streaming_text.hpp). The output is
// a function of the text and the options alone (which images may load: markdown_options.hpp).
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/render/markdown_options.hpp"
#include "core/render/vnode.hpp"

namespace chatkit::render {

struct Block {
  std::size_t start = 0;  // byte offset of the block's first line in the parsed text
  Node node;
};

// The top-level blocks of `text`, each with its start offset.
std::vector<Block> parse_blocks(std::string_view text, const MarkdownOptions& options = {});

// The rendered blocks of `text`.
std::vector<Node> render_markdown(std::string_view text, const MarkdownOptions& options = {});

}  // namespace chatkit::render
