#pragma once
// The one error table of the product: every failure has a code, and the code decides the HTTP
// status, whether the client may retry, and the default user-facing message (docs/PROTOCOL.md §1.5).
#include <string>
#include <string_view>

namespace chatkit {

enum class ErrorCode {
  stream_error,       // "stream.error": a failure while generating a streamed response
  custom,             // "custom": an application error with its own user-facing message
  invalid_json,       // the body is not JSON, too deep, not UTF-8, ...
  invalid_request,    // JSON, but not a valid protocol request (wrong type, missing field, ...)
  invalid_event,      // a stream event or SSE frame that does not follow the protocol
  invalid_widget,     // a widget tree that breaks the component catalogue
  invalid_state,      // the request is valid but cannot apply now (bad retry target, ...)
  thread_busy,        // another stream is running on the thread: one at a time
  action_refused,     // a widget action the widget never offered
  not_found,          // unknown, or another user's, thread / item / attachment
  unauthorized,       // missing or wrong credentials
  forbidden,          // understood and refused (a CORS origin that is not allowed, ...)
  method_not_allowed,
  payload_too_large,
  unsupported_media_type,  // an attachment or audio type that is not allowed, or bytes that are not what their type says
  headers_too_large,
  request_timeout,
  too_many_streams,
  not_implemented,
  upstream_error,     // the model provider failed
  internal,
};

struct ErrorInfo {
  std::string_view code;             // wire name
  int http_status;
  bool allow_retry;
  std::string_view default_message;
};

const ErrorInfo& error_info(ErrorCode code);

// Maps a wire name back to its code; unknown names are `custom`-like application codes and yield
// nothing. Used to pick the default allow_retry of a StreamError (§1.5a).
bool default_allow_retry(std::string_view wire_code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;  // precise, for humans and logs
  std::string path;     // JSON path of the offending value ("$.params.thread_id"), or empty
};

// "message at path" for logs and CLI output.
std::string describe(const Error& error);

}  // namespace chatkit
