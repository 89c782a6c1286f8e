#pragma once
// TransferState: what the curl thread has learned about one transfer (the head, body bytes not
// yet read, how it ended), handed to the exchange's coroutine. The curl thread publishes; the
// coroutine takes, waiting through a Notifier when there is nothing new.
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/models/http/http_client.hpp"
#include "server/models/http/notifier.hpp"

namespace chatkit::server {

class TransferState {
 public:
  TransferState();

  // --- The curl thread.
  void publish_head(HttpResponseHead head);
  void publish_body(std::string bytes);
  // The transfer is over: completely, or with a failure.
  void finish(std::optional<HttpFailure> failure);
  bool head_published() const;

  // --- The exchange's coroutine. Both throw HttpFailure, or operation_aborted when cancelled.
  awaitable<HttpResponseHead> head();
  // Every body byte that arrived since the last call; nullopt once the body is complete.
  awaitable<std::optional<std::string>> next();

 private:
  // What a coroutine may take now; sets `seen` to the version to wait past when nothing.
  std::optional<HttpResponseHead> take_head(std::uint64_t& seen);
  std::optional<std::optional<std::string>> take_body(std::uint64_t& seen);

  mutable std::mutex mutex_;
  std::optional<HttpResponseHead> head_;
  std::deque<std::string> body_;
  bool finished_ = false;
  std::optional<HttpFailure> failure_;
  std::shared_ptr<Notifier> notifier_;
};

}  // namespace chatkit::server
