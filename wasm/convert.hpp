#pragma once
// Conversions between core's C++ API and what embind passes to JavaScript. JSON crosses the
// boundary as text (one copy, no per-field marshalling). Every raw function returns an envelope,
// {"value": <json>} or {"error": {"code", "message", "path"}}, which chatkit.mjs unwraps into a
// value or a thrown ChatKitError. (Throwing a JS error from C++ would skip the destructors of the
// C++ frames it unwinds, leaking on every error; an escaping C++ exception would reach JS as a
// bare number.)
#include <string>

#include "core/result.hpp"
#include "core/reducer.hpp"
#include "core/sse.hpp"

namespace chatkit::wasm {

std::string parse_request(const std::string& text);
std::string normalize(const std::string& kind, const std::string& text);
std::string diff_widgets(const std::string& before, const std::string& after, const std::string& mode);
std::string apply_widget_update(const std::string& widget, const std::string& update);
std::string validate_widget(const std::string& widget);
std::string validate_action(const std::string& widget, const std::string& action);

// A client's view of one thread, fed with SSE bytes as they arrive.
class ThreadView {
 public:
  // Feeds raw SSE bytes (a JS string or Uint8Array); the envelope's value is the array of the
  // events it applied, in order, so the page can patch what changed.
  std::string feed(const std::string& bytes);
  // Applies one event given as JSON text; the value is its canonical JSON.
  std::string apply_event_json(const std::string& event);
  // End of the response body: refuses a truncated final event.
  std::string finish();
  // {"thread": ..., "items": [...]}
  std::string state() const;
  std::string item(const std::string& id) const;  // value null when unknown

 private:
  SseDecoder decoder_;
  ThreadState state_;
};

}  // namespace chatkit::wasm
