#pragma once
// How application code (use cases, the agent, models) ends a stream with an error event
// (docs/PROTOCOL.md §1.5a): throw StreamError. Any other exception becomes
// {"type":"error","code":"stream.error","allow_retry":true}.
#include <stdexcept>
#include <string>

#include "core/protocol/events.hpp"

namespace chatkit::server {

class StreamError : public std::runtime_error {
 public:
  // A user-facing message ("custom" code); the client shows it as is.
  static StreamError custom(std::string message, bool allow_retry = false) {
    ErrorEvent event;
    event.code = "custom";
    event.message = std::move(message);
    event.allow_retry = allow_retry;
    return StreamError(std::move(event));
  }
  // A protocol code the client localises itself (stream.error: allow_retry defaults to true).
  static StreamError code(std::string wire_code) {
    ErrorEvent event;
    event.allow_retry = default_allow_retry(wire_code);
    event.code = std::move(wire_code);
    return StreamError(std::move(event));
  }
  const ErrorEvent& event() const { return event_; }

 private:
  explicit StreamError(ErrorEvent event)
      : std::runtime_error(event.message.value_or(event.code)), event_(std::move(event)) {}
  ErrorEvent event_;
};

}  // namespace chatkit::server
