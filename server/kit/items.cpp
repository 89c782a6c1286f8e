#include "server/kit/items.hpp"

#include "core/protocol/updates.hpp"
#include "core/widget/diff.hpp"
#include "server/chatkit/widget_checks.hpp"

namespace chatkit::server::kit {

WidgetItem new_widget_item(const Turn& turn, nlohmann::json widget, std::optional<std::string> copy_text) {
  WidgetItem item;
  item.id = turn.new_id(IdKind::message);
  item.thread_id = turn.thread.id;
  item.created_at = turn.now();
  item.widget.value = std::move(widget);
  item.copy_text = std::move(copy_text);
  return item;
}

AssistantMessageItem new_assistant_message(const Turn& turn, std::string text) {
  AssistantMessageItem item;
  item.id = turn.new_id(IdKind::message);
  item.thread_id = turn.thread.id;
  item.created_at = turn.now();
  item.content.push_back(AssistantMessageContent{.text = std::move(text)});
  return item;
}

awaitable<WidgetItem> show_widget(Turn& turn, nlohmann::json widget, std::optional<std::string> copy_text) {
  WidgetItem item = new_widget_item(turn, std::move(widget), std::move(copy_text));
  ThreadStreamEvent shown = ThreadItemDoneEvent{item};
  co_await turn.emit(std::move(shown));
  co_return item;
}

awaitable<void> say(Turn& turn, std::string text) {
  ThreadStreamEvent said = ThreadItemDoneEvent{new_assistant_message(turn, std::move(text))};
  co_await turn.emit(std::move(said));
}

awaitable<void> notify(Turn& turn, std::string message, NoticeLevel level) {
  ThreadStreamEvent notice = NoticeEvent{.level = level, .message = std::move(message), .title = std::nullopt};
  co_await turn.emit(std::move(notice));
}

awaitable<std::size_t> update_widget(Turn& turn, const WidgetItem& card, const nlohmann::json& after) {
  if (strict_widget_checks()) check_widget(after);  // the updates carry parts of it, checked whole here
  const auto updates = widget::diff(card.widget.value, after, widget::DiffMode::fine);
  for (const auto& update : updates) {
    ThreadStreamEvent updated = ThreadItemUpdatedEvent{.item_id = card.id, .update = to_item_update(update)};
    co_await turn.emit(std::move(updated));
  }
  co_return updates.size();
}

}  // namespace chatkit::server::kit
