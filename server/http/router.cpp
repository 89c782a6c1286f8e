#include "server/http/router.hpp"

#include <optional>

namespace chatkit::server {

namespace {

constexpr std::string_view kAttachments = "/chatkit/attachments";

// /chatkit/attachments/{id}/{action}: the id and the action, or nothing for another path.
bool split_attachment_path(std::string_view path, std::string_view& id, std::string_view& action) {
  if (!path.starts_with(kAttachments) || path.size() <= kAttachments.size() + 1 || path[kAttachments.size()] != '/') {
    return false;
  }
  const auto rest = path.substr(kAttachments.size() + 1);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || rest.find('/', slash + 1) != std::string_view::npos) return false;
  id = rest.substr(0, slash);
  action = rest.substr(slash + 1);
  return action == "upload" || action == "preview";
}

constexpr std::string_view kRuns = "/chatkit/runs/";

// /chatkit/runs/{id}/events and /chatkit/runs/{id}/cancel; nullopt for any other path.
std::optional<Route> run_route(std::string_view method, std::string_view path) {
  if (!path.starts_with(kRuns)) return std::nullopt;
  const auto rest = path.substr(kRuns.size());
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  const auto id = rest.substr(0, slash);
  const auto action = rest.substr(slash + 1);
  if (action == "events") {
    return method == "GET" ? Route{RouteKind::run_events, {}, id} : Route{RouteKind::method_not_allowed, "GET, OPTIONS", id};
  }
  if (action == "cancel") {
    return method == "POST" ? Route{RouteKind::run_cancel, {}, id} : Route{RouteKind::method_not_allowed, "POST, OPTIONS", id};
  }
  return std::nullopt;
}

Route attachment_route(std::string_view method, std::string_view id, std::string_view action) {
  if (action == "upload") {
    if (method == "PUT" || method == "POST") return {RouteKind::signed_upload, {}, id};
    return {RouteKind::method_not_allowed, "PUT, POST, OPTIONS", id};
  }
  if (method == "GET" || method == "HEAD") return {RouteKind::preview, {}, id};
  return {RouteKind::method_not_allowed, "GET, HEAD, OPTIONS", id};
}

}  // namespace

std::string_view target_path(std::string_view target) { return target.substr(0, target.find_first_of("?#")); }

std::string_view target_query(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {};
  const auto query = target.substr(question + 1);
  return query.substr(0, query.find('#'));
}

Route route_request(std::string_view method, std::string_view target) {
  const auto path = target_path(target);
  if (method == "OPTIONS") return {RouteKind::preflight, {}, {}};
  if (path == "/chatkit") {
    return method == "POST" ? Route{RouteKind::chatkit, {}, {}} : Route{RouteKind::method_not_allowed, "POST, OPTIONS", {}};
  }
  if (path == kAttachments) {
    return method == "POST" ? Route{RouteKind::direct_upload, {}, {}}
                            : Route{RouteKind::method_not_allowed, "POST, OPTIONS", {}};
  }
  std::string_view id;
  std::string_view action;
  if (split_attachment_path(path, id, action)) return attachment_route(method, id, action);
  if (auto run = run_route(method, path)) return *run;
  const bool get = method == "GET" || method == "HEAD";
  if (path == "/healthz") return get ? Route{RouteKind::healthz, {}, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD", {}};
  if (path == "/readyz") return get ? Route{RouteKind::readyz, {}, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD", {}};
  if (path == "/metrics") return get ? Route{RouteKind::metrics, {}, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD", {}};
  return get ? Route{RouteKind::static_file, {}, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD", {}};
}

}  // namespace chatkit::server
