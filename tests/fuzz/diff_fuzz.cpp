// Fuzzes the widget diff with [before, after] pairs. Besides "no crash", it checks the fine mode's
// promise: applying its updates to `before` gives exactly `after`.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json_io.hpp"
#include "core/protocol/widget_json.hpp"
#include "core/widget/apply.hpp"
#include "core/widget/diff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chatkit;
  auto parsed = parse_json(std::string_view(reinterpret_cast<const char*>(data), size), kWidgetJsonLimits);
  if (!parsed || !parsed->is_array() || parsed->size() != 2) return 0;
  const json& before = (*parsed)[0];
  const json& after = (*parsed)[1];
  (void)widget::diff(before, after, widget::DiffMode::reference);
  json patched = strip_widget_nulls(before);
  for (const auto& update : widget::diff(before, after, widget::DiffMode::fine)) {
    if (!widget::apply(patched, update)) std::abort();  // fine updates must always apply
  }
  if (patched != strip_widget_nulls(after)) std::abort();  // ... and be exact
  return 0;
}
