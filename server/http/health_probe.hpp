#pragma once
// `chatkit-server --check-health URL`: the container's health check. The image holds no shell and
// no curl, so the server binary itself asks a running server (its own /healthz or /readyz) and
// turns the answer into an exit status.
#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace chatkit::server {

struct HealthTarget {
  std::string host;  // a name or an address; IPv6 without its brackets
  std::string port;
  std::string path;  // "/healthz" when the URL has none
};

// http://HOST[:PORT][/PATH] (HTTPS is a TLS proxy's job, not a health check's); invalid_request
// saying what is wrong otherwise.
Result<HealthTarget> parse_health_url(std::string_view url);

// GETs the target within `timeout`: ok on a 2xx, else upstream_error naming the status or the failure.
Status probe_health(const HealthTarget& target, std::chrono::milliseconds timeout);

}  // namespace chatkit::server
