// The embind declarations of the browser module (and of the tools module, which adds
// bindings_tools.cpp). Declarations only: conversions live in convert.cpp, the ergonomic API in
// chatkit.mjs. Raw names are `_`-prefixed.
#include <emscripten/bind.h>

#include "wasm/convert.hpp"

EMSCRIPTEN_BINDINGS(chatkit_core) {
  using namespace emscripten;
  using namespace chatkit::wasm;
  function("_validateAction", &validate_action);
  function("_renderWidget", &render_widget);
  function("_renderItem", &render_item);
  function("_renderMarkdown", &render_markdown);
  class_<ThreadView>("_ThreadView")
      .constructor<>()
      .function("_feed", &ThreadView::feed)
      .function("_applyEvent", &ThreadView::apply_event_json)
      .function("_load", &ThreadView::load)
      .function("_finish", &ThreadView::finish)
      .function("_lastEventId", &ThreadView::last_event_id)
      .function("_restartStream", &ThreadView::restart_stream)
      .function("_state", &ThreadView::state)
      .function("_item", &ThreadView::item)
      .function("_takePatches", &ThreadView::take_patches)
      .function("_render", &ThreadView::render);
}
