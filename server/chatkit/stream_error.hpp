#pragma once
// How application code (use cases, the agent, models) ends a stream with an error event
// (docs/PROTOCOL.md §1.5a): throw StreamError. Any other exception becomes
// {"type":"error","code":"stream.error","allow_retry":true}.
#include <stdexcept>
#include <string>

#include "core/errors.hpp"
#include "core/protocol/events.hpp"
#include "core/result.hpp"

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
  // A store write that failed: stream.error for the client (which may retry), the store's own
  // words for the request log only.
  static StreamError store_failed(const Error& error) {
    return StreamError(make_error_event(ErrorCode::stream_error), "store write failed: " + describe(error));
  }
  const ErrorEvent& event() const { return event_; }

 private:
  explicit StreamError(ErrorEvent event) : StreamError(event, event.message.value_or(event.code)) {}
  StreamError(ErrorEvent event, const std::string& log_text)
      : std::runtime_error(log_text), event_(std::move(event)) {}
  ErrorEvent event_;
};

// Ends the stream with stream.error when a store write failed (nothing of it is sent then).
inline void throw_if_store_failed(const Status& status) {
  if (!status) throw StreamError::store_failed(status.error());
}

}  // namespace chatkit::server
