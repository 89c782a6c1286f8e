#include "server/http/router.hpp"

namespace chatkit::server {

std::string_view target_path(std::string_view target) { return target.substr(0, target.find_first_of("?#")); }

Route route_request(std::string_view method, std::string_view target) {
  const auto path = target_path(target);
  if (method == "OPTIONS") return {RouteKind::preflight, {}};
  if (path == "/chatkit") {
    return method == "POST" ? Route{RouteKind::chatkit, {}} : Route{RouteKind::method_not_allowed, "POST, OPTIONS"};
  }
  const bool get = method == "GET" || method == "HEAD";
  if (path == "/healthz") return get ? Route{RouteKind::healthz, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD"};
  if (path == "/metrics") return get ? Route{RouteKind::metrics, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD"};
  return get ? Route{RouteKind::static_file, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD"};
}

}  // namespace chatkit::server
