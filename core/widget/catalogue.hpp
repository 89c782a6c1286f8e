#pragma once
// The widget component catalogue (docs/PROTOCOL.md §5.2, §5.5): every component, its props, their
// kinds and enum values, which props are required, which are actions, and where a component may
// stand (roots, ListView children). Unknown props are allowed and kept untouched.
#include <span>
#include <string_view>

namespace chatkit::widget {

// What a prop (or a field of a shared value type) may hold. Validation dispatches on it.
enum class Kind {
  any,  // any JSON (an action payload)
  string,
  boolean,
  // Numbers are never restricted to whole ones: @openai/chatkit's widgets.d.ts types every numeric prop
  // `number` (flex: 0.5, gap: 1.5, maxLines: 2.5 all type-check there), and the catalogue accepts what
  // the official types accept.
  number,
  number_or_string,  // px number or CSS string
  number_or_auto,    // ListView.limit
  enumeration,       // one of PropSpec::values
  icon,              // IconName (Appendix A)
  color,             // string or ThemeColor
  spacing,           // number, string or Spacing
  spacing_object,    // Spacing only
  border,            // number, Border or Borders
  border_edge,       // number or Border (a side of Borders)
  widget_status,     // WidgetStatus
  action,            // ActionConfig
  card_action,       // CardAction {label, action}
  editable,          // Text.editable: false or EditableProps
  select_options,    // [SelectOption]
  radio_options,     // [RadioOption]
  string_map,        // object of string values (XAxis.labels)
  chart_data,        // [object of string|number]
  chart_series,      // [BarSeries|AreaSeries|LineSeries], by `type`
  chart_x_axis,      // dataKey string or XAxis
  children,          // array of components
  child,             // a single component (Transition)
  dynamic_children,  // a component or an array of components (dynamic components)
};

enum class Need { optional, required };

struct PropSpec {
  std::string_view name;
  Kind kind;
  Need need = Need::optional;
  std::span<const std::string_view> values = {};  // Kind::enumeration only
};
using Props = std::span<const PropSpec>;

// The object-shaped value types of §5.2/§5.3/§5.5, described with the same PropSpec tables.
enum class Shape {
  theme_color,
  spacing,
  border,
  borders,
  widget_status,
  action_config,
  card_action,
  editable,
  select_option,
  radio_option,
  x_axis,
  bar_series,
  area_series,
  line_series,
};
std::string_view shape_name(Shape shape);  // "ThemeColor", "ActionConfig", ...
Props shape_fields(Shape shape);

// The kind of value a named control contributes to a form (§5.4); none for other components.
enum class Control { none, input, textarea, select, date_picker, checkbox, radio_group, editable_text };

// Where a component may stand.
struct Placement {
  bool root = false;                  // may be the widget root (Card, ListView, Basic)
  bool holds_roots = false;           // roots may stand among its children (Basic)
  std::string_view only_child = {};   // every child must be of this type (ListView → ListViewItem)
  std::string_view only_parent = {};  // stands only directly inside this type (ListViewItem → ListView)
};

struct ComponentSpec {
  std::string_view type;
  std::span<const Props> props;  // prop groups; `type` itself is not listed
  Placement placement = {};
  Control control = Control::none;
};

// nullptr for a type the catalogue does not know (a dynamic component, accepted as is).
const ComponentSpec* find_spec(std::string_view type);
bool is_root_type(std::string_view type);  // Card, ListView, Basic
std::span<const ComponentSpec> all_specs();
// What is checked of a dynamic component: `id`, `key`, and `children` (one component or an array).
const ComponentSpec& dynamic_spec();

// The spec of `name` among the component's props, or nullptr for an unknown prop.
const PropSpec* find_prop(const ComponentSpec& spec, std::string_view name);
const PropSpec* find_field(Props fields, std::string_view name);

}  // namespace chatkit::widget
