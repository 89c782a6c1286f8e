#pragma once
// The interactive components (Button, Select, DatePicker, Checkbox, Input, Textarea, RadioGroup,
// editable Text) and the action attributes: an actionable element carries `data-ck-action` (its
// ActionConfig as JSON, defaults filled in) and `data-ck-item`; a named control carries `name`
// and the id `ck-<itemId>-<name>` that a Label's `for` points at.
#include <string>
#include <string_view>

#include "core/json_io.hpp"
#include "core/render/vnode.hpp"
#include "core/render/widget.hpp"

namespace chatkit::render {

// Sets data-ck-action / data-ck-item when `config` is an ActionConfig (an object with a string type).
void set_action(Element& element, const json& config, const WidgetContext& context);

std::string control_id(std::string_view item_id, std::string_view name);

// `span.ck-icon[data-ck-icon]` for a valid icon name; nullopt otherwise.
std::optional<Element> icon_element(const json& name);

Element render_button(const json& component, const WidgetContext& context);
Element render_select(const json& component, const WidgetContext& context);
Element render_date_picker(const json& component, const WidgetContext& context);
Element render_checkbox(const json& component, const WidgetContext& context);
Element render_input(const json& component, const WidgetContext& context);
Element render_textarea(const json& component, const WidgetContext& context);
Element render_radio_group(const json& component, const WidgetContext& context);
Element render_editable_text(const json& component, const WidgetContext& context);

}  // namespace chatkit::render
