#include "server/store/postgres/pg_pool.hpp"

#include <chrono>
#include <thread>

namespace chatkit::server::pg {

namespace {
// 50, 100, 200, 400 ms: rides out a server restart without holding a caller for long.
constexpr int kConnectAttempts = 5;
constexpr std::chrono::milliseconds kFirstBackoff{50};
}  // namespace

Pool::Pool(ConnectionOptions options, int size) : options_(std::move(options)), size_(size < 1 ? 1 : size) {}

Pool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

Result<std::unique_ptr<Connection>> Pool::connect_with_backoff() {
  auto backoff = kFirstBackoff;
  for (int attempt = 1;; ++attempt) {
    auto connection = Connection::connect(options_);
    if (connection || attempt == kConnectAttempts) return connection;
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

Result<Pool::Lease> Pool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
  }
  ++open_;  // reserved while connecting, outside the lock
  lock.unlock();
  auto connection = connect_with_backoff();
  if (!connection) {
    lock.lock();
    --open_;
    available_.notify_one();
    return connection.error();
  }
  return Lease(*this, std::move(connection).value());
}

void Pool::give_back(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  // A dropped connection is closed here; the next caller opens a fresh one in its place.
  if (connection->healthy()) idle_.push_back(std::move(connection));
  else --open_;
  available_.notify_one();
}

}  // namespace chatkit::server::pg
