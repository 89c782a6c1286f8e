#include "server/http/cors.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "core/text.hpp"

namespace chatkit::server {
namespace {

constexpr std::string_view kAllowedMethods = "GET, POST, PUT, OPTIONS";  // PUT: the upload URL (PROTOCOL §2.15)
constexpr std::string_view kDefaultAllowedHeaders = "Authorization, Content-Type, Accept-Language";
constexpr std::size_t kMaxEchoedHeaders = 1024;  // longer lists fall back to the fixed list

// Every comma-separated element, trimmed, empty ones included (the caller decides about them).
std::vector<std::string_view> split_commas(std::string_view value) {
  std::vector<std::string_view> elements;
  for (;;) {
    const auto comma = value.find(',');
    elements.push_back(trim(value.substr(0, comma)));
    if (comma == std::string_view::npos) return elements;
    value.remove_prefix(comma + 1);
  }
}

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// RFC 9110 token: what a header name may be.
bool is_token(std::string_view text) {
  constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return is_alnum(c) || kSymbols.find(c) != std::string_view::npos;
  });
}

bool is_host(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {  // IPv6 literal
    return std::all_of(host.begin() + 1, host.end() - 1, [](char c) { return is_alnum(c) || c == ':' || c == '.'; });
  }
  return !host.empty() &&
         std::all_of(host.begin(), host.end(), [](char c) { return is_alnum(c) || c == '-' || c == '.'; });
}

Error bad_origin(std::string_view origin, std::string_view why) {
  return make_error(ErrorCode::invalid_request, "CORS origin \"" + std::string(origin) + "\" " + std::string(why) +
                                                    " (expected scheme://host[:port] with scheme http or https)");
}

struct Authority {
  std::string_view host;
  int port = 0;  // 0: none given, the scheme's default
};

// Splits "host[:port]" and checks the port.
Result<Authority> split_port(std::string_view origin, std::string_view authority) {
  const auto bracket = authority.rfind(']');
  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket)) {
    return Authority{.host = authority};
  }
  const auto port = authority.substr(colon + 1);
  int value = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || port.size() > 5 || error != std::errc{} || end != port.data() + port.size() || value < 1 ||
      value > 65535) {
    return bad_origin(origin, "has a bad port");
  }
  return Authority{.host = authority.substr(0, colon), .port = value};
}

// "HTTPS://A.Example:443" -> "https://a.example": the form a browser sends in Origin.
Result<std::string> normalize_origin(std::string_view origin) {
  const auto separator = origin.find("://");
  if (separator == std::string_view::npos) return bad_origin(origin, "is not an origin");
  const std::string scheme = ascii_lowercase(origin.substr(0, separator));
  if (scheme != "http" && scheme != "https") return bad_origin(origin, "has an unsupported scheme");
  const auto authority = origin.substr(separator + 3);
  if (authority.find_first_of("/?#") != std::string_view::npos) return bad_origin(origin, "has a path");
  if (authority.find('@') != std::string_view::npos) return bad_origin(origin, "has user information");
  const auto parts = split_port(origin, authority);
  if (!parts) return parts.error();
  if (!is_host(parts->host)) return bad_origin(origin, "has no valid host");
  std::string normalized = scheme + "://" + ascii_lowercase(parts->host);
  const int port = parts->port;
  const bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  if (port != 0 && !default_port) normalized += ":" + std::to_string(port);
  return normalized;
}

// The requested header names, echoed when each is a token; otherwise the fixed list.
std::string allowed_headers(std::string_view requested) {
  const auto names = split_commas(requested);
  const bool echo = !trim(requested).empty() && requested.size() <= kMaxEchoedHeaders &&
                    std::all_of(names.begin(), names.end(), is_token);
  if (!echo) return std::string(kDefaultAllowedHeaders);
  std::string joined;
  for (const auto name : names) joined += (joined.empty() ? "" : ", ") + std::string(name);
  return joined;
}

bool is_allowed_method(std::string_view method) {
  return method == "GET" || method == "POST" || method == "PUT" || method == "OPTIONS" || method == "HEAD";
}

}  // namespace

Result<CorsPolicy> CorsPolicy::parse(std::string_view origins) {
  CorsPolicy policy;
  if (trim(origins).empty()) return policy;
  policy.enabled_ = true;
  if (trim(origins) == "*") {
    policy.any_origin_ = true;
    return policy;
  }
  for (const auto entry : split_commas(origins)) {
    if (entry.empty())
      return make_error(ErrorCode::invalid_request, "empty entry in CORS origin list \"" + std::string(origins) + "\"");
    if (entry == "*") return make_error(ErrorCode::invalid_request, "CORS origin \"*\" must be the only entry");
    auto normalized = normalize_origin(entry);
    if (!normalized) return normalized.error();
    policy.origins_.push_back(std::move(*normalized));
  }
  return policy;
}

bool CorsPolicy::enabled() const { return enabled_; }

bool CorsPolicy::allows(std::string_view origin) const {
  if (!enabled_ || origin.empty()) return false;
  if (any_origin_) return true;
  const auto normalized = normalize_origin(origin);
  return normalized && std::find(origins_.begin(), origins_.end(), *normalized) != origins_.end();
}

HeaderList CorsPolicy::response_headers(std::string_view origin) const {
  if (!allows(origin)) return {};
  // Echo the origin exactly as sent: browsers compare it byte for byte with their own.
  return {{"Access-Control-Allow-Origin", any_origin_ ? "*" : std::string(origin)},
          {"Vary", "Origin"},
          {"Access-Control-Expose-Headers", "Content-Type"}};
}

PreflightResult CorsPolicy::preflight(std::string_view origin, std::string_view request_method,
                                      std::string_view request_headers) const {
  if (!allows(origin) || !is_allowed_method(request_method)) return {.status = 403, .headers = {}};
  return {.status = 204,
          .headers = {{"Access-Control-Allow-Origin", any_origin_ ? "*" : std::string(origin)},
                      {"Access-Control-Allow-Methods", std::string(kAllowedMethods)},
                      {"Access-Control-Allow-Headers", allowed_headers(request_headers)},
                      {"Access-Control-Max-Age", "600"},
                      {"Vary", "Origin"}}};
}

}  // namespace chatkit::server
