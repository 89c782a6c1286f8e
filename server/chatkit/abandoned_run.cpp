#include "server/chatkit/abandoned_run.hpp"

#include "core/reducer.hpp"
#include "core/sse.hpp"
#include "server/chatkit/turn.hpp"
#include "server/common/clock.hpp"

namespace chatkit::server {

namespace {

// The client view the log builds: every event folded in; one the reducer refuses (an update of
// an item stored before this run) changes nothing, as in a browser that opened the thread late.
ThreadState replay(std::string_view frames) {
  ThreadState state;
  SseDecoder decoder;
  auto messages = decoder.feed(frames);
  if (!messages) return state;
  for (const auto& message : *messages) {
    auto event = parse_event(message.data);
    if (event) static_cast<void>(apply_event(state, *event));
  }
  return state;
}

}  // namespace

Status persist_abandoned_answer(Store& store, const std::string& thread_id, const RequestContext& context,
                                std::string_view frames) {
  if (!store.load_thread(thread_id, context)) return ok_status();  // deleted, or never stored
  const ThreadState state = replay(frames);
  for (const auto& item : items_to_persist_on_cancel(state)) {
    if (auto status = store.add_thread_item(thread_id, item, context); !status) return status;
  }
  SdkHiddenContextItem note;
  note.id = random_id(IdKind::sdk_hidden_context);
  note.thread_id = thread_id;
  note.created_at = monotonic_now();
  note.content = std::string(kCancelledNote);
  return store.add_thread_item(thread_id, note, context);
}

}  // namespace chatkit::server
