#include "core/widget/apply.hpp"

#include <string>

#include "core/widget/tree.hpp"

namespace chatkit::widget {

namespace {

Error unknown_component(const std::string& id) {
  return make_error(ErrorCode::invalid_event, "no component with id '" + id + "' in the widget");
}

Status apply_one(json& widget, const WidgetStreamingTextValueDelta& update) {
  json* component = find_component(widget, update.component_id);
  if (component == nullptr) return unknown_component(update.component_id);
  auto value = component->find("value");
  if (value == component->end() || !value->is_string()) {
    return make_error(ErrorCode::invalid_event,
                      "component '" + update.component_id + "' has no string value to append to");
  }
  value->get_ref<std::string&>() += update.delta;
  return ok_status();
}

Status apply_one(json& widget, const WidgetRootUpdated& update) {
  widget = update.widget.value;
  return ok_status();
}

Status apply_one(json& widget, const WidgetComponentUpdated& update) {
  json* component = find_component(widget, update.component_id);
  if (component == nullptr) return unknown_component(update.component_id);
  // Copy first: the replacement may be (part of) the very tree being written to.
  json replacement = update.component.value;
  *component = std::move(replacement);
  return ok_status();
}

}  // namespace

Status apply(json& widget, const WidgetUpdate& update) {
  return std::visit([&](const auto& one) { return apply_one(widget, one); }, update);
}

}  // namespace chatkit::widget
