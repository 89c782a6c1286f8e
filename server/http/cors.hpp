#pragma once
// CORS for a configured list of origins, so the web UI may be served from another origin (a CDN).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace chatkit::server {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct PreflightResult {
  int status = 403;  // 204 when allowed, 403 when not
  HeaderList headers;
};

// Decides which cross-origin requests may read responses, and the headers that say so.
class CorsPolicy {
 public:
  CorsPolicy() = default;  // disabled

  // From a comma-separated list of origins ("https://a.example, http://localhost:5173") or "*".
  // Empty = CORS disabled (no headers ever). Each origin must be scheme://host[:port] with scheme
  // http or https, no path and no trailing slash; anything else is an invalid_request error naming it.
  static chatkit::Result<CorsPolicy> parse(std::string_view origins);

  bool enabled() const;
  // Exact match after lower-casing scheme and host and dropping a default port (:80, :443).
  bool allows(std::string_view origin) const;

  // For an actual (non-preflight) response: Access-Control-Allow-Origin (the origin, or "*" when
  // configured as "*"), Vary: Origin, Access-Control-Expose-Headers. Empty when the origin is empty
  // or not allowed.
  HeaderList response_headers(std::string_view origin) const;

  // OPTIONS preflight: 204 with Allow-Origin, Allow-Methods, Allow-Headers (the requested ones if each
  // is a valid token, else a fixed list), Max-Age and Vary; 403 without CORS headers when the origin or
  // the method (GET, POST, PUT, OPTIONS, HEAD) is not allowed.
  PreflightResult preflight(std::string_view origin, std::string_view request_method,
                            std::string_view request_headers) const;

 private:
  bool enabled_ = false;
  bool any_origin_ = false;           // configured as "*"
  std::vector<std::string> origins_;  // normalized: "scheme://host[:port]"
};

}  // namespace chatkit::server
