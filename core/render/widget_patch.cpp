#include "core/render/widget_patch.hpp"

#include "core/render/item.hpp"
#include "core/render/widget.hpp"
#include "core/widget/tree.hpp"

namespace chatkit::render {
namespace {

std::vector<PatchOp> replace_item(const WidgetItem& item, const WidgetContext& context) {
  std::vector<PatchOp> ops;
  ops.push_back(ReplaceOp{item.id, *render_item(ThreadItem(item), context.markdown)});
  return ops;
}

// Streamed text: appended to a plain Text (a `p` holding its value), re-rendered otherwise.
PatchOp value_delta_op(const json& component, const WidgetStreamingTextValueDelta& update, const WidgetContext& context) {
  const std::string key = component_key(context.item_id, update.component_id);
  const bool plain_text = component.value("type", "") == "Text" && !component.value("editable", json()).is_object();
  if (plain_text) return AppendTextOp{key, update.delta};
  return ReplaceOp{key, render_component(component, context)};
}

bool same_except(const json& before, const json& after, std::string_view skipped) {
  if (!before.is_object() || !after.is_object() || before.size() != after.size()) return false;
  for (auto it = before.begin(); it != before.end(); ++it) {
    if (it.key() == skipped) continue;
    const auto other = after.find(it.key());
    if (other == after.end() || *other != it.value()) return false;
  }
  return true;
}

bool is_plain_text(const json& component) {
  return component.is_object() && component.value("type", json()) == "Text" && component.value("value", json()).is_string() &&
         !component.value("editable", json()).is_object();
}

// A plain Text whose value only grew: its new text is appended.
std::optional<PatchOp> appended_text(const json& before, const json& after, const WidgetContext& context) {
  if (!is_plain_text(before) || !is_plain_text(after) || !same_except(before, after, "value")) return std::nullopt;
  const std::string& old_value = before["value"].get_ref<const std::string&>();
  const std::string& new_value = after["value"].get_ref<const std::string&>();
  const std::string key = key_of(after, context);
  if (key.empty() || !new_value.starts_with(old_value)) return std::nullopt;
  return AppendTextOp{key, new_value.substr(old_value.size())};
}

bool dom_diff(const json& before, const json& after, const WidgetContext& context, std::vector<PatchOp>& out);

// Children that line up one to one (an array of the same length, or a single component).
bool children_diff(const json& before, const json& after, const WidgetContext& context, std::vector<PatchOp>& out) {
  const json none;
  const json& a = before.contains("children") ? before["children"] : none;
  const json& b = after.contains("children") ? after["children"] : none;
  if (a.is_object() && b.is_object()) return dom_diff(a, b, context, out);
  if (!a.is_array() || !b.is_array() || a.size() != b.size()) return a == b;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!dom_diff(a[i], b[i], context, out)) return false;
  }
  return true;
}

// Appends the operations that turn the DOM of `before` into that of `after`; false when only
// replacing an ancestor can express the change.
bool dom_diff(const json& before, const json& after, const WidgetContext& context, std::vector<PatchOp>& out) {
  if (before == after) return true;
  std::vector<PatchOp> inner;
  if (same_except(before, after, "children") && children_diff(before, after, context, inner)) {
    for (PatchOp& op : inner) out.push_back(std::move(op));
    return true;
  }
  if (auto op = appended_text(before, after, context)) {
    out.push_back(std::move(*op));
    return true;
  }
  const std::string key = key_of(after, context);
  if (key.empty() || key != key_of(before, context) || !widget::is_component(after)) return false;
  out.push_back(ReplaceOp{key, render_component(after, context)});
  return true;
}

}  // namespace

std::vector<PatchOp> widget_update_ops(const WidgetItem& after, const WidgetContext& context,
                                       const std::set<std::string, std::less<>>& duplicates_before, const ThreadItemUpdate& update) {
  // Keys exist only for ids that are unique in the widget: if that set changes, so do keys elsewhere.
  std::vector<PatchOp> ops;
  if (const auto* u = std::get_if<WidgetComponentUpdated>(&update)) {
    if (duplicates_before != context.duplicate_ids || context.duplicate_ids.contains(u->component_id)) {
      return replace_item(after, context);
    }
    ops.push_back(ReplaceOp{component_key(after.id, u->component_id), render_component(u->component.value, context)});
  } else if (const auto* u = std::get_if<WidgetStreamingTextValueDelta>(&update)) {
    const json* component = widget::find_component(after.widget.value, u->component_id);
    if (duplicates_before != context.duplicate_ids || context.duplicate_ids.contains(u->component_id) || component == nullptr) {
      return replace_item(after, context);
    }
    if (!u->delta.empty()) ops.push_back(value_delta_op(*component, *u, context));
  } else {
    return replace_item(after, context);  // not a single-component update (widget.root.updated goes through widget_item_ops)
  }
  return ops;
}

std::vector<PatchOp> widget_item_ops(const WidgetItem& before, const WidgetItem& after, const MarkdownOptions& markdown) {
  const WidgetContext context = widget_context(after.widget.value, after.id, markdown);
  std::vector<PatchOp> ops;
  const bool same_keys = widget_context(before.widget.value, before.id).duplicate_ids == context.duplicate_ids;
  if (before.copy_text != after.copy_text || !same_keys || !dom_diff(before.widget.value, after.widget.value, context, ops)) {
    return replace_item(after, context);
  }
  return ops;
}

}  // namespace chatkit::render
