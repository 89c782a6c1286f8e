#pragma once
// Moves WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever
// commit crosses the threshold and fsyncs the database file there, which stalled every request
// waiting on the store for milliseconds (docs/BENCHMARKS.md). With automatic checkpoints off, this
// thread checkpoints on its own connection, PASSIVE, so writers are never blocked by it.
//
// A PASSIVE checkpoint never starts the WAL over, though: SQLite restarts the WAL only when a write
// begins after a checkpoint caught up completely and while no reader still reads old frames, which
// a steady load never allows (a threads.create writes about 20 KB of WAL; 1.8 GB in 10 s was
// measured, and the kernel then throttled every write to it). So once the WAL holds more than
// `restart_frames` frames, the checkpoint is a RESTART one: it waits for the readers of old frames
// (reads last microseconds), and the next write starts the WAL from its beginning.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace chatkit::server {

class Checkpointer {
 public:
  struct Options {
    std::chrono::milliseconds interval{25};
    long long restart_frames = 4096;  // 16 MiB of 4 KiB pages
  };
  Checkpointer(std::string path, Options options);
  ~Checkpointer();  // stops the thread after one last checkpoint
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  void run();

  std::string path_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace chatkit::server
