#include "core/widget/validate.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/icons.hpp"
#include "core/json_io.hpp"
#include "core/widget/catalogue.hpp"

namespace chatkit::widget {
namespace {

// Deeper trees are refused rather than walked, so validation never exhausts the stack.
constexpr int kMaxDepth = 256;

// The state of one validation: the issues so far and the ids seen (id → path of first use).
struct Walk {
  Strictness strictness = Strictness::lenient;
  std::vector<Issue> issues;
  std::map<std::string, std::string> ids;
  void add(std::string path, std::string message) { issues.push_back({std::move(path), std::move(message)}); }
};

// Where a value stands: its path, its name, the component or shape that holds it, and the depth
// (in components) of the component it belongs to.
struct Where {
  std::string path;
  std::string_view name;
  std::string_view owner;
  int depth = 1;
};

std::string field_path(const std::string& path, std::string_view key) { return path + "." + std::string(key); }
std::string index_path(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }


std::string joined(std::span<const std::string_view> values) {
  std::string out;
  for (std::string_view value : values) {
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out;
}

// Reports a value of the wrong kind; `what` describes the kinds allowed.
void wrong(std::string_view what, const json& v, const Where& at, Walk& w) {
  w.add(at.path, "'" + std::string(at.name) + "' of " + std::string(at.owner) + " must be " + std::string(what) +
                     ", got " + std::string(json_kind(v)));
}
void expect(bool ok, std::string_view what, const json& v, const Where& at, Walk& w) {
  if (!ok) wrong(what, v, at, w);
}

void check_fields(const json& object, std::span<const Props> groups, std::string_view owner, const std::string& path,
                  int depth, Walk& w);
void check_child(const json& value, const std::string& path, std::string_view parent_type, int depth, Walk& w);

void check_shape(const json& v, Shape shape, const Where& at, Walk& w) {
  const Props fields[] = {shape_fields(shape)};
  check_fields(v, fields, shape_name(shape), at.path, at.depth, w);
}

// A value that must be an object of `shape` (no scalar form).
void check_object_of(Shape shape, std::string_view what, const json& v, const Where& at, Walk& w) {
  if (v.is_object()) return check_shape(v, shape, at, w);
  wrong(what, v, at, w);
}

// A value that is either a scalar accepted by `scalar_ok`, or an object of `shape`.
void check_scalar_or_shape(bool scalar_ok, Shape shape, std::string_view what, const json& v, const Where& at,
                           Walk& w) {
  if (!scalar_ok) check_object_of(shape, what, v, at, w);
}

void check_enumeration(const json& v, std::span<const std::string_view> values, const Where& at, Walk& w) {
  if (v.is_string()) {
    for (std::string_view value : values) {
      if (v.get_ref<const std::string&>() == value) return;
    }
  }
  w.add(at.path, "'" + std::string(at.name) + "' of " + std::string(at.owner) + " must be one of " + joined(values) +
                     "; got " + json_excerpt(v));
}

void check_icon(const json& v, const Where& at, Walk& w) {
  if (v.is_string() && is_icon_name(v.get_ref<const std::string&>())) return;
  w.add(at.path, "'" + std::string(at.name) + "' of " + std::string(at.owner) +
                     " must be an icon name (Appendix A), got " + json_excerpt(v));
}

void check_border(const json& v, const Where& at, Walk& w) {
  // A Border always carries its `size`; a Borders object names sides instead.
  const Shape shape = v.is_object() && v.contains("size") ? Shape::border : Shape::borders;
  check_scalar_or_shape(v.is_number(), shape, "a number, a Border or a Borders object", v, at, w);
}

// Each non-null element of an array, with its own path and name.
template <class F>
void for_each_element(const json& v, std::string_view what, const Where& at, Walk& w, F&& check) {
  if (!v.is_array()) return wrong(what, v, at, w);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].is_null()) continue;  // the wire drops nulls from arrays
    const std::string name = std::string(at.name) + "[" + std::to_string(i) + "]";
    check(v[i], Where{index_path(at.path, i), name, at.owner, at.depth});
  }
}

void check_options(const json& v, Shape shape, const Where& at, Walk& w) {
  const std::string what = "an array of " + std::string(shape_name(shape)) + " objects";
  for_each_element(v, what, at, w, [&](const json& option, const Where& in) {
    if (option.is_object()) return check_shape(option, shape, in, w);
    wrong("a " + std::string(shape_name(shape)) + " object", option, in, w);
  });
}

// Each value of an object, with `ok` telling whether it is acceptable.
template <class Ok>
void check_values(const json& v, std::string_view what, const Where& at, Walk& w, Ok&& ok) {
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it->is_null() || ok(*it)) continue;
    wrong(what, *it, Where{field_path(at.path, it.key()), it.key(), at.owner, at.depth}, w);
  }
}

void check_string_map(const json& v, const Where& at, Walk& w) {
  if (!v.is_object()) return wrong("an object of strings", v, at, w);
  check_values(v, "a string", at, w, [](const json& value) { return value.is_string(); });
}

void check_chart_data(const json& v, const Where& at, Walk& w) {
  for_each_element(v, "an array of data rows", at, w, [&](const json& row, const Where& in) {
    if (!row.is_object()) return wrong("an object mapping fields to strings or numbers", row, in, w);
    check_values(row, "a string or a number", in, w,
                 [](const json& value) { return value.is_string() || value.is_number(); });
  });
}

constexpr std::string_view kSeriesTypes[] = {"bar", "area", "line"};
constexpr Shape kSeriesShapes[] = {Shape::bar_series, Shape::area_series, Shape::line_series};

void check_series(const json& series, const Where& at, Walk& w) {
  if (!series.is_object()) return wrong("a series object", series, at, w);
  const auto type = series.find("type");
  for (std::size_t i = 0; i < std::size(kSeriesTypes); ++i) {
    if (type != series.end() && type->is_string() && type->get_ref<const std::string&>() == kSeriesTypes[i]) {
      return check_shape(series, kSeriesShapes[i], at, w);
    }
  }
  const json got = type == series.end() ? json() : *type;
  check_enumeration(got, kSeriesTypes, Where{field_path(at.path, "type"), "type", "Series", at.depth}, w);
}

void check_chart_series(const json& v, const Where& at, Walk& w) {
  for_each_element(v, "an array of series", at, w, [&](const json& s, const Where& in) { check_series(s, in, w); });
}

// Children: each is checked in its place, one component deeper.
void check_children(const json& v, const Where& at, Walk& w) {
  if (!v.is_array()) return wrong("an array of components", v, at, w);
  for (std::size_t i = 0; i < v.size(); ++i) check_child(v[i], index_path(at.path, i), at.owner, at.depth + 1, w);
}

void check_single_child(const json& v, const Where& at, Walk& w) {
  if (!v.is_object()) return wrong("a single component object", v, at, w);
  check_child(v, at.path, at.owner, at.depth + 1, w);
}

void check_dynamic_children(const json& v, const Where& at, Walk& w) {
  if (v.is_array()) return check_children(v, at, w);
  if (v.is_object()) return check_single_child(v, at, w);
  wrong("a component or an array of components", v, at, w);
}

void check_value(const json& v, const PropSpec& prop, const Where& at, Walk& w) {
  switch (prop.kind) {
    case Kind::any: return;
    case Kind::string: return expect(v.is_string(), "a string", v, at, w);
    case Kind::boolean: return expect(v.is_boolean(), "a boolean", v, at, w);
    case Kind::number: return expect(v.is_number(), "a number", v, at, w);
    case Kind::number_or_string: return expect(v.is_number() || v.is_string(), "a number or a string", v, at, w);
    case Kind::number_or_auto: return expect(v.is_number() || v == "auto", "a number or \"auto\"", v, at, w);
    case Kind::enumeration: return check_enumeration(v, prop.values, at, w);
    case Kind::icon: return check_icon(v, at, w);
    case Kind::color:
      return check_scalar_or_shape(v.is_string(), Shape::theme_color, "a color string or a ThemeColor", v, at, w);
    case Kind::spacing:
      return check_scalar_or_shape(v.is_number() || v.is_string(), Shape::spacing,
                                   "a number, a string or a Spacing object", v, at, w);
    case Kind::spacing_object: return check_object_of(Shape::spacing, "a Spacing object", v, at, w);
    case Kind::border: return check_border(v, at, w);
    case Kind::border_edge:
      return check_scalar_or_shape(v.is_number(), Shape::border, "a number or a Border object", v, at, w);
    case Kind::widget_status:
      return check_object_of(Shape::widget_status, "a WidgetStatus object", v, at, w);
    case Kind::action: return check_object_of(Shape::action_config, "an ActionConfig object", v, at, w);
    case Kind::card_action: return check_object_of(Shape::card_action, "a CardAction object", v, at, w);
    case Kind::editable:
      return check_scalar_or_shape(v == false, Shape::editable, "false or an EditableProps object", v, at, w);
    case Kind::select_options: return check_options(v, Shape::select_option, at, w);
    case Kind::radio_options: return check_options(v, Shape::radio_option, at, w);
    case Kind::string_map: return check_string_map(v, at, w);
    case Kind::chart_data: return check_chart_data(v, at, w);
    case Kind::chart_series: return check_chart_series(v, at, w);
    case Kind::chart_x_axis:
      return check_scalar_or_shape(v.is_string(), Shape::x_axis, "a dataKey string or an XAxis object", v, at, w);
    case Kind::children: return check_children(v, at, w);
    case Kind::child: return check_single_child(v, at, w);
    case Kind::dynamic_children: return check_dynamic_children(v, at, w);
  }
}

// Required props first, then every known prop present. Nulls count as absent; unknown props are
// left alone.
void check_fields(const json& object, std::span<const Props> groups, std::string_view owner, const std::string& path,
                  int depth, Walk& w) {
  for (Props group : groups) {
    for (const PropSpec& prop : group) {
      const auto it = object.find(prop.name);
      if (prop.need == Need::required && (it == object.end() || it->is_null())) {
        w.add(field_path(path, prop.name),
              std::string(owner) + " is missing required '" + std::string(prop.name) + "'");
      }
    }
  }
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it->is_null()) continue;
    const PropSpec* prop = nullptr;
    for (Props group : groups) {
      if ((prop = find_field(group, it.key())) != nullptr) break;
    }
    if (prop != nullptr) check_value(*it, *prop, Where{field_path(path, it.key()), prop->name, owner, depth}, w);
  }
}

// Placement rules of the catalogue, for a component of `type` directly inside `parent_type`.
void check_placement(std::string_view type, std::string_view parent_type, const std::string& path, Walk& w) {
  const ComponentSpec* parent = find_spec(parent_type);
  const ComponentSpec* spec = find_spec(type);
  const std::string name(type);
  if (parent != nullptr && !parent->placement.only_child.empty() && type != parent->placement.only_child) {
    w.add(path, std::string(parent_type) + " children must be " + std::string(parent->placement.only_child) +
                    ", not '" + name + "'");
  } else if (spec != nullptr && !spec->placement.only_parent.empty() && parent_type != spec->placement.only_parent) {
    w.add(path, name + " may only stand directly inside a " + std::string(spec->placement.only_parent));
  } else if (spec != nullptr && spec->placement.root && (parent == nullptr || !parent->placement.holds_roots)) {
    w.add(path, name + " may only be the widget root or a child of Basic");
  }
}

void check_id(const json& component, const std::string& path, Walk& w) {
  const auto id = component.find("id");
  if (id == component.end() || !id->is_string()) return;
  const auto [first, inserted] = w.ids.emplace(id->get<std::string>(), path);
  if (!inserted)
    w.add(path + ".id", "duplicate component id '" + first->first + "' (first used at " + first->second + ")");
}

// A component whose `type` is a string: its id, then its props by the catalogue (or as dynamic).
bool is_component(const json& v) { return v.is_object() && v.contains("type") && v["type"].is_string(); }

// `children` is an unknown prop of a component whose spec lists none (Text, Button, ...), so it is
// never reported; but the components in it are still components of the widget (tree.hpp walks
// them, and so does action validation), so they are checked all the same.
void check_stray_children(const json& component, const std::string& path, int depth, Walk& w) {
  const auto children = component.find("children");
  if (children == component.end()) return;
  const std::string_view type = component["type"].get_ref<const std::string&>();
  if (is_component(*children)) return check_child(*children, path + ".children", type, depth + 1, w);
  if (!children->is_array()) return;
  for (std::size_t i = 0; i < children->size(); ++i) {
    const json& child = (*children)[i];
    if (is_component(child)) check_child(child, index_path(path + ".children", i), type, depth + 1, w);
  }
}

// Strict mode: a prop the component's spec does not list (`type` aside) is refused, nulls included
// (the official types have no such key at all).
void check_unknown_props(const json& component, const ComponentSpec& spec, std::string_view type,
                         const std::string& path, Walk& w) {
  for (auto it = component.begin(); it != component.end(); ++it) {
    if (it.key() == "type") continue;
    // std::any_of, not std::ranges: Emscripten's libc++ 13 has no ranges algorithms.
    const bool known = std::any_of(spec.props.begin(), spec.props.end(),
                                   [&](Props group) { return find_field(group, it.key()) != nullptr; });
    if (!known) {
      w.add(field_path(path, it.key()), "'" + it.key() + "' is not a prop of " + std::string(type) +
                                            " (strict mode: only the catalogue's props)");
    }
  }
}

void check_component(const json& component, const std::string& path, int depth, Walk& w) {
  check_id(component, path, w);
  const std::string& type = component["type"].get_ref<const std::string&>();
  const ComponentSpec* spec = find_spec(type);
  if (spec != nullptr && w.strictness == Strictness::strict) check_unknown_props(component, *spec, type, path, w);
  check_fields(component, (spec != nullptr ? *spec : dynamic_spec()).props, type, path, depth, w);
  if (spec != nullptr && find_prop(*spec, "children") == nullptr) check_stray_children(component, path, depth, w);
}

void check_child(const json& value, const std::string& path, std::string_view parent_type, int depth, Walk& w) {
  if (value.is_null()) return;  // the wire drops nulls from arrays
  if (depth > kMaxDepth) return w.add(path, "nesting deeper than " + std::to_string(kMaxDepth) + " components");
  if (!value.is_object()) return w.add(path, "component must be an object, got " + std::string(json_kind(value)));
  const auto type = value.find("type");
  if (type == value.end() || !type->is_string()) return w.add(path + ".type", "component has no string type");
  check_placement(type->get_ref<const std::string&>(), parent_type, path, w);
  check_component(value, path, depth, w);
}

void check_root(const json& root, Walk& w) {
  if (!root.is_object()) return w.add("$", "widget root must be an object, got " + std::string(json_kind(root)));
  const auto type = root.find("type");
  if (type == root.end() || !type->is_string()) return w.add("$.type", "widget root has no string type");
  const std::string& name = type->get_ref<const std::string&>();
  if (!is_root_type(name)) w.add("$.type", "'" + name + "' cannot be a widget root (roots are Card, ListView, Basic)");
  check_component(root, "$", 1, w);
}

}  // namespace

std::vector<Issue> validate(const json& root, Strictness strictness) {
  Walk walk;
  walk.strictness = strictness;
  check_root(root, walk);
  return std::move(walk.issues);
}

Status check(const json& root, Strictness strictness) {
  const std::vector<Issue> issues = validate(root, strictness);
  if (issues.empty()) return ok_status();
  return make_error(ErrorCode::invalid_widget, issues.front().message, issues.front().path);
}

}  // namespace chatkit::widget
