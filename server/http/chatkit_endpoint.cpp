#include "server/http/chatkit_endpoint.hpp"

#include <sys/socket.h>

#include <cerrno>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "server/http/sse_stream.hpp"
#include "server/common/clock.hpp"
#include "server/runs/run_ledger.hpp"

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

// Copies the run's log to the client from the event after `after` until the run ends. True when
// the client got the end; false when it left first (or the copy was cancelled because it did).
awaitable<bool> copy_run(Run& run, std::size_t& after, SseStream& sse) {
  try {
    for (;;) {
      auto frames = co_await run.read_after(after);
      if (sse.gone()) co_return false;
      if (!frames.bytes.empty()) sse.send(frames.bytes);
      after = frames.last_seq;
      if (frames.ended) {
        sse.end();
        co_return true;
      }
      if (!sse.ready()) co_await sse.wait_ready();
    }
  } catch (...) {
    // ClientGone, or the wait for a slow client's socket was cancelled: either way it left.
  }
  co_return false;
}

// The SSE response of one reader of `run`, from the event after `after`.
awaitable<void> follow(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts, Run& run,
                       std::size_t after, const HeaderList& cors, Exchange& exchange) {
  SseStream sse(stream, {.chunked = request.version() != 10, .write_timeout = parts.limits.write_timeout});
  const bool keep_alive = request.keep_alive() && !parts.connections.stopping();
  sse.start(format_sse_head(cors, keep_alive, request.version()));
  exchange.status = 200;
  const std::size_t first = after;
  run.attach();
  const auto outcome = co_await (copy_run(run, after, sse) || watch_disconnect(stream.socket(), sse));
  run.detach();
  const bool reached_end = outcome.index() == 0 && std::get<0>(outcome);
  const bool delivered = co_await sse.finish();
  exchange.events_sent = after - first;
  exchange.keep_alive = keep_alive && delivered && reached_end && request.version() != 10;
  if (!reached_end) {
    exchange.error_code = "detached";  // the run goes on for the detach grace, waiting for a reader
    co_return;
  }
  const auto summary = run.summary();
  if (summary.error) exchange.error_code = summary.error->code;
  if (summary.cancelled) exchange.error_code = "cancelled";
}

// How often a reader of another instance's run polls the ledger.
constexpr auto kRemotePoll = std::chrono::milliseconds(50);

// The frames of `chunk` after event `after` (a chunk may begin before it: frames end with a blank
// line, which their JSON data cannot contain).
std::string_view frames_after(const RunChunk& chunk, std::size_t after) {
  std::string_view frames = chunk.frames;
  for (auto seq = chunk.first_seq; seq <= static_cast<std::int64_t>(after) && !frames.empty(); ++seq) {
    const auto end = frames.find("\n\n");
    frames = end == std::string_view::npos ? std::string_view{} : frames.substr(end + 2);
  }
  return frames;
}

// copy_run for another instance's run: polls the ledger. -1 when the ledger has no such run.
awaitable<int> copy_remote_run(ServerParts& parts, const RemoteRunFollow& follow, std::size_t& after, SseStream& sse) {
  auto& shared = *parts.runs.shared();
  net::steady_timer pause(co_await net::this_coro::executor);
  try {
    for (bool first = true;; first = false) {
      auto read = [&] {
        return shared.ledger.follow(follow.run_id, follow.user_id, static_cast<std::int64_t>(after), epoch_ms());
      };
      auto page = co_await shared.executor.run(read);
      if (!page) co_return 0;
      if (!*page) co_return first ? -1 : 0;
      if (sse.gone()) co_return 0;
      for (const auto& chunk : (*page)->chunks) {
        const auto frames = frames_after(chunk, after);
        if (!frames.empty()) sse.send(frames);
        after = std::max(after, static_cast<std::size_t>(chunk.last_seq));
      }
      if ((*page)->state != RunState::running) {
        sse.end();
        co_return 1;
      }
      if (!sse.ready()) co_await sse.wait_ready();
      pause.expires_after(kRemotePoll);
      co_await pause.async_wait(net::as_tuple(net::use_awaitable));
    }
  } catch (...) {
    // The client left (see copy_run).
  }
  co_return 0;
}

// Told when a run ends, on its I/O thread: a run that failed is logged, with its reason.
RunHub::Finished log_failure(Logger& logger, std::string request_type) {
  return [&logger, request_type = std::move(request_type)](const Run& run, const StreamSummary& summary) {
    if (!summary.failure) return;
    logger.log(LogLevel::warn, "stream ended early",
               {{"type", request_type}, {"run", run.identity().id}, {"reason", *summary.failure}});
  };
}

}  // namespace

awaitable<void> serve_stream(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                             StreamStart& start, Exchange& exchange) {
  // The run holds the stream's --max-streams place until it ends, with or without a reader.
  auto slot = std::make_shared<StreamSlot>(std::move(start.slot));
  ChatKitServer& chatkit = start.chatkit ? *start.chatkit : parts.chatkit;  // the use case that prepared it
  auto run = parts.runs.start(chatkit, std::move(start.prepared), stream.get_executor(), std::move(slot),
                              log_failure(parts.logger, exchange.request_type));
  co_await follow(stream, request, parts, *run, 0, start.cors, exchange);
}

awaitable<void> serve_run_events(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                                 RunFollow& follow_request, Exchange& exchange) {
  co_await follow(stream, request, parts, *follow_request.run, follow_request.after, follow_request.cors, exchange);
}

awaitable<void> serve_remote_run_events(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                                        RemoteRunFollow& follow_request, Exchange& exchange) {
  // Whether the run exists for this user is known only from the ledger: ask before the head goes out.
  auto& shared = *parts.runs.shared();
  auto find = [&] { return shared.ledger.find(follow_request.run_id, follow_request.user_id); };
  auto row = co_await shared.executor.run(find);
  if (!row || !*row) {
    const Reply refusal = api_error(row ? no_such_run(follow_request.run_id) : row.error(),
                                    follow_request.cors, exchange);
    co_await write_reply(stream, refusal, request, exchange, parts.limits.write_timeout);
    co_return;
  }
  SseStream sse(stream, {.chunked = request.version() != 10, .write_timeout = parts.limits.write_timeout});
  const bool keep_alive = request.keep_alive() && !parts.connections.stopping();
  sse.start(format_sse_head(follow_request.cors, keep_alive, request.version()));
  exchange.status = 200;
  std::size_t after = follow_request.after;
  const auto outcome = co_await (copy_remote_run(parts, follow_request, after, sse) || watch_disconnect(stream.socket(), sse));
  const bool reached_end = outcome.index() == 0 && std::get<0>(outcome) == 1;
  const bool delivered = co_await sse.finish();
  exchange.events_sent = after - follow_request.after;
  exchange.keep_alive = keep_alive && delivered && reached_end && request.version() != 10;
  if (!reached_end) exchange.error_code = "detached";
}

}  // namespace chatkit::server
