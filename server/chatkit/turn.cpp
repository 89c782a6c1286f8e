// Turn: the per-event step of the event-processing loop (docs/PROTOCOL.md §4.6), and cancellation (§4.5).
#include <algorithm>

#include "core/sse.hpp"
#include "core/variant_util.hpp"
#include "server/chatkit/stream_error.hpp"
#include "server/chatkit/turn.hpp"
#include "server/chatkit/widget_checks.hpp"
#include "server/common/clock.hpp"

namespace chatkit::server {

namespace {

bool is_pending(const ThreadState& state, const std::string& id) {
  return std::find(state.pending.begin(), state.pending.end(), id) != state.pending.end();
}

}  // namespace

Turn::Turn(Store& store, StoreWriter& writer, RequestContext context, ThreadMetadata thread_in, StreamOutput& output)
    : thread(std::move(thread_in)), store_(store), writer_(writer), context_(std::move(context)), output_(output),
      snapshot_(thread) {}

std::string Turn::new_id(IdKind kind) const { return random_id(kind); }

Timestamp Turn::now() const { return monotonic_now(); }

awaitable<Status> Turn::write(StoreWriter::Write& write) {
  OutputHold hold(output_);
  Status status = co_await writer_.write(write);
  co_return status;
}

awaitable<void> Turn::emit(ThreadStreamEvent event) {
  check_emitted_widgets(event);  // debug builds and tests: nothing off the strict catalogue leaves
  if (track_pending(event)) {
    // The event lives in this frame until the write completes: the write may refer to it.
    StoreWriter::Write write = [this, &event](Store& store) { return write_store(store, event); };
    const Status written = co_await this->write(write);
    throw_if_store_failed(written);
  }
  const auto* done = std::get_if<ThreadItemDoneEvent>(&event);
  // Hidden items are stored for the model but never streamed (§3.5).
  if (!(done && is_hidden(done->item))) {
    push(event);  // not `co_await send(event)`: that would cost a coroutine frame per event
    if (!output_.ready()) co_await output_.wait_ready();
  }
  // Checked before the call: awaiting a coroutine costs a frame, and this runs for every event.
  if (metadata_changed(snapshot_, thread)) co_await announce_thread_if_changed();
}

bool Turn::track_pending(const ThreadStreamEvent& event) {
  return std::visit(
      Overloaded{
          [&](const ThreadItemAddedEvent& e) {
            forget_pending(item_base(e.item).id);
            (void)apply_event(pending_, e);  // a deep copy: later updates never touch the sent item
            return false;
          },
          [&](const ThreadItemUpdatedEvent& e) {
            if (!is_pending(pending_, e.item_id)) return true;  // a stored item: persist the update
            (void)apply_event(pending_, e);  // an update the reducer refuses is still sent, as the reference does
            return false;
          },
          [&](const ThreadItemDoneEvent& e) { return forget_pending(item_base(e.item).id), true; },
          [&](const ThreadItemReplacedEvent& e) { return forget_pending(item_base(e.item).id), true; },
          [&](const ThreadItemRemovedEvent& e) { return forget_pending(e.item_id), true; },
          [&](const auto&) { return false; },
      },
      event);
}

Status Turn::write_store(Store& store, const ThreadStreamEvent& event) const {
  const auto& thread_id = thread.id;
  return std::visit(
      Overloaded{
          [&](const ThreadItemUpdatedEvent& e) { return persist_update(store, e); },
          [&](const ThreadItemDoneEvent& e) { return store.add_thread_item(thread_id, e.item, context_); },
          [&](const ThreadItemReplacedEvent& e) { return store.save_item(thread_id, e.item, context_); },
          [&](const ThreadItemRemovedEvent& e) -> Status {
            auto status = store.delete_thread_item(thread_id, e.item_id, context_);
            // Removing an item that was never stored (a pending one) is not an error.
            if (!status && status.error().code == ErrorCode::not_found) return ok_status();
            return status;
          },
          [&](const auto&) { return ok_status(); },
      },
      event);
}

// Items already stored get the update persisted, so that a reload shows what the client sees
// (the reference leaves the stored widget stale).
Status Turn::persist_update(Store& store, const ThreadItemUpdatedEvent& event) const {
  auto item = store.load_item(thread.id, event.item_id, context_);
  if (!item) return item.error().code == ErrorCode::not_found ? ok_status() : Status(item.error());
  if (!apply_update(*item, event.update)) return ok_status();
  return store.save_item(thread.id, *item, context_);
}

void Turn::forget_pending(const std::string& id) {
  std::erase(pending_.pending, id);
  std::erase_if(pending_.items, [&](const ThreadItem& item) { return item_base(item).id == id; });
}

awaitable<void> Turn::send(const ThreadStreamEvent& event) {
  push(event);
  if (!output_.ready()) co_await output_.wait_ready();
}

void Turn::push(const ThreadStreamEvent& event) {
  // Encoded into one reused buffer: the output copies the frame.
  frame_.clear();
  append_sse(frame_, event);
  output_.send(frame_);
  ++events_sent_;
}

awaitable<void> Turn::announce_thread_if_changed() {
  if (!metadata_changed(snapshot_, thread)) co_return;
  const ThreadMetadata changed = thread;
  StoreWriter::Write write = [this, &changed](Store& store) { return store.update_thread(changed, context_); };
  const Status saved = co_await this->write(write);
  throw_if_store_failed(saved);
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
  if (metadata_changed(snapshot_, thread)) return store_.update_thread(thread, context_);
  return ok_status();
}

}  // namespace chatkit::server
