#include "server/http/edge.hpp"

#include <memory>

#include "core/protocol/requests.hpp"
#include "core/text.hpp"
#include "server/http/auth_request.hpp"
#include "server/http/mounts.hpp"
#include "server/http/router.hpp"
#include "server/http/run_edge.hpp"
#include "server/http/upload_edge.hpp"

namespace chatkit::server {

namespace {

std::string_view header(const HttpRequest& request, http::field field) {
  const auto found = request.find(field);
  return found == request.end() ? std::string_view{} : std::string_view(found->value());
}

Reply static_reply(ServerParts& parts, const HttpRequest& request, Exchange& exchange) {
  auto answer = parts.static_files.serve({.method = std::string_view(request.method_string()),
                                          .target = std::string_view(request.target()),
                                          .if_none_match = header(request, http::field::if_none_match),
                                          .accept_encoding = header(request, http::field::accept_encoding)});
  Reply reply = answer.error ? error_reply(*answer.error)
                             : Reply{.status = answer.status, .content_type = answer.content_type, .headers = {},
                                     .body = answer.body, .head_only = false};
  reply.head_only = answer.head;
  if (!answer.etag.empty()) reply.headers.emplace_back("ETag", answer.etag);
  if (!answer.content_encoding.empty()) reply.headers.emplace_back("Content-Encoding", answer.content_encoding);
  if (!answer.cache_control.empty()) reply.headers.emplace_back("Cache-Control", answer.cache_control);
  if (answer.vary_accept_encoding) reply.headers.emplace_back("Vary", "Accept-Encoding");
  if (!answer.allow.empty()) reply.headers.emplace_back("Allow", answer.allow);
  reply.headers.insert(reply.headers.end(), parts.static_headers.begin(), parts.static_headers.end());
  if (answer.status == 304) reply.body = nullptr;
  if (answer.error) exchange.error_code = error_info(answer.error->code).code;
  return reply;
}

Reply preflight_reply(ServerParts& parts, const HttpRequest& request, Exchange& exchange) {
  const auto origin = header(request, http::field::origin);
  auto result = parts.cors.preflight(origin, header(request, http::field::access_control_request_method),
                                     header(request, http::field::access_control_request_headers));
  if (result.status < 400) {
    return Reply{.status = result.status, .content_type = {}, .headers = std::move(result.headers), .body = nullptr};
  }
  exchange.error_code = error_info(ErrorCode::forbidden).code;
  return error_reply(make_error(ErrorCode::forbidden,
                                origin.empty() ? "OPTIONS without an Origin header is not a CORS preflight"
                                               : "CORS preflight refused for origin '" + clip(origin, 80) +
                                                     "' or its method (see --cors-origins)"));
}

// GET /readyz: 200 when this instance should get traffic; 503 while it stops (so that a load balancer drains
// it) or when its store does not answer, with the reason.
Reply readiness_reply(ServerParts& parts) {
  if (parts.connections.stopping()) return json_reply({{"status", "stopping"}}, 503);
  if (parts.readiness) {
    if (auto ready = parts.readiness(); !ready) {
      return json_reply({{"status", "not_ready"}, {"reason", "store: " + ready.error().message}}, 503);
    }
  }
  return json_reply({{"status", "ready"}});
}

// Every answer except /chatkit's, which may stream.
Reply simple_reply(ServerParts& parts, const HttpRequest& request, const Route& route, Exchange& exchange) {
  switch (route.kind) {
    case RouteKind::healthz:
      exchange.request_type = "healthz";
      return json_reply({{"status", parts.connections.stopping() ? "stopping" : "ok"}});
    case RouteKind::readyz: exchange.request_type = "readyz"; return readiness_reply(parts);
    case RouteKind::metrics: {
      exchange.request_type = "metrics";
      return Reply{.status = 200, .content_type = "text/plain; version=0.0.4; charset=utf-8", .headers = {},
                   .body = std::make_shared<const std::string>(parts.metrics.render())};
    }
    case RouteKind::static_file: exchange.request_type = "static"; return static_reply(parts, request, exchange);
    case RouteKind::preflight: exchange.request_type = "preflight"; return preflight_reply(parts, request, exchange);
    case RouteKind::method_not_allowed: {
      exchange.request_type = "invalid";
      auto reply = error_reply(make_error(ErrorCode::method_not_allowed,
                                          std::string(request.method_string()) + " is not allowed on " +
                                              std::string(target_path(request.target())) + " (allowed: " +
                                              std::string(route.allow) + ")"));
      reply.headers.emplace_back("Allow", route.allow);
      exchange.error_code = error_info(ErrorCode::method_not_allowed).code;
      return reply;
    }
    case RouteKind::use_cases: exchange.request_type = "use_cases"; return use_cases_reply(parts);
    case RouteKind::chatkit:
    case RouteKind::direct_upload:
    case RouteKind::signed_upload:
    case RouteKind::preview:
    case RouteKind::run_events:
    case RouteKind::run_cancel: break;
  }
  return error_reply(make_error(ErrorCode::internal, "unrouted request"));
}

// GET /chatkit/attachments/{id}/preview?...: the image, when the link is valid (PROTOCOL §2.15a).
std::variant<Reply, BlobReply> preview_reply(const HttpRequest& request, const Route& route, ServerParts& parts,
                                             Exchange& exchange) {
  auto preview = parts.attachments->open_preview(route.attachment_id, target_query(request.target()));
  if (!preview) {
    exchange.error_code = error_info(preview.error().code).code;
    return error_reply(preview.error());
  }
  HeaderList headers = {{"Cache-Control", "private, max-age=" + std::to_string(preview->max_age)},
                        {"ETag", preview->etag},
                        {"X-Content-Type-Options", "nosniff"},
                        {"Content-Security-Policy", "default-src 'none'; sandbox"},
                        {"Cross-Origin-Resource-Policy", "cross-origin"},
                        {"Referrer-Policy", "no-referrer"}};
  // An element on an allowed origin may fetch() the image as well as show it in an <img>.
  const auto cors = cors_headers(request, parts.cors);
  headers.insert(headers.end(), cors.begin(), cors.end());
  const auto if_none_match = header(request, http::field::if_none_match);
  if (!if_none_match.empty() && if_none_match == preview->etag) {
    return Reply{.status = 304, .content_type = {}, .headers = std::move(headers), .body = nullptr};
  }
  const std::size_t length = preview->body->size();
  return BlobReply{.head = Reply{.status = 200, .content_type = preview->media_type, .headers = std::move(headers),
                                 .body = nullptr, .head_only = request.method() == http::verb::head},
                   .length = length,
                   .body = std::move(preview->body)};
}

// True when the store's calls block (PostgreSQL): they run on its workers, never on this I/O thread.
bool store_offloads(const ServerParts& parts) {
  return parts.store_executor != nullptr && parts.store_executor->offloads();
}

EdgeAnswer preview_answer(const HttpRequest& request, const Route& route, ServerParts& parts, Exchange& exchange) {
  exchange.request_type = "attachments.preview";
  if (!parts.attachments) return error_reply(make_error(ErrorCode::not_found, "this server has no attachment store"));
  if (store_offloads(parts)) {
    // (The request, route and exchange are the session's, alive while it awaits this.)
    return DeferredBlobReply{[&request, route, &parts, &exchange]() -> awaitable<std::variant<Reply, BlobReply>> {
      auto read = [&] { return preview_reply(request, route, parts, exchange); };
      auto reply = co_await parts.store_executor->run(read);
      co_return reply;
    }};
  }
  auto reply = preview_reply(request, route, parts, exchange);
  if (auto* blob = std::get_if<BlobReply>(&reply)) return std::move(*blob);
  return std::get<Reply>(std::move(reply));
}

// input.transcribe: the provider's speech-to-text is awaited by the session, not by this thread.
DeferredReply transcribe_answer(Transcribe request, RequestContext context, ChatKitServer& chatkit, HeaderList cors,
                                Exchange& exchange) {
  return DeferredReply{[&chatkit, &exchange, request = std::move(request), context = std::move(context),
                        cors = std::move(cors)]() -> awaitable<Reply> {
    auto result = co_await chatkit.transcribe(request, context);
    if (!result) co_return api_error(result.error(), cors, exchange);
    auto reply = json_reply(*result);
    reply.headers = cors;
    co_return reply;
  }};
}

Reply chatkit_error(const Error& error, const HeaderList& cors, Exchange& exchange) {
  return api_error(error, cors, exchange);
}

// The stream's checks, then its run in the ledger of every instance (PROTOCOL §4.7), if there is one.
Result<PreparedStream> prepare_run(const StreamingRequest& body, const RequestContext& context, ChatKitServer& chatkit,
                                   ServerParts& parts) {
  auto prepared = chatkit.prepare(body, context);
  if (!prepared) return prepared;
  if (auto recorded = parts.runs.record_start(*prepared); !recorded) return recorded.error();
  return prepared;
}

// prepare() on a store worker; the slot (taken before, as always) goes with the stream or the refusal.
DeferredStream deferred_stream(const StreamingRequest& body, const RequestContext& context, ChatKitServer& chatkit,
                               ServerParts& parts, HeaderList cors, StreamSlot slot, Exchange& exchange) {
  auto kept = std::make_shared<std::optional<StreamSlot>>(std::move(slot));  // std::function copies its target
  return DeferredStream{[&chatkit, &parts, &exchange, body, context, cors = std::move(cors),
                         kept]() -> awaitable<std::variant<Reply, StreamStart>> {
    auto prepare = [&] { return prepare_run(body, context, chatkit, parts); };
    auto prepared = co_await parts.store_executor->run(prepare);
    std::variant<Reply, StreamStart> outcome;
    if (!prepared) outcome = chatkit_error(prepared.error(), cors, exchange);
    else outcome.emplace<StreamStart>(StreamStart{.prepared = std::move(*prepared), .cors = cors,
                                                  .slot = std::move(**kept), .chatkit = &chatkit});
    co_return outcome;
  }};
}

EdgeAnswer start_stream(const StreamingRequest& body, const RequestContext& context, ChatKitServer& chatkit,
                        ServerParts& parts, HeaderList cors, Exchange& exchange) {
  auto slot = StreamSlot::take(parts);  // before prepare(): see StreamSlot
  if (!slot) return chatkit_error(make_error(ErrorCode::too_many_streams, ""), cors, exchange);
  if (store_offloads(parts)) {
    return deferred_stream(body, context, chatkit, parts, std::move(cors), std::move(*slot), exchange);
  }
  auto prepared = prepare_run(body, context, chatkit, parts);
  if (!prepared) return chatkit_error(prepared.error(), cors, exchange);
  return StreamStart{.prepared = std::move(*prepared), .cors = std::move(cors), .slot = std::move(*slot),
                     .chatkit = &chatkit};
}

Reply json_result_reply(const Result<json>& result, HeaderList cors, Exchange& exchange) {
  if (!result) return chatkit_error(result.error(), cors, exchange);
  auto reply = json_reply(*result);
  reply.headers = std::move(cors);
  return reply;
}

// A JSON request: handled here, or on a store worker while the session waits.
EdgeAnswer json_answer(JsonRequest request, const RequestContext& context, ChatKitServer& chatkit, ServerParts& parts,
                       HeaderList cors, Exchange& exchange) {
  if (!store_offloads(parts)) return json_result_reply(chatkit.handle(request, context), std::move(cors), exchange);
  return DeferredReply{[&chatkit, &parts, &exchange, request = std::move(request), context,
                        cors = std::move(cors)]() -> awaitable<Reply> {
    auto handle = [&] { return chatkit.handle(request, context); };
    auto result = co_await parts.store_executor->run(handle);
    Reply reply = json_result_reply(result, cors, exchange);
    co_return reply;
  }};
}

// GET /readyz when the store's calls block: its probe read runs on a store worker.
DeferredReply deferred_readiness(const HttpRequest& request, ServerParts& parts) {
  return DeferredReply{[&parts, head = request.method() == http::verb::head,
                        cors = cors_headers(request, parts.cors)]() -> awaitable<Reply> {
    auto probe = [&parts] { return readiness_reply(parts); };
    Reply reply = co_await parts.store_executor->run(probe);
    reply.head_only = head;
    reply.headers.insert(reply.headers.end(), cors.begin(), cors.end());
    co_return reply;
  }};
}

// POST /chatkit and /chatkit/NAME: JSON, or a stream to start, for that use case.
EdgeAnswer chatkit_answer(const HttpRequest& request, const Route& route, ServerParts& parts, Exchange& exchange) {
  auto cors = cors_headers(request, parts.cors);
  auto mounted = mounted_use_case(route, parts);
  if (!mounted) return chatkit_error(mounted.error(), cors, exchange);
  ChatKitServer& chatkit = mounted->chatkit;
  if (foreign_origin(request, parts.cors)) {
    return chatkit_error(make_error(ErrorCode::forbidden, "requests from origin '" +
                                                              std::string(header(request, http::field::origin)) +
                                                              "' are not allowed (see --cors-origins)"),
                         cors, exchange);
  }
  auto context = parts.auth.authenticate(auth_request_of(request, exchange, parts.auth));
  if (!context) return chatkit_error(context.error(), cors, exchange);
  exchange.user_id = context->user_id;
  if (auto scoped = scope_to(*context, *mounted, parts); !scoped) return chatkit_error(scoped.error(), cors, exchange);
  context->base_url = base_url_of(request, parts);
  const JsonLimits limits{.max_depth = static_cast<std::size_t>(parts.limits.max_json_depth),
                          .max_bytes = parts.limits.max_body_bytes,
                          .max_values = parts.limits.max_json_values};
  auto parsed = parse_request(request.body(), limits);
  if (!parsed) return chatkit_error(parsed.error(), cors, exchange);
  exchange.request_type = std::string(request_type(*parsed));
  auto split = split_request(std::move(*parsed));
  if (const auto* streaming = std::get_if<StreamingRequest>(&split)) {
    return start_stream(*streaming, *context, chatkit, parts, std::move(cors), exchange);
  }
  if (auto* transcribe = std::get_if<Transcribe>(&std::get<JsonRequest>(split))) {
    return transcribe_answer(std::move(*transcribe), std::move(*context), chatkit, std::move(cors), exchange);
  }
  return json_answer(std::move(std::get<JsonRequest>(split)), *context, chatkit, parts, std::move(cors), exchange);
}

}  // namespace

std::optional<StreamSlot> StreamSlot::take(ServerParts& parts) {
  if (parts.active_streams.fetch_add(1) >= parts.limits.max_streams) {
    parts.active_streams.fetch_sub(1);
    return std::nullopt;
  }
  parts.metrics.stream_opened();
  return StreamSlot(parts);
}

StreamSlot::~StreamSlot() {
  if (!parts_) return;
  parts_->metrics.stream_closed();
  parts_->active_streams.fetch_sub(1);
}

Reply api_error(const Error& error, const HeaderList& cors, Exchange& exchange) {
  auto reply = error_reply(error);
  reply.headers = cors;
  if (error.code == ErrorCode::unauthorized) reply.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (error.code == ErrorCode::too_many_streams) reply.headers.emplace_back("Retry-After", "1");
  exchange.error_code = error_info(error.code).code;
  return reply;
}

// A browser on another site may POST here without any preflight (a "simple" request). Unless CORS
// allows that origin, a request whose Origin is not this server's own is refused: this stops other
// sites from acting as the local user.
bool foreign_origin(const HttpRequest& request, const CorsPolicy& cors) {
  const auto origin = header(request, http::field::origin);
  if (origin.empty() || cors.allows(origin)) return false;
  const auto scheme_end = origin.find("://");
  const auto host = scheme_end == std::string_view::npos ? origin : origin.substr(scheme_end + 3);
  return host != header(request, http::field::host);
}

std::string base_url_of(const HttpRequest& request, const ServerParts& parts) {
  if (!parts.public_url.empty()) return parts.public_url;
  const auto host = header(request, http::field::host);
  return host.empty() ? std::string{} : "http://" + std::string(host);
}

HeaderList cors_headers(const HttpRequest& request, const CorsPolicy& cors) {
  const auto origin = header(request, http::field::origin);
  return origin.empty() ? HeaderList{} : cors.response_headers(origin);
}

EdgeAnswer answer_request(const HttpRequest& request, ServerParts& parts, Exchange& exchange) {
  const auto route = route_request(std::string_view(request.method_string()), std::string_view(request.target()));
  if (route.kind == RouteKind::chatkit) return chatkit_answer(request, route, parts, exchange);
  // /chatkit/NAME/...: a name not served is not found, whatever follows it.
  if (auto mounted = mounted_use_case(route, parts); !mounted && route.kind != RouteKind::preflight) {
    exchange.request_type = "invalid";
    return api_error(mounted.error(), cors_headers(request, parts.cors), exchange);
  }
  if (is_upload(route.kind)) return answer_whole_upload(request, route, parts, exchange);
  if (route.kind == RouteKind::preview) return preview_answer(request, route, parts, exchange);
  if (route.kind == RouteKind::run_events || route.kind == RouteKind::run_cancel) {
    return run_answer(request, route, parts, exchange);
  }
  if (route.kind == RouteKind::readyz && store_offloads(parts)) {
    exchange.request_type = "readyz";
    return deferred_readiness(request, parts);
  }
  auto reply = simple_reply(parts, request, route, exchange);
  if (request.method() == http::verb::head) reply.head_only = true;  // never a body, whatever the route
  // Static files allow every origin already (static_security_headers): a second
  // Access-Control-Allow-Origin would make the browser refuse both.
  if (route.kind != RouteKind::preflight && route.kind != RouteKind::static_file) {
    const auto cors = cors_headers(request, parts.cors);
    reply.headers.insert(reply.headers.end(), cors.begin(), cors.end());
  }
  return reply;
}

}  // namespace chatkit::server
