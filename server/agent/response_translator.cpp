#include "server/agent/response_translator.hpp"

#include "core/variant_util.hpp"

namespace chatkit::server {

namespace {

ThreadItemUpdatedEvent update_of(std::string item_id, ThreadItemUpdate update) {
  return ThreadItemUpdatedEvent{.item_id = std::move(item_id), .update = std::move(update)};
}

}  // namespace

awaitable<void> ResponseTranslator::on_event(ModelEvent event) {
  switch (event.index()) {  // one case per alternative, in declaration order
    case 0: co_await started(std::get<MessageStarted>(event)); break;
    case 1: co_await part_started(std::get<TextPartStarted>(event)); break;
    case 2: co_await delta(std::get<TextDelta>(std::move(event))); break;
    case 3: co_await part_done(std::get<TextPartDone>(event)); break;
    case 4: co_await done(std::get<MessageDone>(event)); break;
    case 5: tool_calls_.push_back(std::get<ToolCallRequested>(std::move(event)).call); break;
    case 6: usage_ = std::get<UsageReported>(event); break;
  }
  static_assert(std::variant_size_v<ModelEvent> == 7, "translate every model event");
}

awaitable<void> ResponseTranslator::started(const MessageStarted& event) {
  AssistantMessageItem item;
  item.id = event.item_id;  // upstream message ids are reused (§7.2)
  item.thread_id = turn_.thread.id;
  item.created_at = turn_.now();
  ThreadStreamEvent added = ThreadItemAddedEvent{std::move(item)};
  co_await turn_.emit(std::move(added));
}

awaitable<void> ResponseTranslator::part_started(const TextPartStarted& event) {
  ThreadStreamEvent update = update_of(event.item_id, ContentPartAdded{.content_index = event.content_index});
  co_await turn_.emit(std::move(update));
}

awaitable<void> ResponseTranslator::delta(TextDelta event) {
  ThreadStreamEvent update = update_of(
      event.item_id, ContentPartTextDelta{.content_index = event.content_index, .delta = std::move(event.delta)});
  co_await turn_.emit(std::move(update));
}

awaitable<void> ResponseTranslator::part_done(const TextPartDone& event) {
  // Annotations are intentionally empty here; the done item carries them (§8.1).
  ThreadStreamEvent update = update_of(
      event.item_id, ContentPartDone{.content_index = event.content_index, .content = OutputTextContent{.text = event.text}});
  co_await turn_.emit(std::move(update));
}

awaitable<void> ResponseTranslator::done(const MessageDone& event) {
  AssistantMessageItem item;
  item.id = event.item_id;
  item.thread_id = turn_.thread.id;
  item.created_at = turn_.now();  // the persisted created_at is the done-time one (§7.5)
  for (const auto& text : event.parts) item.content.push_back(OutputTextContent{.text = text});
  ThreadStreamEvent done = ThreadItemDoneEvent{std::move(item)};
  co_await turn_.emit(std::move(done));
}

}  // namespace chatkit::server
