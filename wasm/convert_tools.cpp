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
json canonical(const json& input, Encode encode) {
  return encode(value_or_fail(codec::decode<T>(input)));
}

json normalized(const std::string& kind, const json& input) {
  if (kind == "request") return canonical<Request>(input, [](const Request& r) { return encode_request(r); });
  if (kind == "item") return canonical<ThreadItem>(input, encode_item);
  if (kind == "event") return canonical<ThreadStreamEvent>(input, encode_event);
  if (kind == "thread") return canonical<Thread>(input, encode_thread);
  if (kind == "item_page") return canonical<Page<ThreadItem>>(input, encode_item_page);
  if (kind == "thread_page") return canonical<Page<Thread>>(input, encode_thread_page);
  if (kind == "attachment") return canonical<Attachment>(input, encode_attachment);
  if (kind == "sync_action_response") return canonical<SyncCustomActionResponse>(input, encode_sync_action_response);
  if (kind == "transcription") return canonical<TranscriptionResult>(input, encode_transcription);
  throw Failure{make_error(ErrorCode::invalid_request, "unknown kind '" + kind + "'")};
}

widget::DiffMode diff_mode(const std::string& mode) {
  if (mode == "fine") return widget::DiffMode::fine;
  if (mode == "reference") return widget::DiffMode::reference;
  throw Failure{make_error(ErrorCode::invalid_request, "unknown diff mode '" + mode + "' (expected reference or fine)")};
}

}  // namespace

std::string parse_request(const std::string& text) {
  return envelope([&] { return encode_request(value_or_fail(chatkit::parse_request(text))); });
}

std::string normalize(const std::string& kind, const std::string& text) {
  return envelope([&] { return normalized(kind, parsed_or_fail(text, kWidgetLimits)); });
}

std::string diff_widgets(const std::string& before, const std::string& after, const std::string& mode) {
  return envelope([&] {
    json out = json::array();
    for (const auto& update : widget::diff(parsed_or_fail(before, kWidgetLimits), parsed_or_fail(after, kWidgetLimits),
                                           diff_mode(mode))) {
      out.push_back(encode_widget_update(update));
    }
    return out;
  });
}

std::string apply_widget_update(const std::string& widget, const std::string& update) {
  return envelope([&] {
    json tree = parsed_or_fail(widget, kWidgetLimits);
    ok_or_fail(widget::apply(tree, value_or_fail(decode_widget_update(parsed_or_fail(update, kWidgetLimits)))));
    return tree;
  });
}

std::string validate_widget(const std::string& widget) {
  return envelope([&] {
    json issues = json::array();
    for (const auto& issue : widget::validate(parsed_or_fail(widget, kWidgetLimits))) {
      issues.push_back({{"path", issue.path}, {"message", issue.message}});
    }
    return issues;
  });
}

}  // namespace chatkit::wasm
