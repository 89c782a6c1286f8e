#include "server/http/router.hpp"

#include <optional>

namespace chatkit::server {

namespace {

constexpr std::string_view kApi = "/chatkit";
constexpr std::string_view kUseCases = "/chatkit/use-cases";

// The paths below are the API's tails: what follows /chatkit (or /chatkit/NAME) in the request's
// path, so that the ids they name are views into the request itself.
constexpr std::string_view kAttachments = "/attachments";

// /attachments/{id}/{action}: the id and the action, or nothing for another tail.
bool split_attachment_path(std::string_view tail, std::string_view& id, std::string_view& action) {
  if (!tail.starts_with(kAttachments) || tail.size() <= kAttachments.size() + 1 || tail[kAttachments.size()] != '/') {
    return false;
  }
  const auto rest = tail.substr(kAttachments.size() + 1);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || rest.find('/', slash + 1) != std::string_view::npos) return false;
  id = rest.substr(0, slash);
  action = rest.substr(slash + 1);
  return action == "upload" || action == "preview";
}

constexpr std::string_view kRuns = "/runs/";

// /runs/{id}/events and /runs/{id}/cancel; nullopt for any other tail.
std::optional<Route> run_route(std::string_view method, std::string_view tail) {
  if (!tail.starts_with(kRuns)) return std::nullopt;
  const auto rest = tail.substr(kRuns.size());
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

// The API's route of a tail (everything a client reaches from its endpoint URL), or nullopt.
std::optional<Route> api_route(std::string_view method, std::string_view tail) {
  if (tail.empty()) {
    return method == "POST" ? Route{RouteKind::chatkit, {}, {}} : Route{RouteKind::method_not_allowed, "POST, OPTIONS", {}};
  }
  if (tail == kAttachments) {
    return method == "POST" ? Route{RouteKind::direct_upload, {}, {}}
                            : Route{RouteKind::method_not_allowed, "POST, OPTIONS", {}};
  }
  std::string_view id;
  std::string_view action;
  if (split_attachment_path(tail, id, action)) return attachment_route(method, id, action);
  return run_route(method, tail);
}

// /chatkit/REST and /chatkit/NAME/REST: the API's route of REST (naming NAME); nullopt for other paths.
std::optional<Route> chatkit_route(std::string_view method, std::string_view path) {
  if (!path.starts_with(kApi)) return std::nullopt;
  const auto tail = path.substr(kApi.size());
  if (!tail.empty() && tail.front() != '/') return std::nullopt;  // "/chatkitx"
  if (auto route = api_route(method, tail)) return route;
  if (tail.size() < 2) return std::nullopt;
  const auto name = tail.substr(1, tail.find('/', 1) - 1);
  if (name.empty() || is_route_word(name)) return std::nullopt;
  auto route = api_route(method, tail.substr(1 + name.size()));
  if (route) route->mount = name;
  return route;
}

}  // namespace

bool is_route_word(std::string_view name) { return name == "runs" || name == "attachments" || name == "use-cases"; }

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
  const bool get = method == "GET" || method == "HEAD";
  if (path == kUseCases) return get ? Route{RouteKind::use_cases, {}, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD", {}};
  if (auto api = chatkit_route(method, path)) return *api;
  if (path == "/healthz") return get ? Route{RouteKind::healthz, {}, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD", {}};
  if (path == "/readyz") return get ? Route{RouteKind::readyz, {}, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD", {}};
  if (path == "/metrics") return get ? Route{RouteKind::metrics, {}, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD", {}};
  return get ? Route{RouteKind::static_file, {}, {}} : Route{RouteKind::method_not_allowed, "GET, HEAD", {}};
}

}  // namespace chatkit::server
