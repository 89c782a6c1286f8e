#pragma once
// Inline Markdown (a CommonMark subset): backslash escapes, code spans, emphasis / strong (`*`, `_`,
// with CommonMark's flanking rules), strikethrough (`~~`), inline links and images, `<…>` autolinks,
// hard and soft line breaks. Raw HTML and entities stay text; unsafe URLs drop the link or image
// and keep its text. Links that leave our origin open in a new tab; an image from a host the
// options do not allow is a link to it (markdown_options.hpp).
#include <string_view>
#include <vector>

#include "core/render/markdown_options.hpp"
#include "core/render/vnode.hpp"

namespace chatkit::render {

// The inline content of one paragraph, heading or table cell (lines joined by '\n').
std::vector<Node> render_inline(std::string_view text, const MarkdownOptions& options);

}  // namespace chatkit::render
