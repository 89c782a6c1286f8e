// The per-event step of the event-processing loop (PROTOCOL.md §4.6), and cancellation (§4.5).
#include <algorithm>

#include "core/sse.hpp"
#include "core/variant_util.hpp"
#include "server/chatkit/clock.hpp"
#include "server/chatkit/stream_error.hpp"
#include "server/chatkit/turn.hpp"

namespace chatkit::server {

namespace {

bool is_pending(const ThreadState& state, const std::string& id) {
  return std::find(state.pending.begin(), state.pending.end(), id) != state.pending.end();
}

// A failed store write ends the stream with stream.error; the item's event is never sent.
void throw_if_failed(const Status& status) {
  if (!status) throw StreamError::code("stream.error");
}

}  // namespace

Turn::Turn(Store& store, RequestContext context, ThreadMetadata thread_in, StreamOutput& output)
    : thread(std::move(thread_in)), store_(store), context_(std::move(context)), output_(output),
      snapshot_(thread) {}

std::string Turn::new_id(IdKind kind) const { return random_id(kind); }

Timestamp Turn::now() const { return monotonic_now(); }

awaitable<void> Turn::emit(ThreadStreamEvent event) {
  throw_if_failed(write_store(event));
  const auto* done = std::get_if<ThreadItemDoneEvent>(&event);
  // Hidden items are stored for the model but never streamed (§3.5).
  if (!(done && is_hidden(done->item))) co_await send(event);
  co_await announce_thread_if_changed();
}

Status Turn::write_store(const ThreadStreamEvent& event) {
  const auto& thread_id = thread.id;
  return std::visit(
      Overloaded{
          [&](const ThreadItemAddedEvent& e) -> Status {
            forget_pending(item_base(e.item).id);
            return apply_event(pending_, e);  // a deep copy: later updates never touch the sent item
          },
          [&](const ThreadItemUpdatedEvent& e) { return persist_update(e); },
          [&](const ThreadItemDoneEvent& e) {
            forget_pending(item_base(e.item).id);
            return store_.add_thread_item(thread_id, e.item, context_);
          },
          [&](const ThreadItemReplacedEvent& e) {
            forget_pending(item_base(e.item).id);
            return store_.save_item(thread_id, e.item, context_);
          },
          [&](const ThreadItemRemovedEvent& e) -> Status {
            forget_pending(e.item_id);
            auto status = store_.delete_thread_item(thread_id, e.item_id, context_);
            // Removing an item that was never stored (a pending one) is not an error.
            if (!status && status.error().code == ErrorCode::not_found) return ok_status();
            return status;
          },
          [&](const auto&) { return ok_status(); },
      },
      event);
}

// Pending items get the update in their copy. Items already stored get it persisted, so that a
// reload shows what the client sees (the reference leaves the stored widget stale).
Status Turn::persist_update(const ThreadItemUpdatedEvent& event) {
  if (is_pending(pending_, event.item_id)) {
    (void)apply_event(pending_, event);  // an update the reducer refuses is still sent, as the reference does
    return ok_status();
  }
  auto item = store_.load_item(thread.id, event.item_id, context_);
  if (!item) return item.error().code == ErrorCode::not_found ? ok_status() : Status(item.error());
  if (!apply_update(*item, event.update)) return ok_status();
  return store_.save_item(thread.id, *item, context_);
}

void Turn::forget_pending(const std::string& id) {
  std::erase(pending_.pending, id);
  std::erase_if(pending_.items, [&](const ThreadItem& item) { return item_base(item).id == id; });
}

awaitable<void> Turn::send(const ThreadStreamEvent& event) {
  co_await output_.send(encode_sse(event));
  ++events_sent_;
}

awaitable<void> Turn::announce_thread_if_changed() {
  if (!metadata_changed(snapshot_, thread)) co_return;
  throw_if_failed(store_.save_thread(thread, context_));
  snapshot_ = thread;
  const ThreadStreamEvent updated = ThreadUpdatedEvent{client_view(thread)};
  co_await send(updated);
}

Status Turn::persist_on_cancel() {
  for (const auto& item : items_to_persist_on_cancel(pending_)) {
    if (auto status = store_.add_thread_item(thread.id, item, context_); !status) return status;
  }
  SdkHiddenContextItem note;
  note.id = new_id(IdKind::sdk_hidden_context);
  note.thread_id = thread.id;
  note.created_at = now();
  note.content = std::string(kCancelledNote);
  if (auto status = store_.add_thread_item(thread.id, note, context_); !status) return status;
  if (metadata_changed(snapshot_, thread)) return store_.save_thread(thread, context_);
  return ok_status();
}

}  // namespace chatkit::server
