#include "server/http/chatkit_endpoint.hpp"

#include <sys/socket.h>

#include <cerrno>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "server/http/sse_stream.hpp"

namespace chatkit::server {

namespace {

using namespace boost::asio::experimental::awaitable_operators;

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

}  // namespace

awaitable<void> serve_stream(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                             StreamStart& start, Exchange& exchange) {
  SseStream sse(stream, {.chunked = request.version() != 10, .write_timeout = parts.limits.write_timeout});
  const bool keep_alive = request.keep_alive() && !parts.connections.stopping();
  sse.start(format_sse_head(start.cors, keep_alive, request.version()));
  exchange.status = 200;
  StreamSummary summary;
  co_await (parts.chatkit.run(start.prepared, sse, summary) || watch_disconnect(stream.socket(), sse));
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

}  // namespace chatkit::server
