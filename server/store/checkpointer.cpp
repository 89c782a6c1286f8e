#include "server/store/checkpointer.hpp"

#include <string>
#include <string_view>

#include "server/store/sqlite.hpp"

namespace chatkit::server {

namespace {

// Runs one checkpoint; returns the frames the WAL held (SQLite's "log" column), -1 on failure.
long long checkpoint(sqlite::Database& db, std::string_view mode) {
  auto statement = db.prepare("PRAGMA wal_checkpoint(" + std::string(mode) + ")");
  if (!statement) return -1;
  auto use = statement->use();
  auto row = statement->step();
  if (!row || !*row) return -1;
  return statement->column_int(1);
}

}  // namespace

Checkpointer::Checkpointer(std::string path, Options options)
    : path_(std::move(path)), options_(options), thread_([this] { run(); }) {}

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
  // A RESTART blocks new writers while it waits for readers: give up soon rather than stall them.
  db->set_busy_timeout(std::chrono::milliseconds(100));
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
    lock.unlock();
    if (checkpoint(*db, "PASSIVE") > options_.restart_frames) (void)checkpoint(*db, "RESTART");
    lock.lock();
  }
}

}  // namespace chatkit::server
