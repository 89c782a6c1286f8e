#include "server/store/store_executor.hpp"

namespace chatkit::server {

StoreExecutor::StoreExecutor(int threads) {
  if (threads > 0) workers_ = std::make_unique<net::thread_pool>(static_cast<std::size_t>(threads));
}

std::unique_ptr<StoreExecutor> StoreExecutor::inline_calls() {
  return std::unique_ptr<StoreExecutor>(new StoreExecutor(0));
}

std::unique_ptr<StoreExecutor> StoreExecutor::worker_threads(int threads) {
  return std::unique_ptr<StoreExecutor>(new StoreExecutor(threads < 1 ? 1 : threads));
}

StoreExecutor::~StoreExecutor() { join(); }

void StoreExecutor::execute(std::function<void()> task) {
  if (!workers_) {
    task();
    return;
  }
  net::post(*workers_, std::move(task));
}

void StoreExecutor::join() {
  if (workers_) workers_->join();
}

}  // namespace chatkit::server
