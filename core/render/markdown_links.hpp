#pragma once
// What a Markdown link or image becomes. A destination must pass safe_url() or only the text is
// kept; a link that leaves our origin opens in a new tab without the opener; an image loads only
// where may_load_image() allows (markdown_options.hpp) and is otherwise a link to itself.
// Destinations are percent-encoded as the CommonMark reference renderers write them.
#include <optional>
#include <string>
#include <string_view>

#include "core/render/markdown_options.hpp"
#include "core/render/vnode.hpp"

namespace chatkit::render {

// Whether an image sits inside a link's text (where it cannot become a link of its own).
enum class LinkNesting { top_level, inside_link };

struct ImageTarget {
  std::string src;    // entities and escapes already decoded
  std::string title;  // empty: none
};

// `a.ck-md-link` to `href` (decoded), or nullopt when the URL is unsafe.
std::optional<Element> markdown_link(std::string_view href, std::string_view title);

// `img.ck-md-image` when the image may load; else a link to it showing `alt` (the URL when
// `alt` is empty); else, inside a link or for an unsafe URL, the text `alt`.
Node markdown_image(const ImageTarget& image, std::string alt, LinkNesting nesting, const MarkdownOptions& options);

// `url` with every byte outside ASCII letters, digits and -._~:/?#@!$&'()*+,;=% percent-encoded
// (brackets too, as the reference renderers do).
std::string encode_url(std::string_view url);

}  // namespace chatkit::render
