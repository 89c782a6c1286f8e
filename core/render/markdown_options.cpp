#include "core/render/markdown_options.hpp"

#include <algorithm>

#include "core/render/sanitize.hpp"
#include "core/text.hpp"

namespace chatkit::render {
namespace {

// `host` is `domain` or one of its subdomains.
bool is_within(std::string_view host, std::string_view domain) {
  if (domain.empty() || !host.ends_with(domain)) return false;
  return host.size() == domain.size() || host[host.size() - domain.size() - 1] == '.';
}

}  // namespace

bool may_load_image(std::string_view url, const MarkdownOptions& options) {
  if (!safe_url(url, UrlUse::image)) return false;
  if (!is_external_url(url)) return true;
  const auto host = url_host(url);
  if (!host) return false;
  return std::any_of(options.allowed_image_domains.begin(), options.allowed_image_domains.end(),
                     [&](const std::string& domain) { return is_within(*host, ascii_lowercase(domain)); });
}

}  // namespace chatkit::render
