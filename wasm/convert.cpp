#include "wasm/convert.hpp"

#include <exception>

#include "core/action_validation.hpp"
#include "core/protocol/codec.hpp"
#include "core/protocol/requests.hpp"
#include "core/protocol/responses.hpp"
#include "core/widget/apply.hpp"
#include "core/widget/diff.hpp"
#include "core/widget/validate.hpp"

namespace chatkit::wasm {
namespace {

constexpr JsonLimits kWidgetLimits = kWidgetJsonLimits;

// Carries an Error from deep inside a conversion to the envelope (a C++ exception, so that
// destructors run).
struct Failure {
  Error error;
};

json parsed_or_fail(const std::string& text, const JsonLimits& limits = {}) {
  auto parsed = parse_json(text, limits);
  if (!parsed) throw Failure{parsed.error()};
  return std::move(*parsed);
}

template <class T>
T value_or_fail(Result<T> result) {
  if (!result) throw Failure{result.error()};
  return std::move(*result);
}

void ok_or_fail(const Status& status) {
  if (!status) throw Failure{status.error()};
}

template <class T, class Encode>
json canonical(const json& input, Encode encode) {
  return encode(value_or_fail(codec::decode<T>(input)));
}

std::string error_envelope(const Error& error) {
  return to_wire({{"error",
                   {{"code", std::string(error_info(error.code).code)},
                    {"message", error.message.empty() ? std::string(error_info(error.code).default_message) : error.message},
                    {"path", error.path}}}});
}

// Runs `produce` (which returns the value as json) and wraps its outcome in the envelope.
template <class Produce>
std::string envelope(Produce produce) {
  try {
    json out = json::object();
    out["value"] = produce();
    return to_wire(out);
  } catch (const Failure& failure) {
    return error_envelope(failure.error);
  } catch (const std::exception& e) {
    return error_envelope(make_error(ErrorCode::internal, e.what()));
  }
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

std::string validate_action(const std::string& widget, const std::string& action) {
  return envelope([&] {
    const Action decoded = value_or_fail(codec::decode<Action>(parsed_or_fail(action)));
    const OfferedAction offered = value_or_fail(chatkit::validate_action(parsed_or_fail(widget, kWidgetLimits), decoded));
    return json{{"path", offered.path}, {"config", offered.config}};
  });
}

std::string ThreadView::feed(const std::string& bytes) {
  return envelope([&] {
    json applied = json::array();
    for (const auto& message : value_or_fail(decoder_.feed(bytes))) {
      const ThreadStreamEvent event = value_or_fail(parse_event(message.data, kWidgetLimits));
      ok_or_fail(apply_event(state_, event));
      applied.push_back(encode_event(event));
    }
    return applied;
  });
}

std::string ThreadView::apply_event_json(const std::string& event) {
  return envelope([&] {
    const ThreadStreamEvent decoded = value_or_fail(parse_event(event, kWidgetLimits));
    ok_or_fail(apply_event(state_, decoded));
    return encode_event(decoded);
  });
}

std::string ThreadView::finish() {
  return envelope([&] {
    ok_or_fail(decoder_.finish());
    return json();
  });
}

std::string ThreadView::state() const {
  return envelope([&] { return encode_state(state_); });
}

std::string ThreadView::item(const std::string& id) const {
  return envelope([&] {
    const ThreadItem* found = find_item(state_, id);
    return found ? encode_item(*found) : json();
  });
}

}  // namespace chatkit::wasm
