#pragma once
// Where a stream's encoded events go. The HTTP session implements it over its socket; tests
// implement it over a vector. The event loop depends on nothing else of the transport.
#include <stdexcept>
#include <string>

#include "server/chatkit/async.hpp"

namespace chatkit::server {

// Thrown by StreamOutput::send once the client has gone: the run is then cancelled (§4.5).
class ClientGone : public std::runtime_error {
 public:
  ClientGone() : std::runtime_error("the client closed the connection") {}
};

class StreamOutput {
 public:
  virtual ~StreamOutput() = default;
  // Sends one SSE frame ("data: <json>\n\n"). Throws ClientGone when the client has disconnected.
  virtual awaitable<void> send(std::string frame) = 0;
};

}  // namespace chatkit::server
