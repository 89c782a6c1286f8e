#pragma once
// Markdown (CommonMark plus GFM tables, strikethrough, task lists and bare-URL autolinks, parsed by
// md4c: markdown_tree.hpp) as our safe virtual DOM. Raw HTML is text; URLs are sanitised and images
// load only from allowed places (markdown_links.hpp). The output is a function of the text and the
// options alone.
//
// Streaming relies on this: without link reference definitions, a finished top-level block never
// changes, so the blocks of `text + more` are the blocks of `text` except the last one, whose
// source (from its `start`) re-parses into one or more blocks (core/render/streaming_text.hpp). A
// definition (`[label]: url`) may change links in any block, before or after it.
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/render/markdown_options.hpp"
#include "core/render/vnode.hpp"

namespace chatkit::render {

struct Block {
  // Byte offset of the block's first line in the parsed text: the text from there re-parses into
  // this block and the ones after it. A block that md4c parses differently on its own has the
  // start of the block before it instead (markdown.cpp). In a text that may define references
  // (below) it is the first line md4c reported text on, as no block there re-parses on its own.
  std::size_t start = 0;
  Node node;
};

// The top-level blocks of `text`, each with its start offset.
std::vector<Block> parse_blocks(std::string_view text, const MarkdownOptions& options = {});

// The rendered blocks of `text`.
std::vector<Node> render_markdown(std::string_view text, const MarkdownOptions& options = {});

// Whether `text` may hold a link reference definition: some line may start one
// (may_start_definition) and "]:" occurs, as it does in every definition between its label and
// its destination. (Either alone is common: task list items, `-> dict[str, int]:` in Python.)
bool may_define_references(std::string_view text);

// Whether `line`, after its indentation and any quote and list markers, starts with '[', as a
// definition does wherever it stands.
bool may_start_definition(std::string_view line);

}  // namespace chatkit::render
