#include "server/http/security_headers.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace chatkit::server {

namespace {

// The same policy as web/index.html's <meta> tag (kept there too, for static hosts that send no
// headers), plus frame-ancestors.
constexpr std::string_view kPagePolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https: data:; "
    "connect-src 'self' https: http://localhost:* http://127.0.0.1:*; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors ";

bool origin_source(std::string_view source) {
  std::string_view rest;
  if (source.starts_with("https://")) rest = source.substr(8);
  else if (source.starts_with("http://")) rest = source.substr(7);
  else return false;
  if (rest.starts_with("*.")) rest.remove_prefix(2);
  return !rest.empty() && std::ranges::all_of(rest, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == ':' || c == '[' || c == ']';
  });
}

}  // namespace

// The CSP applies to the documents (and workers) it arrives with, not to a script or a module that
// another origin's page loads, and nosniff only asks for the right types (text/javascript,
// application/wasm): nothing here stops a host page from loading the files.
HeaderList static_security_headers(std::string_view frame_ancestors) {
  return {{"Content-Security-Policy", std::string(kPagePolicy) + std::string(frame_ancestors)},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          {"Access-Control-Allow-Origin", "*"},
          {"Cross-Origin-Resource-Policy", "cross-origin"}};
}

std::optional<std::string> frame_ancestors_sources(std::string_view value) {
  std::string sources;
  std::string_view rest = value;
  while (!rest.empty()) {
    const auto cut = rest.find_first_of(" ,");
    const std::string_view source = trim(rest.substr(0, cut));
    rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
    if (source.empty()) continue;
    const bool keyword = source == "'none'" || source == "'self'";
    if (!keyword && !origin_source(source)) return std::nullopt;
    if (source == "'none'" && (!sources.empty() || !trim(rest).empty())) return std::nullopt;  // 'none' stands alone
    sources += (sources.empty() ? "" : " ") + std::string(source);
  }
  if (sources.empty()) return std::nullopt;
  return sources;
}

}  // namespace chatkit::server
