#pragma once
// The write side of one SSE response: the session's StreamOutput. Frames are queued and written
// once the producer pauses: the write is posted behind the handlers that are ready now, and held
// while the run awaits a store commit. One write is in flight at a time; frames that arrive
// meanwhile go out together when it completes. So a fast producer costs few system calls, while
// a frame never waits for anything but the commit of its own run's store write. A client that
// stops reading gets a bounded queue (backpressure) and a write timeout.
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
  // Queues one event frame; ready() turns false when the queue is over the high-water mark.
  void send(std::string_view frame) override;
  bool ready() const override { return !gone_ && pending_.size() <= options_.high_water_bytes; }
  awaitable<void> wait_ready() override;
  // Queues the end of the body (once): the run has sent its last frame.
  void end() override;
  // Queues the end of the body unless end() did, and waits until everything is written. False if
  // the client left.
  awaitable<bool> finish();
  // Waits for the write in flight, if any, to complete (before the stream may be destroyed).
  awaitable<void> wait_idle();
  void hold() override { ++holds_; }
  void release() override;
  // The client has gone: every later send() throws ClientGone.
  void mark_gone() { gone_ = true; }
  bool gone() const { return gone_; }

 private:
  // Posts a write of the queue unless one is posted or in flight already.
  void schedule_write();
  void write_pending();
  void on_write(beast::error_code ec);

  beast::tcp_stream& stream_;
  Options options_;
  std::string pending_;
  std::string writing_;
  bool in_flight_ = false;
  bool write_scheduled_ = false;
  bool ended_ = false;
  int holds_ = 0;
  bool gone_ = false;
  net::steady_timer written_;  // cancelled whenever a write completes or a posted write ran: wakes waiters
};

}  // namespace chatkit::server
