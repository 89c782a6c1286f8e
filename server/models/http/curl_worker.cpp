#include "server/models/http/curl_worker.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

namespace chatkit::server {
namespace {

// The longest the thread sleeps in curl_multi_poll; commands wake it earlier.
constexpr std::chrono::milliseconds kMaxPoll{1000};

void global_init_once() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) throw std::runtime_error(std::string("curl_global_init failed: ") + curl_easy_strerror(code));
}

CurlTransfer* transfer_of(CURL* easy) {
  char* data = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &data);
  return static_cast<CurlTransfer*>(static_cast<void*>(data));
}

}  // namespace

CurlWorker::CurlWorker() {
  global_init_once();
  multi_ = curl_multi_init();
  if (multi_ == nullptr) throw std::runtime_error("curl_multi_init failed");
  thread_ = std::thread([this] { run(); });
}

CurlWorker::~CurlWorker() {
  stop();
  curl_multi_cleanup(multi_);
}

std::uint64_t CurlWorker::submit(std::unique_ptr<CurlTransfer> transfer) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = ++next_id_;
    transfer->set_id(id);
    if (!stopping_) commands_.push_back(Command{.id = id, .transfer = std::move(transfer)});
  }
  if (transfer) {  // not taken: the client is shutting down
    transfer->fail(HttpFailure(HttpFailure::Kind::transfer, transfer->label() + ": the HTTP client is shut down"));
    return id;
  }
  curl_multi_wakeup(multi_);
  return id;
}

void CurlWorker::abort(std::uint64_t id) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    commands_.push_back(Command{.id = id, .transfer = nullptr});
  }
  curl_multi_wakeup(multi_);
}

void CurlWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  curl_multi_wakeup(multi_);
  if (thread_.joinable()) thread_.join();
}

void CurlWorker::run() {
  while (apply_commands()) {
    int running = 0;
    curl_multi_perform(multi_, &running);
    collect_completions();
    enforce_deadlines();
    curl_multi_poll(multi_, nullptr, 0, poll_timeout_ms(), nullptr);
  }
  abort_all();
}

bool CurlWorker::apply_commands() {
  std::vector<Command> commands;
  bool stopping = false;
  {
    std::lock_guard lock(mutex_);
    commands.swap(commands_);
    stopping = stopping_;
  }
  for (auto& command : commands) {
    if (command.transfer) {
      add(std::move(command.transfer));
    } else if (auto found = transfers_.find(command.id); found != transfers_.end()) {
      remove(command.id, HttpFailure(HttpFailure::Kind::transfer, found->second->label() + ": aborted"));
    }
  }
  return !stopping;
}

void CurlWorker::add(std::unique_ptr<CurlTransfer> transfer) {
  transfer->started(CurlTransfer::Clock::now());
  const CURLMcode code = curl_multi_add_handle(multi_, transfer->handle());
  if (code != CURLM_OK) {
    transfer->fail(HttpFailure(HttpFailure::Kind::transfer,
                               transfer->label() + ": libcurl refused the transfer: " + curl_multi_strerror(code)));
    return;
  }
  const auto id = transfer->id();
  transfers_.emplace(id, std::move(transfer));
}

void CurlWorker::remove(std::uint64_t id, HttpFailure failure) {
  auto found = transfers_.find(id);
  if (found == transfers_.end()) return;
  // Removing a transfer before its end closes its connection: the server sees us leave.
  curl_multi_remove_handle(multi_, found->second->handle());
  found->second->fail(std::move(failure));
  transfers_.erase(found);
}

void CurlWorker::collect_completions() {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;  // message is invalid once the handle is removed
    CurlTransfer* transfer = transfer_of(easy);
    curl_multi_remove_handle(multi_, easy);
    transfer->complete(code);
    transfers_.erase(transfer->id());
  }
}

void CurlWorker::enforce_deadlines() {
  const auto now = CurlTransfer::Clock::now();
  std::vector<std::uint64_t> expired;
  for (const auto& [id, transfer] : transfers_) {
    if (transfer->deadline() <= now) expired.push_back(id);
  }
  for (const auto id : expired) remove(id, transfers_.at(id)->timeout_failure());
}

int CurlWorker::poll_timeout_ms() const {
  auto timeout = kMaxPoll;
  const auto now = CurlTransfer::Clock::now();
  for (const auto& entry : transfers_) {
    // Rounded up, so that the deadline has passed when the poll returns.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(entry.second->deadline() - now);
    timeout = std::min(timeout, std::max(left, std::chrono::milliseconds(0)));
  }
  return static_cast<int>(timeout.count());
}

void CurlWorker::abort_all() {
  std::vector<std::uint64_t> ids;
  for (const auto& entry : transfers_) ids.push_back(entry.first);
  for (const auto id : ids) {
    remove(id, HttpFailure(HttpFailure::Kind::transfer, transfers_.at(id)->label() + ": the HTTP client shut down"));
  }
}

}  // namespace chatkit::server
