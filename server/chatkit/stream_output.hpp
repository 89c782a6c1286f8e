#pragma once
// Where a stream's encoded events go. The HTTP session implements it over its socket; tests
// implement it over a vector. Turn (the event-processing loop) depends on nothing else of the transport.
#include <stdexcept>
#include <string>
#include <string_view>

#include "server/common/async.hpp"

namespace chatkit::server {

// Thrown by StreamOutput::send once the client has gone: the run is then cancelled (§4.5).
class ClientGone : public std::runtime_error {
 public:
  ClientGone() : std::runtime_error("the client closed the connection") {}
};

class StreamOutput {
 public:
  virtual ~StreamOutput() = default;
  // Queues one SSE frame ("data: <json>\n\n"), copied: the caller may reuse its buffer. Throws
  // ClientGone when the client has gone. Not a coroutine: it runs for every event, and the
  // common case (room in the queue) needs no suspension.
  virtual void send(std::string_view frame) = 0;
  // Backpressure: false while the output holds as much as it should (a slow client); the caller
  // then awaits wait_ready() before it sends more, which throws ClientGone if the client leaves.
  virtual bool ready() const { return true; }
  virtual awaitable<void> wait_ready() { co_return; }
  // While held, frames already sent may wait in the output: the run is waiting for a store commit,
  // and whatever it sends after the commit can then go out in the same system call. Holds nest.
  virtual void hold() {}
  virtual void release() {}
  // The run has sent its last frame: the end of the body may go out with it.
  virtual void end() {}
};

// Holds an output for one scope (a store write the run awaits).
class OutputHold {
 public:
  explicit OutputHold(StreamOutput& output) : output_(output) { output_.hold(); }
  ~OutputHold() { output_.release(); }
  OutputHold(const OutputHold&) = delete;
  OutputHold& operator=(const OutputHold&) = delete;

 private:
  StreamOutput& output_;
};

}  // namespace chatkit::server
