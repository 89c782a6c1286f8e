#include "server/models/http/transfer_state.hpp"

#include <utility>

namespace chatkit::server {

TransferState::TransferState() : notifier_(Notifier::create()) {}

void TransferState::publish_head(HttpResponseHead head) {
  {
    std::lock_guard lock(mutex_);
    head_ = std::move(head);
  }
  notifier_->notify();
}

void TransferState::publish_body(std::string bytes) {
  {
    std::lock_guard lock(mutex_);
    body_.push_back(std::move(bytes));
  }
  notifier_->notify();
}

void TransferState::finish(std::optional<HttpFailure> failure) {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    failure_ = std::move(failure);
  }
  notifier_->notify();
}

bool TransferState::head_published() const {
  std::lock_guard lock(mutex_);
  return head_.has_value();
}

awaitable<HttpResponseHead> TransferState::head() {
  for (;;) {
    std::uint64_t seen = 0;
    if (auto head = take_head(seen)) co_return std::move(*head);
    co_await notifier_->wait_past(seen);
  }
}

awaitable<std::optional<std::string>> TransferState::next() {
  for (;;) {
    std::uint64_t seen = 0;
    if (auto bytes = take_body(seen)) co_return std::move(*bytes);
    co_await notifier_->wait_past(seen);
  }
}

std::optional<HttpResponseHead> TransferState::take_head(std::uint64_t& seen) {
  std::lock_guard lock(mutex_);
  if (head_) return head_;
  if (failure_) throw *failure_;
  if (finished_) throw HttpFailure(HttpFailure::Kind::transfer, "the transfer ended without a response");
  seen = notifier_->version();
  return std::nullopt;
}

std::optional<std::optional<std::string>> TransferState::take_body(std::uint64_t& seen) {
  std::lock_guard lock(mutex_);
  if (!body_.empty()) {
    // Everything that arrived, in one piece: fewer wake-ups for the reader.
    std::string bytes = std::move(body_.front());
    body_.pop_front();
    for (; !body_.empty(); body_.pop_front()) bytes += body_.front();
    return std::optional<std::string>(std::move(bytes));
  }
  if (failure_) throw *failure_;  // after the bytes that came before it
  if (finished_) return std::optional<std::string>();
  seen = notifier_->version();
  return std::nullopt;
}

}  // namespace chatkit::server
