#pragma once
// A deadline for reading a request: on expiry it cancels the pending read, so that the session can
// still answer 408 (beast::tcp_stream's own expiry closes the socket, which leaves no way to).
#include <cstdint>
#include <memory>

#include "server/http/net.hpp"

namespace chatkit::server {

// Its state is shared with the timer's handler, which may run after the session has moved on.
class RequestDeadline {
 public:
  explicit RequestDeadline(tcp::socket& socket) : state_(std::make_shared<State>(socket)) {}
  ~RequestDeadline() { disarm(); }
  RequestDeadline(const RequestDeadline&) = delete;
  RequestDeadline& operator=(const RequestDeadline&) = delete;

  void arm(std::chrono::seconds after) {
    state_->expired = false;
    const auto generation = ++state_->generation;
    state_->timer.expires_after(after);
    state_->timer.async_wait([state = state_, generation](const beast::error_code& ec) {
      if (ec || state->generation != generation) return;  // disarmed, or armed again since
      state->expired = true;
      beast::error_code ignored;
      state->socket.cancel(ignored);
    });
  }
  void disarm() {
    ++state_->generation;
    state_->timer.cancel();
  }
  bool expired() const { return state_->expired; }

 private:
  struct State {
    explicit State(tcp::socket& s) : socket(s), timer(s.get_executor()) {}
    tcp::socket& socket;
    net::steady_timer timer;
    std::uint64_t generation = 0;
    bool expired = false;
  };
  std::shared_ptr<State> state_;
};

}  // namespace chatkit::server
