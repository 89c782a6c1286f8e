#include "wasm/convert_tools.hpp"

#include "core/protocol/codec.hpp"
#include "core/protocol/events.hpp"
#include "core/protocol/requests.hpp"
#include "core/protocol/responses.hpp"
#include "core/widget/apply.hpp"
#include "core/widget/diff.hpp"
#include "core/widget/validate.hpp"
#include "wasm/envelope.hpp"

namespace chatkit::wasm {
namespace {

template <class T, class Encode>
Result<json> canonical(const json& input, Encode encode) {
  const auto decoded = codec::decode<T>(input);
  if (!decoded) return decoded.error();
  return encode(*decoded);
}

Result<json> normalized(const std::string& kind, const json& input) {
  if (kind == "request") return canonical<Request>(input, [](const Request& r) { return encode_request(r); });
  if (kind == "item") return canonical<ThreadItem>(input, encode_item);
  if (kind == "event") return canonical<ThreadStreamEvent>(input, encode_event);
  if (kind == "thread") return canonical<Thread>(input, encode_thread);
  if (kind == "item_page") return canonical<Page<ThreadItem>>(input, encode_item_page);
  if (kind == "thread_page") return canonical<Page<Thread>>(input, encode_thread_page);
  if (kind == "attachment") return canonical<Attachment>(input, encode_attachment);
  if (kind == "sync_action_response") return canonical<SyncCustomActionResponse>(input, encode_sync_action_response);
  if (kind == "transcription") return canonical<TranscriptionResult>(input, encode_transcription);
  return make_error(ErrorCode::invalid_request, "unknown kind '" + kind + "'");
}

Result<widget::DiffMode> diff_mode(const std::string& mode) {
  if (mode == "fine") return widget::DiffMode::fine;
  if (mode == "reference") return widget::DiffMode::reference;
  return make_error(ErrorCode::invalid_request, "unknown diff mode '" + mode + "' (expected reference or fine)");
}

}  // namespace

std::string parse_request(const std::string& text) {
  return envelope([&]() -> Result<json> {
    const auto request = chatkit::parse_request(text);
    if (!request) return request.error();
    return encode_request(*request);
  });
}

std::string normalize(const std::string& kind, const std::string& text) {
  return envelope([&]() -> Result<json> {
    const auto parsed = parse_json(text, kWidgetLimits);
    if (!parsed) return parsed.error();
    return normalized(kind, *parsed);
  });
}

std::string diff_widgets(const std::string& before, const std::string& after, const std::string& mode) {
  return envelope([&]() -> Result<json> {
    const auto parsed_before = parse_json(before, kWidgetLimits);
    if (!parsed_before) return parsed_before.error();
    const auto parsed_after = parse_json(after, kWidgetLimits);
    if (!parsed_after) return parsed_after.error();
    const auto diff = diff_mode(mode);
    if (!diff) return diff.error();
    json out = json::array();
    for (const auto& update : widget::diff(*parsed_before, *parsed_after, *diff)) {
      out.push_back(encode_widget_update(update));
    }
    return out;
  });
}

std::string apply_widget_update(const std::string& widget, const std::string& update) {
  return envelope([&]() -> Result<json> {
    auto tree = parse_json(widget, kWidgetLimits);
    if (!tree) return tree.error();
    const auto parsed_update = parse_json(update, kWidgetLimits);
    if (!parsed_update) return parsed_update.error();
    const auto decoded = decode_widget_update(*parsed_update);
    if (!decoded) return decoded.error();
    if (auto status = widget::apply(*tree, *decoded); !status) return status.error();
    return std::move(*tree);
  });
}

std::string validate_widget(const std::string& widget) {
  return envelope([&]() -> Result<json> {
    const auto parsed = parse_json(widget, kWidgetLimits);
    if (!parsed) return parsed.error();
    json issues = json::array();
    for (const auto& issue : widget::validate(*parsed)) {
      issues.push_back({{"path", issue.path}, {"message", issue.message}});
    }
    return issues;
  });
}

}  // namespace chatkit::wasm
