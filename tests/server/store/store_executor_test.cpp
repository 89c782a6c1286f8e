#include "server/store/store_executor.hpp"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

using namespace std::chrono_literals;

void spawn(boost::asio::io_context& io, std::function<awaitable<void>()> body) {
  boost::asio::co_spawn(io, std::move(body), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
}

TEST(StoreExecutor, InlineCallsRunOnTheCallersThread) {
  auto executor = StoreExecutor::inline_calls();
  EXPECT_FALSE(executor->offloads());
  boost::asio::io_context io;
  const auto caller = std::this_thread::get_id();
  std::thread::id ran_on;
  std::string answer;
  spawn(io, [&]() -> awaitable<void> {
    auto work = [&] {
      ran_on = std::this_thread::get_id();
      return std::string("rows");
    };
    answer = co_await executor->run(work);
  });
  io.run();
  EXPECT_EQ(ran_on, caller);
  EXPECT_EQ(answer, "rows");
}

TEST(StoreExecutor, WorkerCallsLeaveTheCallersThreadAndResumeOnIt) {
  auto executor = StoreExecutor::worker_threads(2);
  EXPECT_TRUE(executor->offloads());
  boost::asio::io_context io;
  const auto caller = std::this_thread::get_id();
  std::thread::id ran_on;
  std::thread::id resumed_on;
  int answer = 0;
  spawn(io, [&]() -> awaitable<void> {
    auto work = [&] {
      ran_on = std::this_thread::get_id();
      return 42;
    };
    answer = co_await executor->run(work);
    resumed_on = std::this_thread::get_id();
  });
  io.run();  // returns after the resumption: the call kept the context busy meanwhile
  EXPECT_NE(ran_on, caller);
  EXPECT_EQ(resumed_on, caller);
  EXPECT_EQ(answer, 42);
}

// The point of the workers: while one call blocks, the I/O thread keeps answering others.
TEST(StoreExecutor, ABlockingCallDoesNotHoldTheIoThread) {
  auto executor = StoreExecutor::worker_threads(1);
  boost::asio::io_context io;
  std::atomic<bool> slow_done{false};
  bool timer_fired_before_slow_call_ended = false;
  spawn(io, [&]() -> awaitable<void> {
    auto slow = [&] {
      std::this_thread::sleep_for(300ms);
      slow_done = true;
      return true;
    };
    co_await executor->run(slow);
  });
  spawn(io, [&]() -> awaitable<void> {
    boost::asio::steady_timer timer(io, 20ms);
    co_await timer.async_wait(boost::asio::use_awaitable);
    timer_fired_before_slow_call_ended = !slow_done;
  });
  io.run();
  EXPECT_TRUE(timer_fired_before_slow_call_ended);
  EXPECT_TRUE(slow_done);
}

TEST(StoreExecutor, WhatAWorkerCallThrowsIsThrownInTheAwaitingCoroutine) {
  auto executor = StoreExecutor::worker_threads(1);
  boost::asio::io_context io;
  std::string caught;
  spawn(io, [&]() -> awaitable<void> {
    auto work = []() -> int { throw std::runtime_error("row too large"); };
    try {
      co_await executor->run(work);
    } catch (const std::runtime_error& e) {
      caught = e.what();
    }
  });
  io.run();
  EXPECT_EQ(caught, "row too large");
}

TEST(StoreExecutor, JoinWaitsForTheCallsInProgress) {
  auto executor = StoreExecutor::worker_threads(2);
  std::atomic<int> finished{0};
  for (int i = 0; i < 4; ++i) {
    executor->execute([&] {
      std::this_thread::sleep_for(20ms);
      ++finished;
    });
  }
  executor->join();
  EXPECT_EQ(finished, 4);
}

}  // namespace
}  // namespace chatkit::server
