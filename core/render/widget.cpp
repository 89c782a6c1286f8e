#include "core/render/widget.hpp"

#include <algorithm>
#include <array>

#include "core/render/markdown.hpp"
#include "core/render/sanitize.hpp"
#include "core/render/widget_controls.hpp"
#include "core/render/widget_props.hpp"
#include "core/widget/catalogue.hpp"
#include "core/widget/tree.hpp"

namespace chatkit::render {
namespace {

using Render = Element (*)(const json& component, const WidgetContext& context);

const json& prop(const json& component, std::string_view name) {
  static const json kNull;
  const auto it = component.find(name);
  return it == component.end() ? kNull : *it;
}

std::string string_prop(const json& component, std::string_view name) {
  const json& value = prop(component, name);
  return value.is_string() ? value.get<std::string>() : std::string();
}

// The components of `children`: an array, or a single component (Transition, dynamic components).
std::vector<Node> render_children(const json& component, const WidgetContext& context) {
  std::vector<Node> out;
  const json& children = prop(component, "children");
  if (widget::is_component(children)) out.push_back(render_component(children, context));
  if (!children.is_array()) return out;
  for (const json& child : children) {
    if (widget::is_component(child)) out.push_back(render_component(child, context));
  }
  return out;
}

Element container(Tag tag, const json& component, const WidgetContext& context) {
  return el(tag).append(render_children(component, context));
}

// WidgetStatus: `div.ck-card-status` with its favicon or icon and its text.
std::optional<Element> status_element(const json& status) {
  if (!status.is_object()) return std::nullopt;
  Element element = el(Tag::div, "ck-card-status");
  if (const json& favicon = prop(status, "favicon"); favicon.is_string()) {
    Element image = el(Tag::img, "ck-status-favicon").set("src", favicon.get<std::string>()).set("alt", "");
    if (image.attr("src") != nullptr) element.append(std::move(image));
  }
  if (auto icon = icon_element(prop(status, "icon"))) element.append(std::move(*icon));
  element.append(el(Tag::span).append(Node(string_prop(status, "text"))));
  return element;
}

std::optional<Element> card_button(const json& card_action, std::string_view which, const WidgetContext& context) {
  if (!card_action.is_object()) return std::nullopt;
  Element button = el(Tag::button, "ck-button").add_class(which == "confirm" ? "ck-card-confirm" : "ck-card-cancel");
  button.set("type", "button").set("data-ck-card-action", std::string(which));
  set_action(button, prop(card_action, "action"), context);
  return button.append(Node(string_prop(card_action, "label")));
}

Element render_card(const json& component, const WidgetContext& context) {
  const bool as_form = prop(component, "asForm") == true;
  Element card = el(as_form ? Tag::form : Tag::div);
  if (as_form) card.set("data-ck-form", "");
  if (auto status = status_element(prop(component, "status"))) card.append(std::move(*status));
  card.append(render_children(component, context));
  auto cancel = card_button(prop(component, "cancel"), "cancel", context);
  auto confirm = card_button(prop(component, "confirm"), "confirm", context);
  if (cancel || confirm) {
    Element actions = el(Tag::div, "ck-card-actions");
    if (cancel) actions.append(std::move(*cancel));
    if (confirm) actions.append(std::move(*confirm));
    card.append(std::move(actions));
  }
  return card;
}

Element render_list_view(const json& component, const WidgetContext& context) {
  Element list = el(Tag::div).set("role", "list");
  const json& limit = prop(component, "limit");
  if (limit.is_number_integer() || limit == "auto") list.set("data-ck-limit", limit.is_string() ? "auto" : limit.dump());
  if (auto status = status_element(prop(component, "status"))) list.append(std::move(*status));
  return list.append(render_children(component, context));
}

Element render_list_view_item(const json& component, const WidgetContext& context) {
  Element item = container(Tag::div, component, context).set("role", "listitem");
  set_action(item, prop(component, "onClickAction"), context);
  if (item.attr("data-ck-action") != nullptr) item.set("tabindex", "0");
  return item;
}

Element render_box(const json& component, const WidgetContext& context) { return container(Tag::div, component, context); }

Element render_form(const json& component, const WidgetContext& context) {
  Element form = container(Tag::form, component, context).set("data-ck-form", "");
  set_action(form, prop(component, "onSubmitAction"), context);
  return form;
}

Element render_text(const json& component, const WidgetContext& context) {
  if (prop(component, "editable").is_object()) return render_editable_text(component, context);
  return el(Tag::p).append(Node(string_prop(component, "value")));
}

Element render_title(const json& component, const WidgetContext&) {
  return el(Tag::h2).append(Node(string_prop(component, "value")));
}

Element render_caption(const json& component, const WidgetContext&) {
  return el(Tag::p).append(Node(string_prop(component, "value")));
}

Element render_markdown_component(const json& component, const WidgetContext& context) {
  return el(Tag::div).append(render_markdown(string_prop(component, "value"), context.markdown));
}

Element render_badge(const json& component, const WidgetContext&) {
  return el(Tag::span).append(Node(string_prop(component, "label")));
}

Element render_divider(const json&, const WidgetContext&) { return el(Tag::hr); }

Element render_spacer(const json&, const WidgetContext&) { return el(Tag::div).set("aria-hidden", "true"); }

Element render_icon(const json& component, const WidgetContext&) {
  if (auto icon = icon_element(prop(component, "name"))) return std::move(*icon);
  return el(Tag::span).set("aria-hidden", "true");
}

Element render_image(const json& component, const WidgetContext&) {
  return el(Tag::img).set("src", string_prop(component, "src")).set("alt", string_prop(component, "alt"));
}

Element render_label(const json& component, const WidgetContext& context) {
  Element label = el(Tag::label).append(Node(string_prop(component, "value")));
  const std::string field = string_prop(component, "fieldName");
  if (!field.empty()) label.set("for", control_id(context.item_id, field));
  return label;
}

Element render_transition(const json& component, const WidgetContext& context) {
  return container(Tag::div, component, context);
}

std::string cell_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  return {};
}

// A Chart shows its data as a table: the x axis, then one column per series.
Element render_chart(const json& component, const WidgetContext&) {
  const json& axis = prop(component, "xAxis");
  const std::string x_key = axis.is_string() ? axis.get<std::string>() : string_prop(axis, "dataKey");
  const json& labels = prop(axis, "labels");
  const json& series = prop(component, "series");
  const json& data = prop(component, "data");
  Element head = el(Tag::tr).append(el(Tag::th).append(Node(x_key)));
  for (const json& s : series.is_array() ? series : json::array()) {
    const std::string label = string_prop(s, "label");
    head.append(el(Tag::th).append(Node(label.empty() ? string_prop(s, "dataKey") : label)));
  }
  Element body = el(Tag::tbody);
  for (const json& datum : data.is_array() ? data : json::array()) {
    const std::string x = cell_text(prop(datum, x_key));
    const std::string shown = labels.is_object() && prop(labels, x).is_string() ? labels[x].get<std::string>() : x;
    Element row = el(Tag::tr).append(el(Tag::td).append(Node(shown)));
    for (const json& s : series.is_array() ? series : json::array()) {
      row.append(el(Tag::td).append(Node(cell_text(prop(datum, string_prop(s, "dataKey"))))));
    }
    body.append(std::move(row));
  }
  Element table = el(Tag::table, "ck-chart-data").append(el(Tag::thead).append(std::move(head))).append(std::move(body));
  return el(Tag::div).set("role", "figure").append(std::move(table));
}

Element render_table(const json& component, const WidgetContext& context) {
  return el(Tag::table).append(container(Tag::tbody, component, context));
}

// A header row is `tr.ck-header`; its cells stay `td`, so that a cell renders the same wherever
// it is updated from.
Element render_table_row(const json& component, const WidgetContext& context) {
  return container(Tag::tr, component, context);
}

Element render_table_cell(const json& component, const WidgetContext& context) {
  Element cell = container(Tag::td, component, context);
  for (const auto& [prop_name, attribute] : {std::pair{"colSpan", "colspan"}, std::pair{"rowSpan", "rowspan"}}) {
    const json& span = prop(component, prop_name);
    if (span.is_number_integer()) cell.set(attribute, std::to_string(std::clamp<std::int64_t>(span.get<std::int64_t>(), 1, 1000)));
  }
  return cell;
}

struct Renderer {
  std::string_view type;
  Render render;
};

// Every catalogue component (widget_test checks the two lists agree).
constexpr std::array<Renderer, 30> kRenderers = {{
    {"Card", render_card},         {"ListView", render_list_view},
    {"ListViewItem", render_list_view_item}, {"Basic", render_box},
    {"Box", render_box},           {"Row", render_box},
    {"Col", render_box},           {"Form", render_form},
    {"Text", render_text},         {"Title", render_title},
    {"Caption", render_caption},   {"Markdown", render_markdown_component},
    {"Badge", render_badge},       {"Button", render_button},
    {"Divider", render_divider},   {"Spacer", render_spacer},
    {"Icon", render_icon},         {"Image", render_image},
    {"Select", render_select},     {"DatePicker", render_date_picker},
    {"Checkbox", render_checkbox}, {"Input", render_input},
    {"Textarea", render_textarea}, {"Label", render_label},
    {"RadioGroup", render_radio_group}, {"Transition", render_transition},
    {"Chart", render_chart},       {"Table", render_table},
    {"Table.Row", render_table_row}, {"Table.Cell", render_table_cell},
}};

Render find_renderer(std::string_view type) {
  for (const Renderer& renderer : kRenderers) {
    if (renderer.type == type) return renderer.render;
  }
  return nullptr;
}

// Style a component sets itself (beside the generic props): Divider lines, line clamps.
Style own_style(std::string_view type, const json& component) {
  Style style;
  if (type == "Divider") {
    style.add("border-top-width", css_length(prop(component, "size")));
    style.add("margin-block", css_spacing(prop(component, "spacing")));
    style.add("border-color", css_color(prop(component, "color")));
  }
  for (const auto& [name, property] : {std::pair{"maxLines", "--ck-max-lines"}, std::pair{"minLines", "--ck-min-lines"}}) {
    const json& lines = prop(component, name);
    if (lines.is_number_integer()) style.add_integer(property, std::clamp<std::int64_t>(lines.get<std::int64_t>(), 0, 1000));
  }
  return style;
}

// The ids of every component under `component` (children arrays and single children, as the
// tree walk goes), as views into the widget. One pass over each object's members: this runs on
// every widget update.
void collect_ids(const json& component, std::vector<std::string_view>& ids) {
  if (!component.is_object()) return;
  const json* id = nullptr;
  const json* children = nullptr;
  bool typed = false;
  for (auto it = component.begin(); it != component.end(); ++it) {
    const std::string& name = it.key();
    if (name == "type") typed = it->is_string();
    if (name == "id") id = &*it;
    if (name == "children") children = &*it;
  }
  if (!typed) return;
  if (id != nullptr && id->is_string()) ids.push_back(id->get_ref<const std::string&>());
  if (children == nullptr) return;
  if (children->is_array()) {
    for (const json& child : *children) collect_ids(child, ids);
  } else {
    collect_ids(*children, ids);
  }
}

}  // namespace

WidgetContext widget_context(const json& root, std::string_view item_id, const MarkdownOptions& markdown) {
  // Sorting views is far cheaper than a set of copied strings: this runs on every widget update.
  std::vector<std::string_view> ids;
  collect_ids(root, ids);
  std::sort(ids.begin(), ids.end());
  WidgetContext context{.item_id = std::string(item_id), .markdown = markdown};
  for (std::size_t i = 1; i < ids.size(); ++i) {
    if (ids[i] == ids[i - 1]) context.duplicate_ids.emplace(ids[i]);
  }
  return context;
}

std::string component_key(std::string_view item_id, std::string_view component_id) {
  return std::string(item_id) + "/" + std::string(component_id);
}

std::string key_of(const json& component, const WidgetContext& context) {
  const std::string id = string_prop(component, "id");
  if (id.empty() || context.duplicate_ids.contains(id)) return {};
  return component_key(context.item_id, id);
}

Node render_component(const json& component, const WidgetContext& context) {
  const std::string type = string_prop(component, "type");
  const Render render = find_renderer(type);
  const widget::ComponentSpec* spec = widget::find_spec(type);
  if (render == nullptr || spec == nullptr) {
    return container(Tag::div, component, context).add_class("ck-unknown").with_key(key_of(component, context));
  }
  Element element = render(component, context);
  element.add_class("ck-" + kebab(type));
  // A Divider's size, spacing and colour are its line's (own_style), not a box's.
  static constexpr std::array<std::string_view, 3> kDividerOwn = {"size", "spacing", "color"};
  apply_look(element, component, *spec, own_style(type, component),
             type == "Divider" ? std::span<const std::string_view>(kDividerOwn) : std::span<const std::string_view>());
  return element.with_key(key_of(component, context));
}

Node render_widget(const json& root, std::string_view item_id, const MarkdownOptions& markdown) {
  if (!widget::is_component(root)) return el(Tag::div, "ck-unknown");
  return render_component(root, widget_context(root, item_id, markdown));
}

}  // namespace chatkit::render
