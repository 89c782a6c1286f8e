#include "core/widget/diff.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json_io.hpp"
#include "core/protocol/widget_json.hpp"
#include "core/widget/tree.hpp"

namespace chatkit::widget {

namespace {

// ---------------------------------------------------------------------------------------------
// Shared helpers

const json& null_json() {
  static const json kNull;
  return kNull;
}

// A prop of a component; absent (or a non-object node) reads as null, since absent ≡ null.
const json& prop(const json& node, const char* name) {
  if (!node.is_object()) return null_json();
  auto it = node.find(name);
  return it == node.end() ? null_json() : *it;
}

// A non-empty string `id`, the only kind an update can address.
std::optional<std::string> id_of(const json& node) {
  const json& id = prop(node, "id");
  if (!id.is_string() || id.get_ref<const std::string&>().empty()) return std::nullopt;
  return id.get<std::string>();
}

bool starts_with(const json& value, const json& prefix) {
  const auto& v = value.get_ref<const std::string&>();
  const auto& p = prefix.get_ref<const std::string&>();
  return v.size() >= p.size() && v.compare(0, p.size(), p) == 0;
}

// §6.2: a Text or Markdown whose value is a string.
bool is_streaming_text(const json& node) {
  const json& type = prop(node, "type");
  return (type == "Text" || type == "Markdown") && prop(node, "value").is_string();
}

// `done` of a value delta reflects the after component's flag (§6.3): true unless streaming.
bool stream_done(const json& after) { return !(prop(after, "streaming") == true); }

std::size_t wire_size(const WidgetUpdate& update) { return to_wire(encode_widget_update(update)).size(); }

// A lower bound of to_wire(value).size() (escapes and number digits only add), computed without
// serializing and abandoned as soon as it passes `cap`.
std::size_t wire_size_at_least(const json& value, std::size_t cap) {
  switch (value.type()) {
    case json::value_t::string: return value.get_ref<const std::string&>().size() + 2;
    case json::value_t::object: {
      std::size_t size = 1 + value.size();  // braces and commas
      for (auto it = value.begin(); it != value.end() && size <= cap; ++it) {
        size += it.key().size() + 3 + wire_size_at_least(*it, cap - std::min(cap, size));
      }
      return size;
    }
    case json::value_t::array: {
      std::size_t size = 1 + std::max<std::size_t>(value.size(), 1);
      for (auto it = value.begin(); it != value.end() && size <= cap; ++it) {
        size += wire_size_at_least(*it, cap - std::min(cap, size));
      }
      return size;
    }
    default: return 1;
  }
}

// Whether `patch_bytes` is no more than the size of replacing with `update`, serializing the
// replacement only when its cheap lower bound cannot decide.
bool no_larger_than(std::size_t patch_bytes, const json& replacement_value, const WidgetUpdate& update) {
  if (wire_size_at_least(replacement_value, patch_bytes) > patch_bytes) return true;
  return patch_bytes <= wire_size(update);
}

// ---------------------------------------------------------------------------------------------
// Reference mode: docs/PROTOCOL.md §6.2, step 1 (needs_replace)

bool needs_replace(const json& before, const json& after);

// Only `children` holds components; an unequal pair there is compatible when both are components
// that need no replacement. Arrays must match in length and element by element.
bool children_compatible(const json& before, const json& after) {
  if (before.is_array() && after.is_array()) {
    if (before.size() != after.size()) return false;
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (!children_compatible(before[i], after[i])) return false;
    }
    return true;
  }
  if (before == after) return true;
  return is_component(before) && is_component(after) && !needs_replace(before, after);
}

// Whether prop `name` of two components is compatible (absent ≡ null).
bool prop_compatible(const std::string& name, const json& before, const json& after) {
  const json& b = prop(before, name.c_str());
  const json& a = prop(after, name.c_str());
  if (b.is_null() && a.is_null()) return true;
  // The append exception: streaming text may only grow.
  if (name == "value" && is_streaming_text(before) && is_streaming_text(after) && starts_with(a, b)) return true;
  return name == "children" ? children_compatible(b, a) : b == a;
}

bool is_identity(const std::string& name) { return name == "type" || name == "id" || name == "key"; }

bool needs_replace(const json& before, const json& after) {
  if (!is_component(before) || !is_component(after)) return before != after;
  if (prop(before, "type") != prop(after, "type") || prop(before, "id") != prop(after, "id") ||
      prop(before, "key") != prop(after, "key")) {
    return true;
  }
  // A prop present on one side only compares with null: "not compatible", never a crash.
  for (const auto& item : before.items()) {
    if (!is_identity(item.key()) && !prop_compatible(item.key(), before, after)) return true;
  }
  for (const auto& item : after.items()) {
    if (!is_identity(item.key()) && !before.contains(item.key()) && !prop_compatible(item.key(), before, after)) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Reference mode, step 2: streaming-text components by id

// Like the reference's Python dict: ordered by first occurrence, holding the last occurrence.
struct TextIndex {
  std::vector<std::string> order;
  std::unordered_map<std::string, const json*> last;
};

// Pre-order through `children` arrays only: a Transition's single child is never reached (§6.3).
void collect_streaming_text(const json& node, TextIndex& index) {
  if (!is_component(node)) return;
  if (auto id = id_of(node); id && is_streaming_text(node)) {
    if (index.last.find(*id) == index.last.end()) index.order.push_back(*id);
    index.last[*id] = &node;
  }
  const json& children = prop(node, "children");
  if (!children.is_array()) return;
  for (const auto& child : children) collect_streaming_text(child, index);
}

TextIndex index_streaming_text(const json& root) {
  TextIndex index;
  collect_streaming_text(root, index);
  return index;
}

// The deltas of step 2, or nullopt where the reference would raise (impossible after step 1).
std::optional<std::vector<WidgetUpdate>> text_deltas(const json& before, const json& after) {
  const TextIndex old_texts = index_streaming_text(before);
  const TextIndex new_texts = index_streaming_text(after);
  std::vector<WidgetUpdate> out;
  for (const auto& id : new_texts.order) {
    const json& a = *new_texts.last.at(id);
    auto found = old_texts.last.find(id);
    if (found == old_texts.last.end() || !starts_with(a.at("value"), found->second->at("value"))) return std::nullopt;
    const auto& b_value = found->second->at("value").get_ref<const std::string&>();
    const auto& a_value = a.at("value").get_ref<const std::string&>();
    if (a_value == b_value) continue;
    out.push_back(WidgetStreamingTextValueDelta{id, a_value.substr(b_value.size()), stream_done(a)});
  }
  return out;
}

std::vector<WidgetUpdate> reference_diff(const json& before, const json& after) {
  if (!needs_replace(before, after)) {
    if (auto deltas = text_deltas(before, after)) return std::move(*deltas);
  }
  return {WidgetRootUpdated{WidgetRoot{after}}};
}

// ---------------------------------------------------------------------------------------------
// Fine mode

// How often each id occurs, in both trees. An id is usable when it names exactly one component
// on each side: then lookups by id stay unambiguous while earlier updates are being applied.
struct IdCensus {
  std::unordered_map<std::string, int> before;
  std::unordered_map<std::string, int> after;

  bool usable(const std::string& id) const {
    auto b = before.find(id);
    auto a = after.find(id);
    return b != before.end() && b->second == 1 && a != after.end() && a->second == 1;
  }
};

std::unordered_map<std::string, int> count_ids(const json& root) {
  std::unordered_map<std::string, int> counts;
  for_each_component(root, [&](const json& component) {
    if (auto id = id_of(component)) ++counts[*id];
  });
  return counts;
}

// Updates for one subtree, with their serialized size.
struct Patch {
  std::vector<WidgetUpdate> updates;
  std::size_t bytes = 0;

  void add(WidgetUpdate update) {
    bytes += wire_size(update);
    updates.push_back(std::move(update));
  }
  void append(Patch&& other) {
    bytes += other.bytes;
    for (auto& update : other.updates) updates.push_back(std::move(update));
  }
};

// The root is replaced with root.updated, never with a component update.
enum class Position { root, inner };

// Equal objects once the prop `skip` is ignored on both sides.
bool equal_except(const json& before, const json& after, const char* skip) {
  const std::size_t b_size = before.size() - (before.contains(skip) ? 1 : 0);
  const std::size_t a_size = after.size() - (after.contains(skip) ? 1 : 0);
  if (b_size != a_size) return false;
  for (const auto& item : before.items()) {
    if (item.key() == skip) continue;
    auto other = after.find(item.key());
    if (other == after.end() || *other != item.value()) return false;
  }
  return true;
}

// The same usable id on both components, or nullopt.
std::optional<std::string> shared_usable_id(const json& before, const json& after, const IdCensus& ids) {
  auto id = id_of(before);
  if (!id || prop(after, "id") != *id || !ids.usable(*id)) return std::nullopt;
  return id;
}

// Same component, only its streaming text grew.
bool is_text_append(const json& before, const json& after) {
  return is_streaming_text(before) && is_streaming_text(after) && equal_except(before, after, "value") &&
         starts_with(after.at("value"), before.at("value"));
}

Patch text_append(const std::string& id, const json& before, const json& after) {
  const auto& a_value = after.at("value").get_ref<const std::string&>();
  Patch patch;
  patch.add(WidgetStreamingTextValueDelta{id, a_value.substr(before.at("value").get_ref<const std::string&>().size()),
                                          stream_done(after)});
  return patch;
}

Patch replacement(const std::string& id, const json& after) {
  Patch patch;
  patch.add(WidgetComponentUpdated{id, WidgetComponent{after}});
  return patch;
}

std::optional<Patch> diff_node(const json& before, const json& after, const IdCensus& ids, Position position);

// Own props equal and children of the same shape: the change lies in the children, pair by pair.
std::optional<Patch> diff_children(const json& before, const json& after, const IdCensus& ids) {
  if (!equal_except(before, after, "children")) return std::nullopt;
  const json& b = prop(before, "children");
  const json& a = prop(after, "children");
  if (b.is_object() && a.is_object()) return diff_node(b, a, ids, Position::inner);
  if (!b.is_array() || !a.is_array() || b.size() != a.size()) return std::nullopt;
  Patch patch;
  for (std::size_t i = 0; i < b.size(); ++i) {
    auto child = diff_node(b[i], a[i], ids, Position::inner);
    if (!child) return std::nullopt;
    patch.append(std::move(*child));
  }
  return patch;
}

// The updates turning `before` into `after` at one tree position, or nullopt when only a
// replacement of an ancestor can express the change.
std::optional<Patch> diff_node(const json& before, const json& after, const IdCensus& ids, Position position) {
  if (before == after) return Patch{};
  if (!is_component(before) || !is_component(after)) return std::nullopt;
  const auto id = shared_usable_id(before, after, ids);
  if (id && is_text_append(before, after)) return text_append(*id, before, after);
  const bool replaceable = id.has_value() && position == Position::inner;
  auto children = diff_children(before, after, ids);
  if (children && !replaceable) return children;
  if (!replaceable) return std::nullopt;
  // Many small child updates can outweigh one replacement of this component.
  const WidgetUpdate whole = WidgetComponentUpdated{*id, WidgetComponent{after}};
  if (children && no_larger_than(children->bytes, after, whole)) return children;
  return replacement(*id, after);
}

std::vector<WidgetUpdate> fine_diff(const json& before, const json& after) {
  if (before == after) return {};
  const IdCensus ids{count_ids(before), count_ids(after)};
  auto patch = diff_node(before, after, ids, Position::root);
  // Replacing the root is exact too, and cheaper when the fine updates weigh more.
  if (patch && no_larger_than(patch->bytes, after, WidgetRootUpdated{WidgetRoot{after}})) return std::move(patch->updates);
  return {WidgetRootUpdated{WidgetRoot{after}}};
}

}  // namespace

std::vector<WidgetUpdate> diff(const json& before, const json& after, DiffMode mode) {
  // On the wire widgets carry no nulls; copy only the trees that do.
  std::optional<json> stripped_before, stripped_after;
  if (has_strippable_nulls(before)) stripped_before = strip_widget_nulls(before);
  if (has_strippable_nulls(after)) stripped_after = strip_widget_nulls(after);
  const json& b = stripped_before ? *stripped_before : before;
  const json& a = stripped_after ? *stripped_after : after;
  switch (mode) {
    case DiffMode::reference: return reference_diff(b, a);
    case DiffMode::fine: return fine_diff(b, a);
  }
  return {};
}

}  // namespace chatkit::widget
