#include "server/store/checkpointer.hpp"

#include "server/store/sqlite.hpp"

namespace chatkit::server {

Checkpointer::Checkpointer(std::string path, std::chrono::milliseconds interval)
    : path_(std::move(path)), interval_(interval), thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Checkpointer::run() {
  auto db = sqlite::Database::open(path_);
  if (!db) return;  // the store's own connection reports problems; checkpoints then stay automatic-free
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
    lock.unlock();
    (void)db->exec("PRAGMA wal_checkpoint(PASSIVE)");
    lock.lock();
  }
}

}  // namespace chatkit::server
