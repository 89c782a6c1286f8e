#include "core/protocol/events.hpp"

#include "core/protocol/codec.hpp"

namespace chatkit {

std::string_view event_type(const ThreadStreamEvent& event) {
  return std::visit([](const auto& e) { return std::decay_t<decltype(e)>::kType; }, event);
}

Result<ThreadStreamEvent> decode_event(const json& j) {
  return codec::decode<ThreadStreamEvent>(j, ErrorCode::invalid_event);
}

Result<ThreadStreamEvent> parse_event(std::string_view text, const JsonLimits& limits) {
  auto parsed = parse_json(text, limits);
  if (!parsed) return make_error(ErrorCode::invalid_event, parsed.error().message, parsed.error().path);
  return decode_event(*parsed);
}

json encode_event(const ThreadStreamEvent& event) { return codec::encode(event); }
std::string encode_event_text(const ThreadStreamEvent& event) { return codec::encode_text(event); }

void append_event_text(std::string& out, const ThreadStreamEvent& event) { codec::write_text(event, {}, out); }

ErrorEvent make_error_event(ErrorCode code, std::optional<std::string> message) {
  const ErrorInfo& info = error_info(code);
  ErrorEvent event;
  event.code = std::string(info.code);
  event.message = std::move(message);
  event.allow_retry = info.allow_retry;
  return event;
}

}  // namespace chatkit
