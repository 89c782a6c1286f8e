#pragma once
// Runs the attachment sweep (docs/PROTOCOL.md §2.16) on a thread of its own: once at start, then
// every AttachmentService::sweep_interval(), until destroyed. Sweeping touches the store and the
// disk, so it stays off the I/O threads.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "server/attachments/attachment_service.hpp"

namespace chatkit::server {

class AttachmentSweeper {
 public:
  // `report` hears each sweep's outcome (how many went, or the failure), for the log.
  using Report = std::function<void(const Result<std::size_t>&)>;
  AttachmentSweeper(AttachmentService& service, Report report);
  ~AttachmentSweeper();
  AttachmentSweeper(const AttachmentSweeper&) = delete;
  AttachmentSweeper& operator=(const AttachmentSweeper&) = delete;

 private:
  void run();

  AttachmentService& service_;
  Report report_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything it uses exists
};

}  // namespace chatkit::server
