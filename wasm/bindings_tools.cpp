// The embind declarations only the tools module has (chatkit-core-tools: the browser module plus
// these). Declarations only: conversions live in convert_tools.cpp. Raw names are `_`-prefixed.
#include <emscripten/bind.h>

#include "wasm/convert_tools.hpp"

EMSCRIPTEN_BINDINGS(chatkit_tools) {
  using namespace emscripten;
  using namespace chatkit::wasm;
  function("_parseRequest", &parse_request);
  function("_normalize", &normalize);
  function("_diffWidgets", &diff_widgets);
  function("_applyWidgetUpdate", &apply_widget_update);
  function("_validateWidget", &validate_widget);
}
