#pragma once
// Markdown to virtual DOM with md4c (CommonMark 0.30 + GFM tables, strikethrough, task lists and
// bare-URL autolinks; raw HTML off, so it stays text). md4c parses; this file decides what each
// block, span and text becomes, so nothing md4c reports reaches the DOM but our own elements.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/render/markdown_options.hpp"
#include "core/render/vnode.hpp"

namespace chatkit::render {

// Where a top-level block's text lies in the source: the first and one past the last byte md4c
// reported as its text or attributes (code info strings, link destinations). Block markers
// (`#`, `>`, fences, list bullets) are not text, so a block may begin before `first`.
struct TextExtent {
  std::size_t first = 0;
  std::size_t end = 0;
};

struct MarkdownTree {
  std::vector<Node> blocks;                       // the top-level blocks
  std::vector<std::optional<TextExtent>> extents;  // per block; none for a block without text (`---`)
};

MarkdownTree parse_markdown_tree(std::string_view text, const MarkdownOptions& options);

}  // namespace chatkit::render
