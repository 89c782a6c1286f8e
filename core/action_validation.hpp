#pragma once
// Action validation: does the widget an action claims to come from really offer it?
// The type and payload must match an ActionConfig in the widget (server-handled); any extra payload
// keys must be values of named controls that exist in the action's form (or the firing control
// itself) and be of the control's kind. Runs on the server (the check that counts) and in the
// browser before sending.
#include <string>

#include "core/protocol/items.hpp"
#include "core/protocol/requests.hpp"
#include "core/result.hpp"

namespace chatkit {

struct OfferedAction {
  std::string path;  // JSON path of the matched ActionConfig in the widget
  json config;       // the ActionConfig as the widget holds it
};

// ErrorCode::action_refused with a reason when the action was not offered.
Result<OfferedAction> validate_action(const json& widget, const Action& action);
// Refuses actions against items that are not widgets.
Result<OfferedAction> validate_action(const ThreadItem& sender, const Action& action);

}  // namespace chatkit
