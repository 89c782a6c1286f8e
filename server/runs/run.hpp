#pragma once
// A streamed response that outlives the HTTP connection that asked for it (docs/PROTOCOL.md §4.7).
// The event-processing loop writes into the run's log; connections read the log from where they
// are: the first connection from the start, one that reattaches after a reload or a dropped
// connection from the event after its Last-Event-ID. The run never waits for its readers, so a
// slow or vanished client cannot slow the answer down; each reader has its own backpressure.
//
// When the last reader leaves, the run goes on for the detach grace, waiting for a reader to come
// back, and is cancelled if none does (grace 0: at once, as §4.5 always did).
//
// The run's own state is touched on its executor (the I/O thread it started on); the log, the
// reader count and the waiting readers are shared with readers on other threads, under a mutex.
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>

#include "server/chatkit/chatkit_server.hpp"
#include "server/common/async.hpp"

namespace chatkit::server {

struct RunIdentity {
  std::string id;         // run_…
  std::string thread_id;  // the thread it answers in
  std::string user_id;    // who may read and cancel it: the owner of its thread (RequestContext::owner)
};

// What a reader gets from the log: the frames after its position, each with its `id: RUN:SEQ` line.
// Frames first_seq..last_seq of a run, as they were sent (the shared log's unit, run_ledger.hpp).
struct RunChunk {
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
  std::string frames;
};

struct RunFrames {
  std::string bytes;
  std::size_t last_seq = 0;  // the sequence number of the last frame in `bytes` (the position to ask after)
  bool ended = false;        // nothing follows: the run's last frame is in `bytes` or was read before
};

class Run : public std::enable_shared_from_this<Run> {
 public:
  Run(RunIdentity identity, net::any_io_executor executor, std::chrono::milliseconds detach_grace);

  const RunIdentity& identity() const { return identity_; }
  const net::any_io_executor& executor() const { return executor_; }
  // The cancellation slot the run's coroutine is spawned with; cancel() emits on it.
  net::cancellation_slot cancellation_slot() { return cancel_signal_.slot(); }

  // --- The writer side, on the run's executor.
  // Appends one "data: …\n\n" frame as event number last_seq() + 1 and wakes the readers,
  // unless the log is held: the run waits for a store commit, and what it appends after the
  // commit can then reach the readers with this frame (StreamOutput::hold).
  void append(std::string_view frame);
  void hold();
  void release();
  // The run has ended (its last frame is in the log): readers get the end after the rest.
  void end(const StreamSummary& summary);

  // --- Any thread.
  std::size_t last_seq() const;
  bool ended() const;
  // How the run ended; meaningful once ended().
  StreamSummary summary() const;
  // The frames the shared log lacks (nullopt when none), and, once written there, up to where it has them.
  std::optional<RunChunk> unshared() const;
  void mark_shared(std::int64_t last_seq);
  // Cancels the run (§4.5) unless it has ended: the loop stops at its next await, the model's
  // upstream request is aborted, the partial answer is kept.
  void cancel();
  // The frames after `after`, waiting until there is one or the run ends. Completes early (with
  // what there is, maybe nothing) when the awaiting coroutine is cancelled.
  awaitable<RunFrames> read_after(std::size_t after);
  // Readers count themselves in and out; the last one out starts the detach grace.
  void attach();
  void detach();
  // A reader on another instance follows the run (through the ledger): with no reader here, the
  // detach grace starts again from now.
  void followed_elsewhere();

 private:
  // A reader waiting for frames: its timer, on its own executor, is cancelled to wake it.
  using Waiter = std::shared_ptr<net::steady_timer>;
  RunFrames frames_after(std::size_t after) const;  // with mutex_ held
  void wake_readers();                              // with mutex_ held
  void start_grace(std::uint64_t generation);

  const RunIdentity identity_;
  const net::any_io_executor executor_;
  const std::chrono::milliseconds detach_grace_;
  net::cancellation_signal cancel_signal_;  // emitted on executor_ only

  mutable std::mutex mutex_;
  std::string log_;                   // every frame so far, with its id line
  std::vector<std::size_t> offsets_;  // where frame n + 1 starts in log_
  std::size_t shared_ = 0;            // frames the shared log has (mark_shared)
  bool ended_ = false;
  int holds_ = 0;
  StreamSummary summary_;
  bool cancel_requested_ = false;
  int readers_ = 0;
  std::uint64_t detach_generation_ = 0;  // a grace timer acts only if no reader came and went since
  std::vector<Waiter> waiters_;
};

}  // namespace chatkit::server
