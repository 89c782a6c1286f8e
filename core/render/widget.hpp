#pragma once
// Widgets (docs/PROTOCOL.md §5.5) → virtual DOM. Every component of the catalogue renders; an unknown
// (dynamic) component renders as `div.ck-unknown` around its children. Look and layout are
// classes (`ck-<component>`, `ck-<prop>-<value>`) and validated inline style; behaviour is
// `data-ck-*` attributes (see wasm/chatkit.d.ts).
#include <string>
#include <string_view>
#include <set>

#include "core/json_io.hpp"
#include "core/render/markdown_options.hpp"
#include "core/render/vnode.hpp"

namespace chatkit::render {

// What rendering one component needs to know about the widget around it.
struct WidgetContext {
  std::string item_id;
  // Ids that occur more than once in the widget: their components get no key, so that no two
  // elements ever share one.
  std::set<std::string, std::less<>> duplicate_ids;
  MarkdownOptions markdown;  // the thread's, for Markdown components
};

WidgetContext widget_context(const json& root, std::string_view item_id, const MarkdownOptions& markdown = {});

// The key of the component with `component_id` in item `item_id`: "<itemId>/<componentId>".
std::string component_key(std::string_view item_id, std::string_view component_id);

// The key a component renders with, or "" when it has none (no id, or a duplicated one).
std::string key_of(const json& component, const WidgetContext& context);

Node render_component(const json& component, const WidgetContext& context);

// A whole widget; a root that is not a component renders as an empty `div.ck-unknown`.
Node render_widget(const json& root, std::string_view item_id, const MarkdownOptions& markdown = {});

}  // namespace chatkit::render
