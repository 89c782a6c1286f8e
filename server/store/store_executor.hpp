#pragma once
// Where store calls run. SQLite's are short and run inline, on the calling I/O thread, as they
// always did. PostgreSQL's block their caller on socket waits (server/store/postgres/), so they
// run on worker threads of their own, one per pool connection, and the awaiting coroutine resumes
// on its own executor (its I/O thread, its strand) once the call is done.
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/common/async.hpp"

namespace chatkit::server {

class StoreExecutor {
 public:
  // Every call runs at once, on its caller's thread (SQLite).
  static std::unique_ptr<StoreExecutor> inline_calls();
  // Every call runs on one of `threads` worker threads (PostgreSQL: as many as connections).
  static std::unique_ptr<StoreExecutor> worker_threads(int threads);
  ~StoreExecutor();  // waits for the calls in progress
  StoreExecutor(const StoreExecutor&) = delete;
  StoreExecutor& operator=(const StoreExecutor&) = delete;

  // True when calls leave their caller's thread.
  bool offloads() const { return workers_ != nullptr; }
  // Runs `task` now on this thread, or on a worker; the task reports its own outcome.
  void execute(std::function<void()> task);
  // Runs `work` (a callable with a result) and completes with that result. `work` is taken by
  // reference and must outlive the await (GCC 12 destroys by-value coroutine parameters twice).
  template <class Work>
  awaitable<std::invoke_result_t<Work&>> run(Work& work);
  // Waits until every call handed to a worker has finished (before the I/O threads' context goes).
  void join();

 private:
  explicit StoreExecutor(int threads);
  std::unique_ptr<net::thread_pool> workers_;
};

template <class Work>
awaitable<std::invoke_result_t<Work&>> StoreExecutor::run(Work& work) {
  using Result = std::invoke_result_t<Work&>;
  if (!offloads()) {
    Result inline_result = work();  // named: GCC 12 destroys a co_return temporary twice
    co_return inline_result;
  }
  std::optional<Result> result;  // lives in this suspended frame while the worker fills it
  std::exception_ptr failure;    // what `work` threw, rethrown here as it would be inline
  co_await net::async_initiate<decltype(net::use_awaitable), void()>(
      [this, &work, &result, &failure](auto handler) {
        // Tracked: the caller's context does not run out of work while the call is away.
        auto resume = net::prefer(net::get_associated_executor(handler), net::execution::outstanding_work.tracked);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        execute([&work, &result, &failure, shared, resume]() mutable {
          try {
            result.emplace(work());
          } catch (...) {
            failure = std::current_exception();
          }
          net::post(resume, [shared] { (*shared)(); });
        });
      },
      net::use_awaitable);
  if (failure) std::rethrow_exception(failure);
  Result offloaded_result = std::move(*result);
  co_return offloaded_result;
}

}  // namespace chatkit::server
