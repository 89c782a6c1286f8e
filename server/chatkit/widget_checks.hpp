#pragma once
// In debug builds and tests, every widget a use case emits is held to the strict catalogue
// (core/widget/validate.hpp: the props @openai/chatkit's widget types declare, no others), so a card
// that a client would have to guess about fails where it is built, not in someone's browser. A
// Release build checks only where CHATKIT_STRICT_WIDGETS=1 asks it to.
#include <nlohmann/json.hpp>

#include "core/protocol/events.hpp"

namespace chatkit::server {

bool strict_widget_checks();
// Throws std::logic_error naming the first issue when `widget` breaks the strict catalogue.
void check_widget(const nlohmann::json& widget);
// check_widget for every whole widget the event carries (new, done and replaced widget items, and
// root updates), when strict_widget_checks().
void check_emitted_widgets(const ThreadStreamEvent& event);

}  // namespace chatkit::server
