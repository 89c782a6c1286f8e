#include "server/http/chatkit_endpoint.hpp"

#include <sys/socket.h>

#include <cerrno>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "core/protocol/requests.hpp"
#include "server/http/sse_stream.hpp"

namespace chatkit::server {

namespace {

using namespace boost::asio::experimental::awaitable_operators;

std::string_view header(const HttpRequest& request, http::field field) {
  const auto found = request.find(field);
  return found == request.end() ? std::string_view{} : std::string_view(found->value());
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

enum class PeerState { open, pipelined, gone };

// What a readable socket means: a peek that reads 0 bytes is the end of the stream; bytes are a
// pipelined request; "would block" was a spurious wake-up (then the wait goes on).
PeerState peek_peer(tcp::socket& socket) {
  char byte = 0;
  const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n > 0) return PeerState::pipelined;
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return PeerState::open;
  return PeerState::gone;
}

// Completes when the client closes its side during a stream; that cancels the run (§4.5).
// Pipelined bytes are not a disconnect: then only a failing write reveals one.
awaitable<void> watch_disconnect(tcp::socket& socket, SseStream& sse) {
  for (;;) {
    auto [ec] = co_await socket.async_wait(tcp::socket::wait_read, net::as_tuple(net::use_awaitable));
    if (ec == net::error::operation_aborted) co_return;
    const auto state = ec ? PeerState::gone : peek_peer(socket);
    if (state == PeerState::open) continue;
    if (state == PeerState::pipelined) {
      net::steady_timer forever(socket.get_executor(), net::steady_timer::time_point::max());
      co_await forever.async_wait(net::as_tuple(net::use_awaitable));
      co_return;
    }
    sse.mark_gone();
    co_return;
  }
}

awaitable<void> answer_error(beast::tcp_stream& stream, const HttpRequest& request, const Error& error,
                             const HeaderList& cors, Exchange& exchange) {
  auto reply = error_reply(error);
  reply.headers = cors;
  if (error.code == ErrorCode::unauthorized) reply.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (error.code == ErrorCode::too_many_streams) reply.headers.emplace_back("Retry-After", "1");
  exchange.error_code = error_info(error.code).code;
  co_await write_reply(stream, reply, request, exchange);
}

awaitable<void> serve_stream(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                             PreparedStream& prepared, const HeaderList& cors, Exchange& exchange) {
  SseStream sse(stream, {.chunked = request.version() != 10, .write_timeout = parts.limits.write_timeout});
  const bool keep_alive = request.keep_alive() && !parts.connections.stopping();
  sse.start(format_sse_head(cors, keep_alive, request.version()));
  exchange.status = 200;
  StreamSummary summary;
  co_await (parts.chatkit.run(prepared, sse, summary) || watch_disconnect(stream.socket(), sse));
  const bool delivered = co_await sse.finish();
  exchange.events_sent = summary.events_sent;
  exchange.keep_alive = keep_alive && delivered && !summary.cancelled && request.version() != 10;
  if (summary.error) exchange.error_code = summary.error->code;
  if (summary.cancelled) exchange.error_code = "cancelled";
  if (summary.failure) {
    parts.logger.log(LogLevel::warn, "stream ended early",
                     {{"type", exchange.request_type}, {"reason", *summary.failure}});
  }
}

awaitable<void> serve_streaming(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                                const StreamingRequest& body, const RequestContext& context, const HeaderList& cors,
                                Exchange& exchange) {
  // Counted before prepare() so that a burst cannot overshoot the limit.
  if (parts.active_streams.fetch_add(1) >= parts.limits.max_streams) {
    parts.active_streams.fetch_sub(1);
    const Error busy = make_error(ErrorCode::too_many_streams, "");
    co_await answer_error(stream, request, busy, cors, exchange);
    co_return;
  }
  parts.metrics.stream_opened();
  auto prepared = parts.chatkit.prepare(body, context);
  if (prepared) {
    co_await serve_stream(stream, request, parts, *prepared, cors, exchange);
  } else {
    co_await answer_error(stream, request, prepared.error(), cors, exchange);
  }
  parts.metrics.stream_closed();
  parts.active_streams.fetch_sub(1);
}

}  // namespace

HeaderList cors_headers(const HttpRequest& request, const CorsPolicy& cors) {
  const auto origin = header(request, http::field::origin);
  return origin.empty() ? HeaderList{} : cors.response_headers(origin);
}

awaitable<void> serve_chatkit(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                              Exchange& exchange) {
  const auto cors = cors_headers(request, parts.cors);
  if (foreign_origin(request, parts.cors)) {
    const Error refused = make_error(ErrorCode::forbidden, "requests from origin '" +
                                                               std::string(header(request, http::field::origin)) +
                                                               "' are not allowed (see --cors-origins)");
    co_await answer_error(stream, request, refused, cors, exchange);
    co_return;
  }
  auto context = parts.auth.authenticate({.authorization = header(request, http::field::authorization),
                                          .accept_language = header(request, http::field::accept_language)});
  if (!context) {
    co_await answer_error(stream, request, context.error(), cors, exchange);
    co_return;
  }
  exchange.user_id = context->user_id;
  auto parsed = parse_request(request.body(), JsonLimits{.max_depth = static_cast<std::size_t>(parts.limits.max_json_depth),
                                                         .max_bytes = parts.limits.max_body_bytes,
                                                         .max_values = parts.limits.max_json_values});
  if (!parsed) {
    co_await answer_error(stream, request, parsed.error(), cors, exchange);
    co_return;
  }
  exchange.request_type = std::string(request_type(*parsed));
  auto split = split_request(std::move(*parsed));
  if (const auto* streaming = std::get_if<StreamingRequest>(&split)) {
    co_await serve_streaming(stream, request, parts, *streaming, *context, cors, exchange);
    co_return;
  }
  const auto& json_request = std::get<JsonRequest>(split);
  auto result = parts.chatkit.handle(json_request, *context);
  if (!result) {
    co_await answer_error(stream, request, result.error(), cors, exchange);
    co_return;
  }
  auto reply = json_reply(*result);
  reply.headers = cors;
  co_await write_reply(stream, reply, request, exchange);
}

}  // namespace chatkit::server
