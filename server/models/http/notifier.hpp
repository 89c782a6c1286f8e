#pragma once
// Notifier: wakes coroutines, each on its own executor, when another thread says that something
// changed. State lives elsewhere (guarded by its owner's mutex); a waiter reads version() while it
// checks that state, then waits past that version, so a change made in between is never missed.
// Each wait honours Asio's per-operation cancellation (it then throws operation_aborted).
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <list>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/system/error_code.hpp>

#include "server/common/async.hpp"

namespace chatkit::server {

class Notifier : public std::enable_shared_from_this<Notifier> {
 public:
  // Through make_shared only: a cancelled wait finds the notifier through a weak_ptr.
  static std::shared_ptr<Notifier> create();

  std::uint64_t version() const;
  // Any thread: a new version; every waiter resumes (on its executor, never inline).
  void notify();
  // Returns once version() != seen (at once if it already is). Throws
  // boost::system::system_error(operation_aborted) when cancelled.
  awaitable<void> wait_past(std::uint64_t seen);

 private:
  using Handler = net::any_completion_handler<void(boost::system::error_code)>;
  struct Waiter {
    std::uint64_t id = 0;
    Handler handler;
    net::any_io_executor executor;  // work-tracking while the waiter is pending
    net::cancellation_slot slot;
  };
  class CancelWaiter;

  Notifier() = default;
  void arm(Waiter waiter, std::uint64_t seen);
  void cancel(std::uint64_t id);
  // Resumes a waiter on its executor; the cancellation slot is cleared there, as Asio requires.
  static void complete(Waiter waiter, boost::system::error_code ec);

  mutable std::mutex mutex_;
  std::uint64_t version_ = 0;
  std::uint64_t next_waiter_ = 0;
  // A list, and waiters are only ever move-constructed: Boost 1.81's move assignment of
  // any_completion_handler recurses without end (it wraps the handler in itself).
  std::list<Waiter> waiters_;
};

}  // namespace chatkit::server
