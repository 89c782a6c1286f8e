#pragma once
// How the event-processing loop writes the store. A stream's writes must be committed before its
// events are sent, but they need not each be a transaction of their own: the BatchingWriter
// group-commits the writes of every running stream on one thread, in one transaction, and resumes
// each stream when its write is durable. The I/O threads never wait on SQLite's disk I/O or locks.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "server/chatkit/async.hpp"
#include "server/store/store.hpp"

namespace chatkit::server {

class SqliteStore;

class StoreWriter {
 public:
  using Write = std::function<Status(Store&)>;
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
  explicit BatchingWriter(SqliteStore& store);
  ~BatchingWriter() override;  // finishes the queued writes, then stops the thread
  BatchingWriter(const BatchingWriter&) = delete;
  BatchingWriter& operator=(const BatchingWriter&) = delete;

  awaitable<Status> write(Write& write) override;

 private:
  struct Job {
    Write write;
    std::function<void(Status)> complete;
  };
  void enqueue(Job job);
  void run();

  SqliteStore& store_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Job> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace chatkit::server
