#pragma once
// Widgets travel as JSON trees of components (docs/PROTOCOL.md §5). The protocol model keeps them as
// JSON; core/widget/ understands their catalogue. On the wire, nulls are stripped recursively
// from every object and array of a widget, except that a `children` key is never removed.
#include "core/protocol/wire.hpp"

namespace chatkit {

// A widget root (Card, ListView or Basic): an object with a string `type`.
struct WidgetRoot {
  json value = json::object();
  bool operator==(const WidgetRoot&) const = default;
};

// Any widget component (the payload of widget.component.updated).
struct WidgetComponent {
  json value = json::object();
  bool operator==(const WidgetComponent&) const = default;
};

// The widget serializer's null-stripping pass (§0.1.1): removes nulls from objects and arrays,
// recursively, keeping a `children` key even when null.
json strip_widget_nulls(const json& widget);

// Whether strip_widget_nulls would change anything (a scan, no allocation).
bool has_strippable_nulls(const json& widget);

}  // namespace chatkit

CHATKIT_CUSTOM_CODEC(chatkit::WidgetRoot);
CHATKIT_CUSTOM_CODEC(chatkit::WidgetComponent);
