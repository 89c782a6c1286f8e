#include "core/render/markdown_links.hpp"

#include "core/render/sanitize.hpp"

namespace chatkit::render {
namespace {

bool is_kept_in_url(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-._~:/?#@!$&'()*+,;=%").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

std::string encode_url(std::string_view url) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_kept_in_url(byte)) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
  return out;
}

std::optional<Element> markdown_link(std::string_view href, std::string_view title) {
  // The decoded URL is what safe_url() judges (a backslash or a tab stays refused even though
  // encoding would hide it); the browser gets the encoded one.
  const auto safe = safe_url(href, UrlUse::link);
  if (!safe) return std::nullopt;
  Element anchor = el(Tag::a, "ck-md-link").set("href", encode_url(*safe));
  if (anchor.attr("href") == nullptr) return std::nullopt;
  if (!title.empty()) anchor.set("title", std::string(title));
  if (is_external_url(*safe)) anchor.set("target", "_blank");  // brings rel="noopener noreferrer" (vnode.hpp)
  return anchor;
}

Node markdown_image(const ImageTarget& image, std::string alt, LinkNesting nesting, const MarkdownOptions& options) {
  const auto safe = safe_url(image.src, UrlUse::image);
  if (safe && may_load_image(*safe, options)) {
    Element img = el(Tag::img, "ck-md-image").set("src", encode_url(*safe)).set("alt", std::move(alt));
    if (!image.title.empty()) img.set("title", image.title);
    if (img.attr("src") != nullptr) return img;
  }
  if (nesting == LinkNesting::inside_link) return alt;
  auto anchor = markdown_link(image.src, image.title);
  if (!anchor) return alt;
  const auto shown = safe_url(image.src, UrlUse::link);
  return std::move(anchor->append(Node(alt.empty() ? *shown : std::move(alt))));
}

}  // namespace chatkit::render
