#pragma once
// What Markdown from the model may make the browser fetch. An image loads without a click, so an
// image URL chosen by the model is a tracking and exfiltration channel: only our own origin, data:
// images and the thread's allowed_image_domains may serve one. Other images show as links.
#include <string>
#include <string_view>
#include <vector>

namespace chatkit::render {

struct MarkdownOptions {
  // Domains whose hosts serve images, subdomains included: "example.com" allows example.com and
  // cdn.example.com, not badexample.com. Compared case-insensitively. Empty: no external images.
  std::vector<std::string> allowed_image_domains;

  bool operator==(const MarkdownOptions&) const = default;
};

// Whether an <img> may load `url`: a safe image URL (safe_url) that is relative (same origin), a
// data: image, or external with an allowed host (url_host).
bool may_load_image(std::string_view url, const MarkdownOptions& options);

}  // namespace chatkit::render
