#pragma once
// The write side of one SSE response: the session's StreamOutput. One write is in flight at a
// time; events that arrive meanwhile are queued and go out together when it completes, so a fast
// producer costs few system calls while no event ever waits for a later one. A client that stops
// reading gets a bounded queue (backpressure) and a write timeout.
#include <chrono>
#include <string>

#include "server/chatkit/stream_output.hpp"
#include "server/http/net.hpp"

namespace chatkit::server {

class SseStream final : public StreamOutput {
 public:
  struct Options {
    bool chunked = true;  // HTTP/1.1 chunked framing; HTTP/1.0 gets a close-delimited body
    std::chrono::seconds write_timeout{30};
    std::size_t high_water_bytes = 256 * 1024;
  };
  SseStream(beast::tcp_stream& stream, Options options);

  // Queues the response head (status line and headers, ending with the blank line).
  void start(std::string head);
  // Queues one event frame; waits only when the queue is over the high-water mark.
  awaitable<void> send(std::string frame) override;
  // Queues the end of the body and waits until everything is written. False if the client left.
  awaitable<bool> finish();
  // Waits for the write in flight, if any, to complete (before the stream may be destroyed).
  awaitable<void> wait_idle();
  // The client has gone: every later send() throws ClientGone.
  void mark_gone() { gone_ = true; }
  bool gone() const { return gone_; }

 private:
  void write_pending();
  void on_write(beast::error_code ec);

  beast::tcp_stream& stream_;
  Options options_;
  std::string pending_;
  std::string writing_;
  bool in_flight_ = false;
  bool gone_ = false;
  net::steady_timer written_;  // cancelled whenever a write completes: wakes waiters
};

}  // namespace chatkit::server
