#pragma once
// Which handler answers a request: a pure function of method and target, so that the whole URL
// space is visible in one place and tested without sockets. Every /chatkit path is also served under
// /chatkit/NAME for a use case NAME (--use-case A,B): the route then names it, and the edge finds it.
#include <string_view>

namespace chatkit::server {

enum class RouteKind {
  chatkit,             // POST /chatkit: the protocol
  use_cases,           // GET /chatkit/use-cases: the use cases served, and their paths
  direct_upload,       // POST /chatkit/attachments: a direct upload (PROTOCOL §2.15)
  signed_upload,       // PUT|POST /chatkit/attachments/{id}/upload?...: a two-phase upload's bytes
  preview,             // GET|HEAD /chatkit/attachments/{id}/preview?...: an image attachment
  run_events,          // GET /chatkit/runs/{id}/events: (re)attach to a run's stream (PROTOCOL §4.7)
  run_cancel,          // POST /chatkit/runs/{id}/cancel: stop a run
  healthz,             // GET /healthz: the process is alive
  readyz,              // GET /readyz: the store answers (its migrations ran when it opened)
  metrics,             // GET /metrics
  static_file,         // GET/HEAD anything else: the web UI
  preflight,           // OPTIONS: CORS preflight
  method_not_allowed,  // a known path with the wrong method
};

struct Route {
  RouteKind kind;
  std::string_view allow;          // the Allow header of method_not_allowed
  std::string_view attachment_id;  // of the attachment and run routes, as the path names it
  std::string_view mount;          // NAME of /chatkit/NAME/...; empty for the paths without one
};

// The words of the paths under /chatkit that are not use cases: no use case may be called so.
bool is_route_word(std::string_view name);

// `target` is the raw request target; its query string is ignored.
Route route_request(std::string_view method, std::string_view target);

// The uploads read their bodies as a stream, with limits of their own (server/http/upload_endpoint.hpp).
inline bool is_upload(RouteKind kind) { return kind == RouteKind::direct_upload || kind == RouteKind::signed_upload; }

// The path of a request target: without query string or fragment.
std::string_view target_path(std::string_view target);
// The query string of a request target ("" when it has none), without the fragment.
std::string_view target_query(std::string_view target);

}  // namespace chatkit::server
