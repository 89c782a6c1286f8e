#pragma once
// One streamed response: what the application (agent, action handler) sees while it answers,
// and the per-event step of the event-processing loop (docs/PROTOCOL.md §4.6). Every event goes
// through emit(): the store is written first, then the event is sent, then a changed thread is
// saved and announced. The pending items are kept with core's reducer, for cancellation (§4.5).
#include <cstddef>
#include <string>

#include "core/ids.hpp"
#include "core/protocol/events.hpp"
#include "core/reducer.hpp"
#include "server/agent/answer_sink.hpp"
#include "server/chatkit/run_requests.hpp"
#include "server/chatkit/store_writer.hpp"
#include "server/chatkit/stream_output.hpp"
#include "server/common/async.hpp"
#include "server/store/store.hpp"

namespace chatkit::server {

class Turn final : public AnswerSink {
 public:
  Turn(Store& store, StoreWriter& writer, RequestContext context, ThreadMetadata thread, StreamOutput& output);

  // The thread being answered. The application may change its title, status, allowed image
  // domains or server metadata: the change is saved and announced after the next event.
  ThreadMetadata thread;
  // What the run's tools asked for, for the use case's after_respond hook.
  RunRequests requests;

  const RequestContext& context() const { return context_; }
  // For reads. Writes go through write(), so that they are group-committed with other streams'.
  Store& store() { return store_; }
  // Runs a store write and completes once it is committed. The output is held meanwhile, so that
  // what was sent before goes out with what is sent after (one system call, not one per commit).
  // `write` must live until the await completes: keep it in a named local (see StoreWriter::write).
  awaitable<Status> write(StoreWriter::Write& write);
  // AnswerSink: the thread's id; ids and timestamps for the items this turn creates.
  const std::string& thread_id() const override { return thread.id; }
  std::string new_id(IdKind kind) const override;
  Timestamp now() const override;

  // One step of the loop. Throws StreamError when the store refuses a write (nothing is sent
  // then), ClientGone when the client has left.
  awaitable<void> emit(ThreadStreamEvent event) override;

  // --- For the base server's loop.
  // Sends an event without any store write (thread.created, stream_options, error).
  awaitable<void> send(const ThreadStreamEvent& event);
  // Saves and announces the thread if the application changed it since the last check.
  awaitable<void> announce_thread_if_changed();
  // §4.5: keeps the pending assistant text, adds the hidden "cancelled" note, saves the thread.
  Status persist_on_cancel();
  std::size_t events_sent() const { return events_sent_; }

 private:
  // Encodes the event and queues it on the output (the caller then minds output_.ready()).
  void push(const ThreadStreamEvent& event);
  // Keeps the pending items (§4.6) on this thread; true when the event must be written to the store.
  bool track_pending(const ThreadStreamEvent& event);
  // The event's store write; runs wherever the writer runs it.
  Status write_store(Store& store, const ThreadStreamEvent& event) const;
  Status persist_update(Store& store, const ThreadItemUpdatedEvent& event) const;
  void forget_pending(const std::string& id);

  Store& store_;
  StoreWriter& writer_;
  RequestContext context_;
  StreamOutput& output_;
  ThreadMetadata snapshot_;  // the thread as last saved
  ThreadState pending_;      // items announced with `added` and not yet done/replaced/removed
  std::string frame_;        // the frame being sent, kept for its capacity
  std::size_t events_sent_ = 0;
};

// The note added to the thread when the client cancels a response (§4.5), for the model only.
inline constexpr std::string_view kCancelledNote =
    "The user cancelled the previous response. Do not continue it unless the user asks again.";

}  // namespace chatkit::server
