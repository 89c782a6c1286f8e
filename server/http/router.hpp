#pragma once
// Which handler answers a request: a pure function of method and target, so that the whole URL
// space is visible in one place and tested without sockets.
#include <string_view>

namespace chatkit::server {

enum class RouteKind {
  chatkit,             // POST /chatkit: the protocol
  healthz,             // GET /healthz
  metrics,             // GET /metrics
  static_file,         // GET/HEAD anything else: the web UI
  preflight,           // OPTIONS: CORS preflight
  method_not_allowed,  // a known path with the wrong method
};

struct Route {
  RouteKind kind;
  std::string_view allow;  // the Allow header of method_not_allowed
};

// `target` is the raw request target; its query string is ignored.
Route route_request(std::string_view method, std::string_view target);

// The path of a request target: without query string or fragment.
std::string_view target_path(std::string_view target);

}  // namespace chatkit::server
