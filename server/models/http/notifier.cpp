#include "server/models/http/notifier.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

namespace chatkit::server {

// Installed in the waiting operation's cancellation slot: the emitter's thread runs it.
class Notifier::CancelWaiter {
 public:
  CancelWaiter(std::weak_ptr<Notifier> notifier, std::uint64_t id) : notifier_(std::move(notifier)), id_(id) {}
  void operator()(net::cancellation_type type) {
    if (type == net::cancellation_type::none) return;
    if (auto notifier = notifier_.lock()) notifier->cancel(id_);
  }

 private:
  std::weak_ptr<Notifier> notifier_;
  std::uint64_t id_;
};

std::shared_ptr<Notifier> Notifier::create() { return std::shared_ptr<Notifier>(new Notifier()); }

std::uint64_t Notifier::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

void Notifier::notify() {
  std::list<Waiter> woken;
  {
    std::lock_guard lock(mutex_);
    ++version_;
    woken.swap(waiters_);
  }
  for (auto& waiter : woken) complete(std::move(waiter), {});
}

awaitable<void> Notifier::wait_past(std::uint64_t seen) {
  const net::any_io_executor fallback = co_await net::this_coro::executor;
  auto initiation = [this, seen, fallback](auto handler) {
    // Tracked: a pending wait keeps its io_context's run() going, as Asio's own operations do.
    net::any_io_executor executor = net::prefer(net::get_associated_executor(handler, fallback),
                                                net::execution::outstanding_work.tracked);
    net::cancellation_slot slot = net::get_associated_cancellation_slot(handler);
    Waiter waiter{.id = 0, .handler = Handler(std::move(handler)), .executor = std::move(executor), .slot = slot};
    arm(std::move(waiter), seen);
  };
  co_await net::async_initiate<const net::use_awaitable_t<>&, void(boost::system::error_code)>(initiation,
                                                                                             net::use_awaitable);
}

void Notifier::arm(Waiter waiter, std::uint64_t seen) {
  {
    std::lock_guard lock(mutex_);
    if (version_ == seen) {
      waiter.id = ++next_waiter_;
      // Installed before the waiter becomes visible to notify(), which may complete it at once.
      if (waiter.slot.is_connected()) waiter.slot.emplace<CancelWaiter>(weak_from_this(), waiter.id);
      waiters_.push_back(std::move(waiter));
      return;
    }
  }
  waiter.slot = {};  // nothing was installed
  complete(std::move(waiter), {});
}

void Notifier::cancel(std::uint64_t id) {
  std::optional<Waiter> cancelled;
  {
    std::lock_guard lock(mutex_);
    for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
      if (it->id != id) continue;
      cancelled.emplace(std::move(*it));
      waiters_.erase(it);
      break;
    }
  }
  if (cancelled) complete(std::move(*cancelled), net::error::operation_aborted);
}

void Notifier::complete(Waiter waiter, boost::system::error_code ec) {
  const auto executor = waiter.executor;
  auto resume = [waiter = std::move(waiter), ec]() mutable {
    if (waiter.slot.is_connected()) waiter.slot.clear();
    std::move(waiter.handler)(ec);
  };
  net::post(executor, std::move(resume));
}

}  // namespace chatkit::server
