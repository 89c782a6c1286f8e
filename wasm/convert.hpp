#pragma once
// Conversions between core's C++ API and what embind passes to JavaScript, for what the page
// needs: the thread view, rendering and action validation (the rest is in convert_tools.hpp).
// JSON crosses the boundary as text (one copy, no per-field marshalling); every function returns
// an envelope (envelope.hpp).
#include <string>

#include "core/render/thread_patcher.hpp"
#include "core/result.hpp"
#include "core/sse.hpp"

namespace chatkit::wasm {

std::string validate_action(const std::string& widget, const std::string& action);
// The renderer: values are virtual DOM nodes (wasm/chatkit.d.ts `VNode`). `options` is the JSON
// text of a `RenderOptions` (the thread's allowedImageDomains).
std::string render_widget(const std::string& widget, const std::string& item_id, const std::string& options);
std::string render_item(const std::string& item, const std::string& options);  // value null for a hidden item
std::string render_markdown(const std::string& text, const std::string& options);

// A client's view of one thread, fed with SSE bytes as they arrive, that also renders it.
class ThreadView {
 public:
  // Feeds raw SSE bytes (a JS string or Uint8Array); the envelope's value is how many events it
  // applied. What they changed comes out of take_patches(): nothing is encoded back for the page.
  std::string feed(const std::string& bytes);
  // Applies one event given as JSON text; the value is null.
  std::string apply_event_json(const std::string& event);
  // Shows a stored page in one call: thread.updated for `thread` (JSON; null: keep) and
  // thread.item.done for each item of `items` (a JSON array), in order.
  std::string load(const std::string& thread, const std::string& items);
  // End of the response body: refuses a truncated final event.
  std::string finish();
  // The `id:` of the last event fed ("" when none had one): where a client resumes a run from
  // (docs/PROTOCOL.md §4.7). Plain text, not an envelope: it cannot fail.
  std::string last_event_id() const { return last_event_id_; }
  // A new response body follows (a reattach after a dropped connection): what the decoder held of
  // the broken one is dropped.
  void restart_stream() { decoder_ = SseDecoder{}; }
  // {"thread": ..., "items": [...]}
  std::string state() const;
  std::string item(const std::string& id) const;  // value null when unknown
  // The patch operations of everything applied since the last call.
  std::string take_patches();
  // Every visible item, rendered.
  std::string render() const;

 private:
  SseDecoder decoder_;
  render::ThreadPatcher patcher_;
  std::string last_event_id_;
};

}  // namespace chatkit::wasm
