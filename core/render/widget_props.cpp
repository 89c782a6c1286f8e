#include "core/render/widget_props.hpp"

#include <algorithm>
#include <array>

namespace chatkit::render {
namespace {

using widget::Kind;

struct Side {
  std::string_view name;
  std::array<std::string_view, 2> css;  // one or two CSS suffixes
};
constexpr std::array<Side, 6> kSides = {{{"top", {"-top", ""}},
                                         {"right", {"-right", ""}},
                                         {"bottom", {"-bottom", ""}},
                                         {"left", {"-left", ""}},
                                         {"x", {"-left", "-right"}},
                                         {"y", {"-top", "-bottom"}}}};

// `padding: {x: 2}` → padding-left and padding-right; a plain value → padding.
template <class Validate>
void add_sided(Style& style, std::string_view property, const json& value, Validate validate) {
  if (!value.is_object()) {
    style.add(property, validate(value));
    return;
  }
  for (const Side& side : kSides) {
    if (!value.contains(side.name)) continue;
    for (std::string_view suffix : side.css) {
      if (!suffix.empty()) style.add(std::string(property) + std::string(suffix), validate(value[side.name]));
    }
  }
}

// Which CSS properties a dimension prop sets: `size` is both width and height.
void add_dimension(Style& style, std::string_view name, const json& value) {
  const auto length = css_length(value);
  if (name == "size" || name == "minSize" || name == "maxSize") {
    const std::string prefix = name == "size" ? "" : name == "minSize" ? "min-" : "max-";
    style.add(prefix + "width", length).add(prefix + "height", length);
    return;
  }
  style.add(kebab(name), length);
}

void add_style(Style& style, std::string_view name, const json& value) {
  if (name == "gap") {
    style.add("gap", css_spacing(value));
  } else if (name == "padding" || name == "margin") {
    add_sided(style, name, value, css_spacing);
  } else if (name == "border") {
    if (value.is_object() && !value.contains("size")) {
      add_sided(style, "border", value, css_border);  // Borders: one Border or width per side
    } else {
      style.add("border", css_border(value));
    }
  } else if (name == "background") {
    style.add("background", css_color(value));
  } else if (name == "color") {
    style.add("color", css_color(value));
  } else if (name == "flex") {
    style.add("flex", css_flex(value));
  } else if (name == "aspectRatio") {
    style.add("aspect-ratio", css_ratio(value));
  } else {
    add_dimension(style, name, value);
  }
}

bool is_enum_value(const widget::PropSpec& prop, const json& value) {
  return value.is_string() &&
         std::find(prop.values.begin(), prop.values.end(), value.get_ref<const std::string&>()) != prop.values.end();
}

// One prop's contribution. Kinds with content or behaviour are rendered by the component itself.
void apply_prop(Element& element, Style& style, std::string_view name, const json& value, const widget::PropSpec& prop) {
  switch (prop.kind) {
    case Kind::enumeration:
      if (is_enum_value(prop, value)) element.add_class("ck-" + kebab(name) + "-" + class_token(value.get<std::string>()));
      return;
    case Kind::boolean:
      if (value.is_boolean() && value.get<bool>()) element.add_class("ck-" + kebab(name));
      return;
    case Kind::number_or_string:
    case Kind::color:
    case Kind::spacing:
    case Kind::spacing_object:
    case Kind::border:
      add_style(style, name, value);
      return;
    case Kind::any:
    case Kind::string:
    case Kind::number:
    case Kind::number_or_auto:
    case Kind::icon:
    case Kind::border_edge:
    case Kind::widget_status:
    case Kind::action:
    case Kind::card_action:
    case Kind::editable:
    case Kind::select_options:
    case Kind::radio_options:
    case Kind::string_map:
    case Kind::chart_data:
    case Kind::chart_series:
    case Kind::chart_x_axis:
    case Kind::children:
    case Kind::child:
    case Kind::dynamic_children:
      return;
  }
}

}  // namespace

void apply_look(Element& element, const json& component, const widget::ComponentSpec& spec, Style style,
                std::span<const std::string_view> skip) {
  for (const auto& [name, value] : component.items()) {
    if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
    if (const widget::PropSpec* prop = widget::find_prop(spec, name)) apply_prop(element, style, name, value, *prop);
  }
  if (!style.empty()) element.set_style(style.build());
}

}  // namespace chatkit::render
