#pragma once
// Moves WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever
// commit crosses the threshold and fsyncs the database file there, which stalled every request
// waiting on the store for milliseconds (docs/BENCHMARKS.md). With automatic checkpoints off, this
// thread checkpoints on its own connection, PASSIVE, so writers are never blocked by it.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace chatkit::server {

class Checkpointer {
 public:
  Checkpointer(std::string path, std::chrono::milliseconds interval);
  ~Checkpointer();  // stops the thread after one last checkpoint
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  void run();

  std::string path_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace chatkit::server
