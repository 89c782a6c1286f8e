#pragma once
// CurlWorker: the thread that owns the curl multi handle and runs every transfer of one client.
// Other threads hand it transfers and abort requests through a mutex-protected queue and wake it
// with curl_multi_wakeup; it never touches an Asio executor except through TransferState.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <curl/curl.h>

#include "server/models/http/curl_transfer.hpp"

namespace chatkit::server {

class CurlWorker {
 public:
  CurlWorker();   // starts the thread
  ~CurlWorker();  // stop()
  CurlWorker(const CurlWorker&) = delete;
  CurlWorker& operator=(const CurlWorker&) = delete;

  // Any thread. The transfer starts at once; returns its id.
  std::uint64_t submit(std::unique_ptr<CurlTransfer> transfer);
  // Any thread. Removes the transfer from the multi handle, which closes its connection; an id
  // that already finished is ignored.
  void abort(std::uint64_t id);
  // Aborts every transfer (each fails with "shut down") and joins the thread. Idempotent.
  void stop();

 private:
  // A transfer to add, or (transfer == nullptr) the id of one to abort.
  struct Command {
    std::uint64_t id = 0;
    std::unique_ptr<CurlTransfer> transfer;
  };

  void run();
  // Applies the queued commands; false once stop() was asked for.
  bool apply_commands();
  void add(std::unique_ptr<CurlTransfer> transfer);
  // Takes the transfer out of the multi handle; it fails with `failure`.
  void remove(std::uint64_t id, HttpFailure failure);
  void collect_completions();
  void enforce_deadlines();
  int poll_timeout_ms() const;
  void abort_all();

  CURLM* multi_ = nullptr;
  std::mutex mutex_;  // guards commands_, stopping_, next_id_
  std::vector<Command> commands_;
  bool stopping_ = false;
  std::uint64_t next_id_ = 0;
  // The curl thread's own: the transfers in the multi handle.
  std::unordered_map<std::uint64_t, std::unique_ptr<CurlTransfer>> transfers_;
  std::thread thread_;
};

}  // namespace chatkit::server
