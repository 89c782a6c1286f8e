#pragma once
// The headers every static answer carries: the page's Content-Security-Policy with
// frame-ancestors (which a <meta> tag cannot carry), no MIME sniffing, and no Referer sent on; and,
// because the web folder is public files without credentials, that any site may load them: a host
// page on another origin loads chatkit.js, which imports its ES modules and fetches the .wasm, both
// CORS-mode requests (Access-Control-Allow-Origin: *, Cross-Origin-Resource-Policy: cross-origin).
// The API (/chatkit) keeps its own --cors-origins policy.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatkit::server {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// `frame_ancestors`: who may frame the page, as CSP sources ("'none'", "'self' https://app.example").
HeaderList static_security_headers(std::string_view frame_ancestors = "'none'");

// Checks a --frame-ancestors value: space- or comma-separated 'none', 'self', or http(s) origins
// (wildcard subdomains allowed); returns it in CSP form, or nullopt when it is not one.
std::optional<std::string> frame_ancestors_sources(std::string_view value);

}  // namespace chatkit::server
