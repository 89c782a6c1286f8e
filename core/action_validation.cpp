#include "core/action_validation.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "core/json_io.hpp"
#include "core/widget/tree.hpp"
#include "core/protocol/widget_json.hpp"
#include "core/widget/catalogue.hpp"

namespace chatkit {
namespace {

using widget::Control;
using widget::Kind;

// As in widget validation: components nested deeper than this offer nothing.
constexpr int kMaxDepth = 256;

// One ActionConfig the widget offers.
struct Offer {
  std::string path;  // JSON path of the ActionConfig
  const json* config;
  const json* scope;    // the Form or asForm Card whose values the client merges, or nullptr
  const json* control;  // the control whose own change fires the action, or nullptr
};

// Named controls of a form by name (several controls may share one).
using Fields = std::map<std::string, std::vector<const json*>, std::less<>>;

// Why one offer does not match. `payload_matched`: the configured keys matched and only form
// values were wrong, which makes the offer the one the client most likely meant.
struct Mismatch {
  std::string reason;
  std::string path;
  bool payload_matched = false;
};

std::string_view string_at(const json& object, std::string_view key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>()) : "";
}
bool flag_at(const json& object, std::string_view key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}
bool opens_form(const json& c) {
  const std::string_view type = string_at(c, "type");
  return type == "Form" || (type == "Card" && flag_at(c, "asForm"));
}


// ---- Walking the widget ---------------------------------------------------------------------

struct Visit {
  const json* component;
  std::string path;
  const json* scope;  // the form the component stands in
  int depth;
};

void push_children(const Visit& parent, std::vector<Visit>& stack) {
  const json& c = *parent.component;
  const auto children = c.find("children");
  if (children == c.end() || parent.depth >= kMaxDepth) return;
  const json* scope = opens_form(c) ? &c : parent.scope;
  if (children->is_object() && widget::is_component(*children)) {
    stack.push_back({&*children, parent.path + ".children", scope, parent.depth + 1});
  } else if (children->is_array()) {
    for (std::size_t i = children->size(); i-- > 0;) {  // reversed, so that children pop in order
      const json& child = (*children)[i];
      if (widget::is_component(child)) {
        stack.push_back({&child, parent.path + ".children[" + std::to_string(i) + "]", scope, parent.depth + 1});
      }
    }
  }
}

// Pre-order over every component with its path and its own form scope; iterative, so that deep
// widgets cannot exhaust the stack.
template <class F>
void walk(const json& root, F&& visit) {
  if (!widget::is_component(root)) return;
  std::vector<Visit> stack{{&root, "$", nullptr, 1}};
  while (!stack.empty()) {
    const Visit current = std::move(stack.back());
    stack.pop_back();
    visit(*current.component, current.path, opens_form(*current.component) ? current.component : current.scope);
    push_children(current, stack);
  }
}

// The ActionConfigs of one component, as the catalogue places them.
void add_offers(const json& c, const std::string& path, const json* scope, std::vector<Offer>& out) {
  const widget::ComponentSpec* spec = widget::find_spec(string_at(c, "type"));
  if (spec == nullptr) return;  // a dynamic component: what its props mean is unknown
  for (widget::Props group : spec->props) {
    for (const widget::PropSpec& prop : group) {
      const auto it = c.find(prop.name);
      if (it == c.end() || !it->is_object()) continue;
      const std::string prop_path = path + "." + std::string(prop.name);
      if (prop.kind == Kind::action) {
        // A control's own action fires on its change, and carries its value.
        out.push_back({prop_path, &*it, scope, spec->control != Control::none ? &c : nullptr});
      } else if (prop.kind == Kind::card_action) {
        const auto action = it->find("action");
        if (action != it->end() && action->is_object()) {
          out.push_back({prop_path + ".action", &*action, scope, nullptr});
        }
      }
    }
  }
}

std::vector<Offer> collect_offers(const json& widget) {
  std::vector<Offer> offers;
  walk(widget, [&](const json& c, const std::string& path, const json* scope) { add_offers(c, path, scope, offers); });
  return offers;
}

// ---- Form values ----------------------------------------------------------------------------

Control control_of(const json& c) {
  const widget::ComponentSpec* spec = widget::find_spec(string_at(c, "type"));
  return spec != nullptr ? spec->control : Control::none;
}

std::string_view control_name(const json& c) {
  if (control_of(c) != Control::editable_text) return string_at(c, "name");
  const auto editable = c.find("editable");
  return editable != c.end() && editable->is_object() ? string_at(*editable, "name") : "";
}

void add_field(const json& c, Fields& fields) {
  const std::string_view name = control_name(c);
  if (control_of(c) == Control::none || name.empty()) return;
  auto& controls = fields[std::string(name)];
  if (std::find(controls.begin(), controls.end(), &c) == controls.end()) controls.push_back(&c);
}

Fields form_fields(const Offer& offer) {
  Fields fields;
  if (offer.scope != nullptr) {
    walk(*offer.scope, [&](const json& c, const std::string&, const json*) { add_field(c, fields); });
  }
  if (offer.control != nullptr) add_field(*offer.control, fields);
  return fields;
}

// Whether a control's value may be null (a clearable select).
enum class Clearing { refused, allowed };

std::optional<std::string> option_problem(const json& control, const json& value, const std::string& field,
                                          Clearing clearing) {
  if (value.is_null() && clearing == Clearing::allowed) return std::nullopt;
  std::string values;
  const auto options = control.find("options");
  if (options != control.end() && options->is_array()) {
    for (const json& option : *options) {
      if (!option.is_object() || !option.contains("value")) continue;
      if (value.is_string() && option["value"] == value) return std::nullopt;
      if (values.size() < 200) values += (values.empty() ? "" : ", ") + json_excerpt(option["value"]);
    }
  }
  return field + " must be one of the options of its " + std::string(string_at(control, "type")) + " (" + values + ")";
}

std::optional<std::string> expect_value(bool ok, const std::string& field, std::string_view what) {
  if (ok) return std::nullopt;
  return field + " must be " + std::string(what);
}

// Whether `value` is something `control` can put into a payload under `name`.
std::optional<std::string> value_problem(const json& control, const json& value, const std::string& name) {
  const std::string field = "form field '" + name + "'";
  const bool clearable = flag_at(control, "clearable");
  switch (control_of(control)) {
    case Control::none: return field + " is not a form control";
    case Control::input:
      if (string_at(control, "inputType") == "number") {
        return expect_value(value.is_string() || value.is_number(), field, "a string or a number");
      }
      return expect_value(value.is_string(), field, "a string");
    case Control::textarea: return expect_value(value.is_string(), field, "a string");
    case Control::editable_text: return expect_value(value.is_string(), field, "a string");
    case Control::date_picker:
      return expect_value(value.is_string() || (clearable && value.is_null()), field, "a date string");
    case Control::checkbox: return expect_value(value.is_boolean(), field, "a boolean");
    case Control::select: return option_problem(control, value, field, clearable ? Clearing::allowed : Clearing::refused);
    case Control::radio_group: return option_problem(control, value, field, Clearing::refused);
  }
  return field + " is not a form control";
}

bool names_field(const Fields& fields, const std::string& name) {
  if (fields.contains(name)) return true;
  const auto next = fields.lower_bound(name + ".");
  return next != fields.end() && next->first.starts_with(name + ".");
}

// One payload entry that the configured payload does not set: a form value, by (dotted) name.
std::optional<std::string> form_value_problem(const std::string& name, const json& value, const Fields& fields,
                                              bool in_form) {
  if (const auto it = fields.find(name); it != fields.end()) {
    std::optional<std::string> first;
    for (const json* control : it->second) {
      auto problem = value_problem(*control, value, name);
      if (!problem) return std::nullopt;
      if (!first) first = std::move(problem);
    }
    return first;
  }
  // Dotted names ("todo.title") arrive as nested objects.
  if (value.is_object() && names_field(fields, name)) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (auto problem = form_value_problem(name + "." + it.key(), *it, fields, in_form)) return problem;
    }
    return std::nullopt;
  }
  return "unknown form field '" + name + "'" +
         (in_form ? ": the action's form has no control of that name" : ": the action is not fired from a form");
}

// ---- Matching one offer ---------------------------------------------------------------------

std::optional<std::string> configured_mismatch(const json& configured, const json& incoming, const Fields& fields) {
  if (!configured.is_object()) {  // compared whole; no form values can be merged into it
    if (incoming == configured) return std::nullopt;
    return "the payload is " + json_excerpt(incoming) + ", the widget offers " + json_excerpt(configured);
  }
  if (!incoming.is_object()) return "the payload must be an object, got " + std::string(json_kind(incoming));
  for (auto want = configured.begin(); want != configured.end(); ++want) {
    const auto got = incoming.find(want.key());
    if (got == incoming.end()) return "key '" + want.key() + "' is missing";
    if (*got == *want) continue;
    return "key '" + want.key() + "' is " + json_excerpt(*got) + ", the widget offers " + json_excerpt(*want) +
           (names_field(fields, want.key()) ? " (a form value never replaces a key the widget sets)" : "");
  }
  return std::nullopt;
}

std::optional<Mismatch> match(const Offer& offer, const json& payload) {
  // The client only ever saw the payload with its nulls stripped (§0.1); null ≡ {}.
  const auto it = offer.config->find("payload");
  json configured = it != offer.config->end() ? strip_widget_nulls(*it) : json();
  if (configured.is_null()) configured = json::object();
  const json incoming = payload.is_null() && configured.is_object() ? json::object() : payload;
  const Fields fields = form_fields(offer);
  if (auto reason = configured_mismatch(configured, incoming, fields)) {
    return Mismatch{"payload differs from the offered action at " + offer.path + ": " + *reason, offer.path};
  }
  if (!configured.is_object()) return std::nullopt;
  for (auto entry = incoming.begin(); entry != incoming.end(); ++entry) {
    if (configured.contains(entry.key())) continue;
    if (auto problem = form_value_problem(entry.key(), *entry, fields, offer.scope != nullptr)) {
      return Mismatch{std::move(*problem), offer.path, true};
    }
  }
  return std::nullopt;
}

bool server_handled(const json& config) {
  const auto handler = config.find("handler");
  return handler == config.end() || handler->is_null() || *handler == "server";
}

Error refuse(std::string reason, std::string path = {}) {
  return make_error(ErrorCode::action_refused, std::move(reason), std::move(path));
}

}  // namespace

Result<OfferedAction> validate_action(const json& widget, const Action& action) {
  bool client_handled = false;
  std::optional<Mismatch> best;
  for (const Offer& offer : collect_offers(widget)) {
    if (string_at(*offer.config, "type") != action.type || action.type.empty()) continue;
    if (!server_handled(*offer.config)) {
      client_handled = true;
      continue;
    }
    auto mismatch = match(offer, action.payload);
    if (!mismatch) return OfferedAction{offer.path, *offer.config};
    if (!best || (mismatch->payload_matched && !best->payload_matched)) best = std::move(mismatch);
  }
  if (best) return refuse(std::move(best->reason), std::move(best->path));
  if (client_handled) return refuse("action '" + action.type + "' is handled by the client");
  return refuse("the widget offers no action of type '" + action.type + "'");
}

Result<OfferedAction> validate_action(const ThreadItem& sender, const Action& action) {
  if (const auto* item = std::get_if<WidgetItem>(&sender)) return validate_action(item->widget.value, action);
  return refuse("item " + item_base(sender).id + " is a " + std::string(item_type(sender)) + ", not a widget");
}

}  // namespace chatkit
