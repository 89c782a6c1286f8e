#pragma once
// How the event-processing loop writes the store. A stream's writes must be committed before its
// events are sent, but they need not each be a transaction of their own: the BatchingWriter
// group-commits the writes that the streams of one I/O thread queue during one turn of its event
// loop, in one transaction, on that same thread, and then resumes each stream.
//
// Why on the I/O thread and not on a writer thread of its own: in WAL mode with
// synchronous=NORMAL a commit only copies pages into the page cache (the fsyncs belong to the
// checkpointer's thread), which costs less than the two thread wake-ups of a hand-over. Measured
// in docs/BENCHMARKS.md ("In-thread group commit").
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "server/common/async.hpp"
#include "server/store/store.hpp"
#include "server/store/store_executor.hpp"

namespace chatkit::server {

class StoreWriter {
 public:
  using Write = Store::Write;
  virtual ~StoreWriter() = default;
  // Runs `write` against the store and completes once it is committed. Not cancellable: a
  // cancelled stream still waits for its write (the write refers to the stream's data).
  // `write` is taken by reference and must live until the await completes (callers keep it as a
  // named local): coroutine parameters taken by value are destroyed twice by GCC 12.
  virtual awaitable<Status> write(Write& write) = 0;
};

// Runs each write at once, on the caller's thread (tests; stores without batches).
class DirectWriter final : public StoreWriter {
 public:
  explicit DirectWriter(Store& store) : store_(store) {}
  awaitable<Status> write(Write& write) override;

 private:
  Store& store_;
};

class BatchingWriter final : public StoreWriter {
 public:
  // Told the number of writes of each commit, after it (the server's metrics).
  using CommitObserver = std::function<void(std::size_t writes)>;
  // `executor`: where each batch commits; none (or inline): on the I/O thread that queued it.
  explicit BatchingWriter(Store& store, CommitObserver observer = {}, StoreExecutor* executor = nullptr);
  BatchingWriter(const BatchingWriter&) = delete;
  BatchingWriter& operator=(const BatchingWriter&) = delete;

  awaitable<Status> write(Write& write) override;

 private:
  struct Job {
    const Write* write;
    std::function<void(Status)> complete;
  };
  // The writes queued on one execution context (one I/O thread) since its last commit.
  struct Queue {
    std::vector<Job> jobs;
    bool commit_scheduled = false;
  };
  void enqueue(const void* context, net::any_io_executor executor, Job job);
  void commit(const void* context);
  void commit_batch(const std::vector<Job>& batch);

  Store& store_;
  CommitObserver observer_;
  StoreExecutor* executor_;
  std::mutex mutex_;  // guards queues_; a commit runs outside it
  std::map<const void*, Queue> queues_;
};

}  // namespace chatkit::server
