#pragma once
// Applying widget updates (docs/PROTOCOL.md §6.4) to a widget tree, in place.
#include "core/protocol/updates.hpp"
#include "core/result.hpp"

namespace chatkit::widget {

// value_delta appends to the `value` of the component with that id; root.updated replaces the
// whole widget; component.updated replaces the component with that id. An unknown id, or a value
// delta aimed at a component whose value is not a string, is an ErrorCode::invalid_event and
// leaves the widget unchanged.
//
// Call it qualified (`widget::apply(...)`): json's std:: template arguments bring std::apply into
// an unqualified call by ADL, and that template wins for non-const or temporary updates.
Status apply(json& widget, const WidgetUpdate& update);

}  // namespace chatkit::widget
