#pragma once
// What a use case's hooks, tools and actions most often send: a new widget (a card below the
// answer), an update of a card already shown (core's fine diff: only the components that changed),
// an assistant message, a notice. Each goes through Turn::emit, so it is stored first, then sent, and
// in debug builds and tests every widget is held to the strict catalogue (server/chatkit/turn.hpp).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/protocol/events.hpp"
#include "core/protocol/items.hpp"
#include "server/chatkit/turn.hpp"
#include "server/common/async.hpp"

namespace chatkit::server::kit {

// A widget item of the turn's thread with a new id and the turn's time; not yet sent.
WidgetItem new_widget_item(const Turn& turn, nlohmann::json widget, std::optional<std::string> copy_text = {});
// An assistant message of plain text (Markdown) with a new id; not yet sent.
AssistantMessageItem new_assistant_message(const Turn& turn, std::string text);

// Sends a new widget item (thread.item.done) and gives it back as stored.
awaitable<WidgetItem> show_widget(Turn& turn, nlohmann::json widget, std::optional<std::string> copy_text = {});
// Sends an assistant message (thread.item.done).
awaitable<void> say(Turn& turn, std::string text);
// Sends a notice (an info toast by default).
awaitable<void> notify(Turn& turn, std::string message, NoticeLevel level = NoticeLevel::info);
// Updates the stored `card` in place to `after`: one thread.item.updated per component that
// changed (each persisted into the stored item by the loop). Returns how many were sent.
awaitable<std::size_t> update_widget(Turn& turn, const WidgetItem& card, const nlohmann::json& after);

}  // namespace chatkit::server::kit
