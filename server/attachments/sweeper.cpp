#include "server/attachments/sweeper.hpp"

namespace chatkit::server {

AttachmentSweeper::AttachmentSweeper(AttachmentService& service, Report report)
    : service_(service), report_(std::move(report)), thread_([this] { run(); }) {}

AttachmentSweeper::~AttachmentSweeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void AttachmentSweeper::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const auto outcome = service_.sweep();
    if (report_) report_(outcome);
    lock.lock();
    wake_.wait_for(lock, service_.sweep_interval(), [this] { return stopping_; });
  }
}

}  // namespace chatkit::server
