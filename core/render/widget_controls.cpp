#include "core/render/widget_controls.hpp"

#include <algorithm>

#include "core/icons.hpp"

namespace chatkit::render {
namespace {

std::string string_prop(const json& component, std::string_view name) {
  const auto it = component.find(name);
  return (it != component.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

bool bool_prop(const json& component, std::string_view name) {
  const auto it = component.find(name);
  return it != component.end() && it->is_boolean() && it->get<bool>();
}

const json& prop(const json& component, std::string_view name) {
  static const json kNull;
  const auto it = component.find(name);
  return it == component.end() ? kNull : *it;
}

std::string enum_or(const json& value, std::initializer_list<std::string_view> allowed, std::string_view fallback) {
  if (value.is_string() && std::find(allowed.begin(), allowed.end(), value.get_ref<const std::string&>()) != allowed.end()) {
    return value.get<std::string>();
  }
  return std::string(fallback);
}

// A named control's name, id and disabled flag.
Element named_control(Tag tag, const json& component, const WidgetContext& context) {
  Element element = el(tag);
  const std::string name = string_prop(component, "name");
  if (!name.empty()) element.set("name", name).set("id", control_id(context.item_id, name));
  element.set("data-ck-item", context.item_id);
  return element.flag("disabled", bool_prop(component, "disabled"));
}

// The date part of an ISO datetime (what <input type=date> accepts), or "".
std::string iso_date(const json& value) {
  if (!value.is_string()) return {};
  const std::string& text = value.get_ref<const std::string&>();
  const bool shaped = text.size() >= 10 && text[4] == '-' && text[7] == '-' &&
                      std::all_of(text.begin(), text.begin() + 10, [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
  return shaped ? text.substr(0, 10) : std::string();
}

Element option_element(const json& option, const std::string& selected) {
  Element element = el(Tag::option);
  const std::string value = string_prop(option, "value");
  element.set("value", value).flag("disabled", bool_prop(option, "disabled")).flag("selected", !selected.empty() && value == selected);
  const std::string label = string_prop(option, "label");
  if (!label.empty()) element.append(Node(label));
  return element;
}

}  // namespace

void set_action(Element& element, const json& config, const WidgetContext& context) {
  if (!config.is_object() || !config.contains("type") || !config["type"].is_string()) return;
  json action = json::object();
  action["type"] = config["type"];
  action["payload"] = prop(config, "payload");
  action["handler"] = enum_or(prop(config, "handler"), {"server", "client"}, "server");
  action["loadingBehavior"] = enum_or(prop(config, "loadingBehavior"), {"auto", "none", "self", "container"}, "auto");
  action["streaming"] = !prop(config, "streaming").is_boolean() || config["streaming"].get<bool>();
  element.set("data-ck-action", to_wire(action));
  element.set("data-ck-item", context.item_id);
}

std::string control_id(std::string_view item_id, std::string_view name) {
  return "ck-" + std::string(item_id) + "-" + std::string(name);
}

std::optional<Element> icon_element(const json& name) {
  if (!name.is_string() || !is_icon_name(name.get_ref<const std::string&>())) return std::nullopt;
  return el(Tag::span, "ck-icon").set("data-ck-icon", name.get<std::string>()).set("aria-hidden", "true");
}

// `ariaLabel` names a control whose visible text does not (an icon button, a checkbox whose title
// is shown beside it). Catalogue extension: unknown props are kept, the official client ignores it.
static void set_aria_label(Element& element, const json& component) {
  const std::string aria_label = string_prop(component, "ariaLabel");
  if (!aria_label.empty()) element.set("aria-label", aria_label);
}

Element render_button(const json& component, const WidgetContext& context) {
  const bool submit = bool_prop(component, "submit");
  Element button = el(Tag::button).set("type", submit ? "submit" : "button");
  button.flag("disabled", bool_prop(component, "disabled"));
  set_aria_label(button, component);
  set_action(button, prop(component, "onClickAction"), context);
  if (auto icon = icon_element(prop(component, "iconStart"))) button.append(std::move(*icon));
  const std::string label = string_prop(component, "label");
  if (!label.empty()) button.append(el(Tag::span, "ck-button-label").append(Node(label)));
  if (auto icon = icon_element(prop(component, "iconEnd"))) button.append(std::move(*icon));
  return button;
}

Element render_select(const json& component, const WidgetContext& context) {
  Element select = named_control(Tag::select, component, context);
  set_action(select, prop(component, "onChangeAction"), context);
  const std::string selected = string_prop(component, "defaultValue");
  const std::string placeholder = string_prop(component, "placeholder");
  if (!placeholder.empty() || bool_prop(component, "clearable")) {
    // The empty choice: a placeholder, and what clearing selects.
    Element empty = el(Tag::option).set("value", "").flag("selected", selected.empty());
    if (!placeholder.empty()) empty.append(Node(placeholder));
    select.append(std::move(empty));
  }
  const json& options = prop(component, "options");
  if (options.is_array()) {
    for (const json& option : options) {
      if (option.is_object()) select.append(option_element(option, selected));
    }
  }
  return select;
}

Element render_date_picker(const json& component, const WidgetContext& context) {
  Element input = named_control(Tag::input, component, context).set("type", "date");
  set_action(input, prop(component, "onChangeAction"), context);
  if (const std::string value = iso_date(prop(component, "defaultValue")); !value.empty()) input.set("value", value);
  if (const std::string min = iso_date(prop(component, "min")); !min.empty()) input.set("min", min);
  if (const std::string max = iso_date(prop(component, "max")); !max.empty()) input.set("max", max);
  const std::string placeholder = string_prop(component, "placeholder");
  if (!placeholder.empty()) input.set("placeholder", placeholder);
  return input;
}

Element render_checkbox(const json& component, const WidgetContext& context) {
  Element input = named_control(Tag::input, component, context).set("type", "checkbox");
  input.flag("checked", bool_prop(component, "defaultChecked")).flag("required", bool_prop(component, "required"));
  set_aria_label(input, component);
  set_action(input, prop(component, "onChangeAction"), context);
  Element label = el(Tag::label).append(std::move(input));
  const std::string text = string_prop(component, "label");
  if (!text.empty()) label.append(el(Tag::span, "ck-checkbox-label").append(Node(text)));
  return label;
}

Element render_input(const json& component, const WidgetContext& context) {
  Element input = named_control(Tag::input, component, context);
  input.set("type", enum_or(prop(component, "inputType"), {"number", "email", "text", "password", "tel", "url"}, "text"));
  const std::string value = string_prop(component, "defaultValue");
  if (!value.empty()) input.set("value", value);
  const std::string placeholder = string_prop(component, "placeholder");
  if (!placeholder.empty()) input.set("placeholder", placeholder);
  const std::string pattern = string_prop(component, "pattern");
  if (!pattern.empty()) input.set("pattern", pattern);
  return input.flag("required", bool_prop(component, "required"));
}

Element render_textarea(const json& component, const WidgetContext& context) {
  Element textarea = named_control(Tag::textarea, component, context);
  const json& rows = prop(component, "rows");
  if (rows.is_number_integer()) textarea.set("rows", std::to_string(std::clamp<std::int64_t>(rows.get<std::int64_t>(), 1, 100)));
  const std::string placeholder = string_prop(component, "placeholder");
  if (!placeholder.empty()) textarea.set("placeholder", placeholder);
  textarea.flag("required", bool_prop(component, "required"));
  const std::string value = string_prop(component, "defaultValue");
  if (!value.empty()) textarea.append(Node(value));  // a textarea's default value is its text
  return textarea;
}

Element render_radio_group(const json& component, const WidgetContext& context) {
  Element group = el(Tag::div).set("role", "radiogroup");
  set_aria_label(group, component);
  const std::string name = string_prop(component, "name");
  const std::string selected = string_prop(component, "defaultValue");
  const json& options = prop(component, "options");
  for (const json& option : options.is_array() ? options : json::array()) {
    if (!option.is_object()) continue;
    const std::string value = string_prop(option, "value");
    Element input = el(Tag::input).set("type", "radio").set("name", name).set("value", value).set("data-ck-item", context.item_id);
    input.flag("checked", !selected.empty() && value == selected).flag("required", bool_prop(component, "required"));
    input.flag("disabled", bool_prop(component, "disabled") || bool_prop(option, "disabled"));
    set_action(input, prop(component, "onChangeAction"), context);
    Element label = el(Tag::label, "ck-radio").append(std::move(input));
    label.append(el(Tag::span, "ck-radio-label").append(Node(string_prop(option, "label"))));
    group.append(std::move(label));
  }
  return group;
}

Element render_editable_text(const json& component, const WidgetContext& context) {
  const json& editable = component["editable"];
  Element input = el(Tag::input, "ck-editable").set("type", "text").set("data-ck-item", context.item_id);
  const std::string name = string_prop(editable, "name");
  if (!name.empty()) input.set("name", name).set("id", control_id(context.item_id, name));
  input.set("value", string_prop(component, "value"));
  const std::string placeholder = string_prop(editable, "placeholder");
  if (!placeholder.empty()) input.set("placeholder", placeholder);
  const std::string pattern = string_prop(editable, "pattern");
  if (!pattern.empty()) input.set("pattern", pattern);
  return input.flag("required", bool_prop(editable, "required"));
}

}  // namespace chatkit::render
