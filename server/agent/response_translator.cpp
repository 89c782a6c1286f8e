#include "server/agent/response_translator.hpp"

#include "core/variant_util.hpp"

namespace chatkit::server {

namespace {

ThreadItemUpdatedEvent update_of(std::string item_id, ThreadItemUpdate update) {
  return ThreadItemUpdatedEvent{.item_id = std::move(item_id), .update = std::move(update)};
}

}  // namespace

awaitable<void> ResponseTranslator::on_event(ModelEvent event) {
  std::optional<ThreadStreamEvent> translated;
  switch (event.index()) {  // one case per alternative, in declaration order
    case 0: translated = started(std::get<MessageStarted>(event)); break;
    case 1: translated = part_started(std::get<TextPartStarted>(event)); break;
    case 2: translated = delta(std::get<TextDelta>(std::move(event))); break;
    case 3: translated = part_done(std::get<TextPartDone>(event)); break;
    case 4: translated = done(std::get<MessageDone>(event)); break;
    case 5: tool_calls_.push_back(std::get<ToolCallRequested>(std::move(event)).call); break;
    case 6: usage_ = std::get<UsageReported>(event); break;
  }
  static_assert(std::variant_size_v<ModelEvent> == 7, "translate every model event");
  if (translated) co_await sink_.emit(std::move(*translated));
}

ThreadStreamEvent ResponseTranslator::started(const MessageStarted& event) const {
  AssistantMessageItem item;
  item.id = event.item_id;  // the model's fresh msg_ id, never an upstream one (§7.2)
  item.thread_id = sink_.thread_id();
  item.created_at = sink_.now();
  return ThreadItemAddedEvent{std::move(item)};
}

ThreadStreamEvent ResponseTranslator::part_started(const TextPartStarted& event) {
  return update_of(event.item_id, ContentPartAdded{.content_index = event.content_index});
}

ThreadStreamEvent ResponseTranslator::delta(TextDelta event) {
  return update_of(std::move(event.item_id),
                   ContentPartTextDelta{.content_index = event.content_index, .delta = std::move(event.delta)});
}

ThreadStreamEvent ResponseTranslator::part_done(const TextPartDone& event) {
  // Annotations are intentionally empty here; the done item carries them (§8.1).
  return update_of(event.item_id, ContentPartDone{.content_index = event.content_index,
                                                  .content = OutputTextContent{.text = event.text}});
}

ThreadStreamEvent ResponseTranslator::done(const MessageDone& event) const {
  AssistantMessageItem item;
  item.id = event.item_id;
  item.thread_id = sink_.thread_id();
  item.created_at = sink_.now();  // the persisted created_at is the done-time one (§7.5)
  for (const auto& text : event.parts) item.content.push_back(OutputTextContent{.text = text});
  return ThreadItemDoneEvent{std::move(item)};
}

}  // namespace chatkit::server
