#include "core/errors.hpp"

namespace chatkit {

const ErrorInfo& error_info(ErrorCode code) {
  // clang-format off
  static const ErrorInfo kStreamError   {"stream.error",       500, true,  "An error occurred while generating the response."};
  static const ErrorInfo kCustom        {"custom",             500, false, "The application reported an error."};
  static const ErrorInfo kInvalidJson   {"invalid_json",       400, false, "The request body is not valid JSON."};
  static const ErrorInfo kInvalidRequest{"invalid_request",    400, false, "The request does not follow the ChatKit protocol."};
  static const ErrorInfo kInvalidEvent  {"invalid_event",      400, false, "The stream event does not follow the ChatKit protocol."};
  static const ErrorInfo kInvalidWidget {"invalid_widget",     400, false, "The widget does not follow the component catalogue."};
  static const ErrorInfo kInvalidState  {"invalid_state",      400, false, "The request cannot be applied to the thread in its current state."};
  static const ErrorInfo kActionRefused {"action_refused",     400, false, "The widget did not offer this action."};
  static const ErrorInfo kNotFound      {"not_found",          404, false, "Not found."};
  static const ErrorInfo kUnauthorized  {"unauthorized",       401, false, "Missing or invalid credentials."};
  static const ErrorInfo kForbidden     {"forbidden",          403, false, "This request is not allowed."};
  static const ErrorInfo kMethod        {"method_not_allowed", 405, false, "Method not allowed."};
  static const ErrorInfo kTooLarge      {"payload_too_large",  413, false, "The request body is too large."};
  static const ErrorInfo kMediaType     {"unsupported_media_type", 415, false, "The file's type is not accepted."};
  static const ErrorInfo kBusy          {"thread_busy",        409, true,  "Another response is still being written in this thread."};
  static const ErrorInfo kHeaders       {"headers_too_large",  431, false, "The request headers are too large."};
  static const ErrorInfo kTimeout       {"request_timeout",    408, true,  "The request took too long to arrive."};
  static const ErrorInfo kTooMany       {"too_many_streams",   503, true,  "Too many streams are open; try again shortly."};
  static const ErrorInfo kNotImpl       {"not_implemented",    501, false, "This operation is not implemented by the server."};
  static const ErrorInfo kUpstream      {"upstream_error",     502, true,  "The model provider failed."};
  static const ErrorInfo kInternal      {"internal",           500, false, "Internal server error."};
  // clang-format on
  switch (code) {
    case ErrorCode::stream_error: return kStreamError;
    case ErrorCode::custom: return kCustom;
    case ErrorCode::invalid_json: return kInvalidJson;
    case ErrorCode::invalid_request: return kInvalidRequest;
    case ErrorCode::invalid_event: return kInvalidEvent;
    case ErrorCode::invalid_widget: return kInvalidWidget;
    case ErrorCode::invalid_state: return kInvalidState;
    case ErrorCode::action_refused: return kActionRefused;
    case ErrorCode::not_found: return kNotFound;
    case ErrorCode::unauthorized: return kUnauthorized;
    case ErrorCode::forbidden: return kForbidden;
    case ErrorCode::method_not_allowed: return kMethod;
    case ErrorCode::payload_too_large: return kTooLarge;
    case ErrorCode::unsupported_media_type: return kMediaType;
    case ErrorCode::thread_busy: return kBusy;
    case ErrorCode::headers_too_large: return kHeaders;
    case ErrorCode::request_timeout: return kTimeout;
    case ErrorCode::too_many_streams: return kTooMany;
    case ErrorCode::not_implemented: return kNotImpl;
    case ErrorCode::upstream_error: return kUpstream;
    case ErrorCode::internal: return kInternal;
  }
  return kInternal;
}

bool default_allow_retry(std::string_view wire_code) {
  // Only codes the protocol defines for stream errors carry a default; everything else is false.
  return wire_code == error_info(ErrorCode::stream_error).code;
}

std::string describe(const Error& error) {
  std::string out(error_info(error.code).code);
  out += ": ";
  out += error.message.empty() ? std::string(error_info(error.code).default_message) : error.message;
  if (!error.path.empty()) out += " (at " + error.path + ")";
  return out;
}

}  // namespace chatkit
