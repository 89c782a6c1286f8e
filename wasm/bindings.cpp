// The embind declarations of the wasm module. Declarations only: conversions live in convert.cpp,
// the ergonomic API in chatkit.mjs. Raw names are `_`-prefixed.
#include <emscripten/bind.h>

#include "wasm/convert.hpp"

EMSCRIPTEN_BINDINGS(chatkit_core) {
  using namespace emscripten;
  using namespace chatkit::wasm;
  function("_parseRequest", &parse_request);
  function("_normalize", &normalize);
  function("_diffWidgets", &diff_widgets);
  function("_applyWidgetUpdate", &apply_widget_update);
  function("_validateWidget", &validate_widget);
  function("_validateAction", &validate_action);
  class_<ThreadView>("_ThreadView")
      .constructor<>()
      .function("_feed", &ThreadView::feed)
      .function("_applyEvent", &ThreadView::apply_event_json)
      .function("_finish", &ThreadView::finish)
      .function("_state", &ThreadView::state)
      .function("_item", &ThreadView::item);
}
