#include "server/http/session.hpp"

#include <memory>
#include <variant>

#include <boost/asio/as_tuple.hpp>

#include "core/text.hpp"
#include "server/http/chatkit_endpoint.hpp"
#include "server/http/exchange.hpp"
#include "server/http/request_deadline.hpp"
#include "server/http/request_reader.hpp"
#include "server/http/upload_session.hpp"
#include "server/http/router.hpp"  // target_path, for the log

namespace chatkit::server {

namespace {

using Clock = std::chrono::steady_clock;

std::string_view header(const HttpRequest& request, http::field field) {
  const auto found = request.find(field);
  return found == request.end() ? std::string_view{} : std::string_view(found->value());
}

void finish_exchange(ServerParts& parts, const HttpRequest& request, const Exchange& exchange,
                     Clock::time_point started, const std::string& remote) {
  const auto duration = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
  parts.metrics.request_finished(exchange.request_type, exchange.status, duration, exchange.events_sent);
  if (!exchange.error_code.empty()) parts.metrics.error_reported(exchange.error_code);
  parts.logger.request({.method = std::string_view(request.method_string()),
                        .target = target_path(request.target()),  // a query may carry secrets
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

// The IP of remote_of's "address:port" (IPv6 unbracketed, so the port follows the last colon).
std::string peer_address_of(const std::string& remote) {
  const auto colon = remote.rfind(':');
  return colon == std::string::npos ? std::string{} : remote.substr(0, colon);
}

// Waits for the first byte of the next request, for at most the idle timeout.
awaitable<bool> await_request_start(beast::tcp_stream& stream, beast::flat_buffer& buffer, ServerParts& parts) {
  if (buffer.size() > 0) co_return true;
  stream.expires_after(parts.limits.idle_timeout);
  auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), net::as_tuple(net::use_awaitable));
  buffer.commit(n);
  co_return !ec && n > 0;
}

enum class ReadOutcome {
  request,  // a complete request, to answer
  upload,   // the head of an upload, whose body is streamed by serve_upload
  refused,  // the reader failed: answer its error, then close
  gone,     // the client left (or nothing came): close quietly
};

std::string_view unread(const beast::flat_buffer& buffer) {
  return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

// Reads one request through `reader`, whose limits bound what is buffered. Once the header is
// complete, the Host is checked, and a client that sent `Expect: 100-continue` (curl does, for
// larger bodies) is told to go on.
awaitable<ReadOutcome> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer, RequestReader& reader,
                                    ServerParts& parts, RequestDeadline& deadline) {
  static constexpr std::size_t kReadSize = 16 * 1024;
  for (;;) {
    buffer.consume(reader.feed(unread(buffer)));
    switch (reader.state()) {
      case RequestReader::State::complete: co_return ReadOutcome::request;
      case RequestReader::State::failed: co_return ReadOutcome::refused;
      case RequestReader::State::header_ready: {
        // (An HTTP/1.0 request may name no host; a browser, the rebinding attacker's tool, always does.)
        const bool named = reader.request().count(http::field::host) > 0;
        if (auto refusal = named ? parts.hosts.check(header(reader.request(), http::field::host)) : std::nullopt) {
          reader.refuse(std::move(*refusal));
          co_return ReadOutcome::refused;
        }
        // An upload's body is not held here: it streams to disk under limits of its own.
        const auto route = route_request(std::string_view(reader.request().method_string()),
                                         std::string_view(reader.request().target()));
        if (is_upload(route.kind)) co_return ReadOutcome::upload;
        reader.continue_body();
        if (reader.state() == RequestReader::State::reading_body &&
            iequals(header(reader.request(), http::field::expect), "100-continue")) {
          static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          auto [ec, n] = co_await net::async_write(stream.socket(), net::buffer(kContinue),
                                                   net::as_tuple(net::use_awaitable));
          if (ec) co_return ReadOutcome::gone;
        }
        continue;
      }
      case RequestReader::State::reading_header:
      case RequestReader::State::reading_body: break;
    }
    auto [ec, n] = co_await stream.socket().async_read_some(buffer.prepare(kReadSize),
                                                            net::as_tuple(net::use_awaitable));
    buffer.commit(n);
    if (deadline.expired()) {
      reader.refuse(make_error(ErrorCode::request_timeout, ""));
      co_return ReadOutcome::refused;
    }
    if (ec == net::error::eof) {
      if (!reader.started()) co_return ReadOutcome::gone;
      reader.feed_eof();
      if (reader.state() == RequestReader::State::complete) co_return ReadOutcome::request;
      co_return reader.state() == RequestReader::State::failed ? ReadOutcome::refused : ReadOutcome::gone;
    }
    if (ec) co_return ReadOutcome::gone;
  }
}

// A reply whose body comes from the blob store, read and written a piece at a time.
awaitable<void> write_blob_reply(beast::tcp_stream& stream, BlobReply& reply, const HttpRequest& request,
                                 Exchange& exchange, std::chrono::seconds timeout) {
  reply.head.content_length = reply.length;
  const bool body = !reply.head.head_only;
  reply.head.head_only = true;  // the head alone first
  if (!co_await write_reply(stream, reply.head, request, exchange, timeout) || !body) co_return;
  std::vector<char> piece(64 * 1024);
  for (std::size_t sent = 0; sent < reply.length;) {
    auto read = reply.body->read(piece);
    // The head promised a length: a body that cannot be read to its end can only close the connection.
    if (!read || *read == 0) {
      exchange.keep_alive = false;
      co_return;
    }
    stream.expires_after(timeout);
    auto [ec, n] = co_await net::async_write(stream, net::buffer(piece.data(), *read), net::as_tuple(net::use_awaitable));
    stream.expires_never();
    if (ec) {
      exchange.keep_alive = false;
      co_return;
    }
    sent += n;
  }
}

// Writes the edge's answer: a reply, the stream it prepared, a blob, or a reply computed meanwhile.
awaitable<void> answer(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts, Exchange& exchange) {
  auto answered = answer_request(request, parts, exchange);
  if (auto* start = std::get_if<StreamStart>(&answered)) {
    co_await serve_stream(stream, request, parts, *start, exchange);
  } else if (auto* follow = std::get_if<RunFollow>(&answered)) {
    co_await serve_run_events(stream, request, parts, *follow, exchange);
  } else if (auto* remote = std::get_if<RemoteRunFollow>(&answered)) {
    co_await serve_remote_run_events(stream, request, parts, *remote, exchange);
  } else if (auto* blob = std::get_if<BlobReply>(&answered)) {
    co_await write_blob_reply(stream, *blob, request, exchange, parts.limits.write_timeout);
  } else if (auto* deferred_blob = std::get_if<DeferredBlobReply>(&answered)) {
    auto computed = co_await deferred_blob->compute();
    if (auto* computed_blob = std::get_if<BlobReply>(&computed)) {
      co_await write_blob_reply(stream, *computed_blob, request, exchange, parts.limits.write_timeout);
    } else {
      co_await write_reply(stream, std::get<Reply>(computed), request, exchange, parts.limits.write_timeout);
    }
  } else if (auto* deferred = std::get_if<DeferredReply>(&answered)) {
    const Reply reply = co_await deferred->compute();
    co_await write_reply(stream, reply, request, exchange, parts.limits.write_timeout);
  } else if (auto* deferred_stream = std::get_if<DeferredStream>(&answered)) {
    auto prepared = co_await deferred_stream->prepare();
    if (auto* prepared_start = std::get_if<StreamStart>(&prepared)) {
      co_await serve_stream(stream, request, parts, *prepared_start, exchange);
    } else {
      co_await write_reply(stream, std::get<Reply>(prepared), request, exchange, parts.limits.write_timeout);
    }
  } else {
    co_await write_reply(stream, std::get<Reply>(answered), request, exchange, parts.limits.write_timeout);
  }
}

}  // namespace

awaitable<bool> write_reply(beast::tcp_stream& stream, const Reply& reply, const HttpRequest& request,
                            Exchange& exchange, std::chrono::seconds timeout) {
  exchange.status = reply.status;
  exchange.keep_alive = exchange.keep_alive && request.keep_alive();
  const std::string head = format_head(reply, exchange.keep_alive, request.version());
  std::array<net::const_buffer, 2> buffers{net::buffer(head), net::const_buffer{}};
  if (reply.body && !reply.head_only) buffers[1] = net::buffer(*reply.body);
  stream.expires_after(timeout);
  auto [ec, n] = co_await net::async_write(stream, buffers, net::as_tuple(net::use_awaitable));
  stream.expires_never();
  if (ec) exchange.keep_alive = false;
  co_return !ec;
}

// After refusing a request whose rest may still be arriving, the answer is followed by our end
// of the stream, and what the client still sends is read and dropped for a moment (at most 1 MiB
// or 2 s) before the socket closes: closing with unread bytes makes the kernel send a reset, which
// can destroy the answer before the client has read it.
awaitable<void> drain_before_close(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, 16 * 1024> sink{};
  for (std::size_t dropped = 0; dropped < (1u << 20);) {
    auto [ec, n] = co_await stream.async_read_some(net::buffer(sink), net::as_tuple(net::use_awaitable));
    if (ec) break;
    dropped += n;
  }
  stream.expires_never();
}

namespace {

// One request of a connection: read it, answer it. False when the connection must close.
awaitable<bool> serve_one(beast::tcp_stream& stream, beast::flat_buffer& buffer, ServerParts& parts,
                          RequestDeadline& deadline, const std::string& remote) {
  const auto started = Clock::now();
  RequestReader reader({.max_header_bytes = parts.limits.max_header_bytes,
                        .max_body_bytes = parts.limits.max_body_bytes,
                        .max_upload_bytes = max_upload_body(parts)});
  deadline.arm(parts.limits.header_timeout);
  const auto outcome = co_await read_request(stream, buffer, reader, parts, deadline);
  deadline.disarm();
  if (outcome == ReadOutcome::gone) co_return false;
  if (outcome == ReadOutcome::upload) {
    Exchange exchange{.peer_address = peer_address_of(remote)};
    co_await serve_upload(stream, buffer, reader, parts, exchange, deadline);
    finish_exchange(parts, reader.request(), exchange, started, remote);
    co_return exchange.keep_alive;
  }
  if (outcome == ReadOutcome::refused) {
    Exchange exchange{.request_type = "invalid", .keep_alive = false};
    exchange.error_code = error_info(reader.error().code).code;
    const Reply reply = error_reply(reader.error());
    const bool delivered = co_await write_reply(stream, reply, reader.request(), exchange, parts.limits.write_timeout);
    finish_exchange(parts, reader.request(), exchange, started, remote);
    if (delivered) co_await drain_before_close(stream);
    co_return false;
  }
  Exchange exchange{.peer_address = peer_address_of(remote)};
  co_await answer(stream, reader.request(), parts, exchange);
  finish_exchange(parts, reader.request(), exchange, started, remote);
  co_return exchange.keep_alive;
}

}  // namespace

awaitable<void> run_session(tcp::socket socket, ServerParts& parts) {
  const std::string remote = remote_of(socket);
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  RequestDeadline deadline(stream.socket());
  auto handle = parts.connections.add(stream);
  parts.metrics.connection_opened();
  try {
    for (bool keep_alive = true; keep_alive && !parts.connections.stopping();) {
      handle->mark_idle();
      if (!co_await await_request_start(stream, buffer, parts)) break;
      handle->mark_busy();
      keep_alive = co_await serve_one(stream, buffer, parts, deadline, remote);
    }
  } catch (const std::exception& e) {
    // Nothing a client sends may end the process: a failure here ends only this connection.
    parts.logger.log(LogLevel::error, "connection failed", {{"reason", e.what()}, {"remote", remote}});
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  parts.metrics.connection_closed();
}

}  // namespace chatkit::server
