#include "server/http/session.hpp"

#include <boost/asio/as_tuple.hpp>

#include "server/http/chatkit_endpoint.hpp"
#include "server/http/exchange.hpp"
#include "server/http/router.hpp"

namespace chatkit::server {

namespace {

using Clock = std::chrono::steady_clock;

std::string_view header(const HttpRequest& request, http::field field) {
  const auto found = request.find(field);
  return found == request.end() ? std::string_view{} : std::string_view(found->value());
}

// Why a request could not be read, as the answer to send before closing (none: just close).
std::optional<Error> read_failure(const beast::error_code& ec) {
  if (ec == http::error::body_limit) return make_error(ErrorCode::payload_too_large, "");
  if (ec == http::error::header_limit) return make_error(ErrorCode::headers_too_large, "");
  // (An idle keep-alive connection times out in await_request_start and is closed quietly.)
  if (ec == beast::error::timeout) return make_error(ErrorCode::request_timeout, "");
  const auto& http_errors = http::make_error_code(http::error::end_of_stream).category();
  if (ec.category() == http_errors && ec != http::error::end_of_stream) {
    return make_error(ErrorCode::invalid_request, "malformed HTTP request: " + ec.message());
  }
  return std::nullopt;
}

// The error-table code of a static file's error status, for the log and the metrics' labels.
std::string_view static_error_code(int status) {
  switch (status) {
    case 400: return error_info(ErrorCode::invalid_request).code;
    case 404: return error_info(ErrorCode::not_found).code;
    case 405: return error_info(ErrorCode::method_not_allowed).code;
    default: return error_info(ErrorCode::internal).code;
  }
}

Reply static_reply(ServerParts& parts, const HttpRequest& request, Exchange& exchange) {
  auto answer = parts.static_files.serve({.method = std::string_view(request.method_string()),
                                          .target = std::string_view(request.target()),
                                          .if_none_match = header(request, http::field::if_none_match),
                                          .accept_encoding = header(request, http::field::accept_encoding)});
  Reply reply{.status = answer.status, .content_type = answer.content_type, .headers = {},
              .body = answer.body, .head_only = answer.head};
  if (!answer.etag.empty()) reply.headers.emplace_back("ETag", answer.etag);
  if (!answer.content_encoding.empty()) reply.headers.emplace_back("Content-Encoding", answer.content_encoding);
  if (!answer.cache_control.empty()) reply.headers.emplace_back("Cache-Control", answer.cache_control);
  if (answer.vary_accept_encoding) reply.headers.emplace_back("Vary", "Accept-Encoding");
  if (!answer.allow.empty()) reply.headers.emplace_back("Allow", answer.allow);
  if (answer.status == 304) reply.body = nullptr;
  if (answer.status >= 400) exchange.error_code = static_error_code(answer.status);
  return reply;
}

Reply preflight_reply(ServerParts& parts, const HttpRequest& request) {
  auto result = parts.cors.preflight(header(request, http::field::origin),
                                     header(request, http::field::access_control_request_method),
                                     header(request, http::field::access_control_request_headers));
  return Reply{.status = result.status, .content_type = {}, .headers = std::move(result.headers), .body = nullptr};
}

// Every answer except /chatkit's, which may stream.
Reply simple_reply(ServerParts& parts, const HttpRequest& request, const Route& route, Exchange& exchange) {
  switch (route.kind) {
    case RouteKind::healthz:
      exchange.request_type = "healthz";
      return json_reply({{"status", parts.connections.stopping() ? "stopping" : "ok"}});
    case RouteKind::metrics: {
      exchange.request_type = "metrics";
      return Reply{.status = 200, .content_type = "text/plain; version=0.0.4; charset=utf-8", .headers = {},
                   .body = std::make_shared<const std::string>(parts.metrics.render())};
    }
    case RouteKind::static_file: exchange.request_type = "static"; return static_reply(parts, request, exchange);
    case RouteKind::preflight: exchange.request_type = "preflight"; return preflight_reply(parts, request);
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
    case RouteKind::chatkit: break;
  }
  return error_reply(make_error(ErrorCode::internal, "unrouted request"));
}

void finish_exchange(ServerParts& parts, const HttpRequest& request, const Exchange& exchange,
                     Clock::time_point started, const std::string& remote) {
  const auto duration = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
  parts.metrics.request_finished(exchange.request_type, exchange.status, duration, exchange.events_sent);
  if (!exchange.error_code.empty()) parts.metrics.error_reported(exchange.error_code);
  parts.logger.request({.method = std::string_view(request.method_string()),
                        .target = std::string_view(request.target()),
                        .request_type = exchange.request_type,
                        .user_id = exchange.user_id,
                        .status = exchange.status,
                        .duration = duration,
                        .events_sent = exchange.events_sent,
                        .error_code = exchange.error_code,
                        .remote = remote});
}

std::string remote_of(const tcp::socket& socket) {
  beast::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

// Waits for the first byte of the next request, for at most the idle timeout.
awaitable<bool> await_request_start(beast::tcp_stream& stream, beast::flat_buffer& buffer, ServerParts& parts) {
  if (buffer.size() > 0) co_return true;
  stream.expires_after(parts.limits.idle_timeout);
  auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), net::as_tuple(net::use_awaitable));
  buffer.commit(n);
  co_return !ec && n > 0;
}

// Reads one request. A client that sent `Expect: 100-continue` (curl does, for larger bodies) is told
// to go on once the headers are accepted; one whose body is already over the limit is not.
awaitable<beast::error_code> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                          http::request_parser<http::string_body>& parser) {
  auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, net::as_tuple(net::use_awaitable));
  if (ec || parser.is_done()) co_return ec;
  if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    auto [write_ec, written] =
        co_await net::async_write(stream, net::buffer(kContinue), net::as_tuple(net::use_awaitable));
    if (write_ec) co_return write_ec;
  }
  auto [body_ec, body_n] = co_await http::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
  co_return body_ec;
}

awaitable<void> answer(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts, Exchange& exchange) {
  const auto route = route_request(std::string_view(request.method_string()), std::string_view(request.target()));
  if (route.kind == RouteKind::chatkit) {
    co_await serve_chatkit(stream, request, parts, exchange);
    co_return;
  }
  auto reply = simple_reply(parts, request, route, exchange);
  if (request.method() == http::verb::head) reply.head_only = true;  // never a body, whatever the route
  const auto cors = cors_headers(request, parts.cors);
  if (route.kind != RouteKind::preflight) reply.headers.insert(reply.headers.end(), cors.begin(), cors.end());
  co_await write_reply(stream, reply, request, exchange);
}

}  // namespace

awaitable<bool> write_reply(beast::tcp_stream& stream, const Reply& reply, const HttpRequest& request,
                            Exchange& exchange) {
  exchange.status = reply.status;
  exchange.keep_alive = exchange.keep_alive && request.keep_alive();
  const std::string head = format_head(reply, exchange.keep_alive, request.version());
  std::array<net::const_buffer, 2> buffers{net::buffer(head), net::const_buffer{}};
  if (reply.body && !reply.head_only) buffers[1] = net::buffer(*reply.body);
  stream.expires_after(std::chrono::seconds(30));
  auto [ec, n] = co_await net::async_write(stream, buffers, net::as_tuple(net::use_awaitable));
  stream.expires_never();
  if (ec) exchange.keep_alive = false;
  co_return !ec;
}

awaitable<void> run_session(tcp::socket socket, ServerParts& parts) {
  const std::string remote = remote_of(socket);
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  auto handle = parts.connections.add(stream);
  parts.metrics.connection_opened();
  for (bool keep_alive = true; keep_alive && !parts.connections.stopping();) {
    handle->set_busy(false);
    if (!co_await await_request_start(stream, buffer, parts)) break;
    handle->set_busy(true);
    const auto started = Clock::now();
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(parts.limits.max_header_bytes));
    parser.body_limit(parts.limits.max_body_bytes);
    stream.expires_after(parts.limits.header_timeout);
    const auto ec = co_await read_request(stream, buffer, parser);
    stream.expires_never();
    if (ec) {
      if (auto failure = read_failure(ec)) {
        Exchange exchange{.request_type = "invalid", .keep_alive = false};
        exchange.error_code = error_info(failure->code).code;
        const Reply reply = error_reply(*failure);
        co_await write_reply(stream, reply, parser.get(), exchange);
        finish_exchange(parts, parser.get(), exchange, started, remote);
      }
      break;
    }
    Exchange exchange;
    co_await answer(stream, parser.get(), parts, exchange);
    finish_exchange(parts, parser.get(), exchange, started, remote);
    keep_alive = exchange.keep_alive;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  parts.metrics.connection_closed();
}

}  // namespace chatkit::server
