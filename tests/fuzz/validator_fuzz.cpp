// Fuzzes the widget validator and action validation with {"widget": ..., "action": ...}.
#include <cstdint>
#include <string_view>

#include "core/action_validation.hpp"
#include "core/json_io.hpp"
#include "core/protocol/codec.hpp"
#include "core/widget/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chatkit;
  auto parsed = parse_json(std::string_view(reinterpret_cast<const char*>(data), size), kWidgetJsonLimits);
  if (!parsed || !parsed->is_object()) return 0;
  const json& widget = (*parsed)["widget"];
  (void)widget::validate(widget);
  auto action = codec::decode<Action>((*parsed)["action"]);
  if (action) (void)validate_action(widget, *action);
  return 0;
}
