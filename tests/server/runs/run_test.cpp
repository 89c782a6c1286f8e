// A run's log, its readers and its detach grace (server/runs/run.hpp), without sockets: one
// io_context plays the run's I/O thread, another a reader's.
#include "server/runs/run.hpp"

#include <gtest/gtest.h>

#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>

namespace chatkit::server {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<Run> make_run(net::io_context& io, std::chrono::milliseconds grace = 0ms) {
  return std::make_shared<Run>(RunIdentity{.id = "run_1", .thread_id = "thr_1", .user_id = "u"}, io.get_executor(),
                               grace);
}

// Runs `io` until `done` holds (or 5 s pass).
void run_until(net::io_context& io, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.run_for(5ms);
    io.restart();
  }
}

RunFrames read_now(net::io_context& io, Run& run, std::size_t after) {
  auto result = net::co_spawn(io, run.read_after(after), net::use_future);
  run_until(io, [&] { return result.wait_for(0s) == std::future_status::ready; });
  return result.get();
}

// A stand-in for the run's coroutine: waits "forever" on the run's slot; true once cancelled.
std::shared_ptr<std::atomic<bool>> spawn_cancellable(net::io_context& io, Run& run) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  auto body = [](net::io_context& context) -> awaitable<void> {
    net::steady_timer forever(context, net::steady_timer::time_point::max());
    co_await forever.async_wait(net::use_awaitable);
  };
  net::co_spawn(io, body(io), net::bind_cancellation_slot(run.cancellation_slot(), [cancelled](std::exception_ptr error) {
                  *cancelled = error != nullptr;
                }));
  return cancelled;
}

TEST(Run, FramesGetTheirRunAndSequenceIdAndAReaderGetsThoseAfterItsPosition) {
  net::io_context io;
  auto run = make_run(io);
  run->append("data: {\"n\":1}\n\n");
  run->append("data: {\"n\":2}\n\n");
  EXPECT_EQ(run->last_seq(), 2u);
  const auto all = read_now(io, *run, 0);
  EXPECT_EQ(all.bytes, "id: run_1:1\ndata: {\"n\":1}\n\nid: run_1:2\ndata: {\"n\":2}\n\n");
  EXPECT_EQ(all.last_seq, 2u);
  EXPECT_FALSE(all.ended);
  const auto tail = read_now(io, *run, 1);
  EXPECT_EQ(tail.bytes, "id: run_1:2\ndata: {\"n\":2}\n\n");
  run->end({});
  const auto end = read_now(io, *run, 2);
  EXPECT_EQ(end.bytes, "");
  EXPECT_TRUE(end.ended);
}

TEST(Run, AReaderOnAnotherThreadWaitsAndIsWokenByTheNextFrameUnlessTheLogIsHeld) {
  net::io_context run_io;
  net::io_context reader_io;
  auto run = make_run(run_io);
  auto work = net::make_work_guard(reader_io);
  std::thread reader_thread([&] { reader_io.run(); });
  auto pending = net::co_spawn(reader_io, run->read_after(0), net::use_future);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(pending.wait_for(0s), std::future_status::timeout) << "nothing to read yet";
  run->hold();
  run->append("data: {}\n\n");
  EXPECT_EQ(pending.wait_for(100ms), std::future_status::timeout) << "woken while the log was held";
  run->release();
  ASSERT_EQ(pending.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(pending.get().last_seq, 1u);
  work.reset();
  reader_thread.join();
}

TEST(Run, TheLastReaderLeavingCancelsAtOnceWithoutGrace) {
  net::io_context io;
  auto run = make_run(io, 0ms);
  auto cancelled = spawn_cancellable(io, *run);
  run->attach();
  run->attach();
  run->detach();
  io.run_for(50ms);
  io.restart();
  EXPECT_FALSE(*cancelled) << "one reader is still there";
  run->detach();
  run_until(io, [&] { return cancelled->load(); });
  EXPECT_TRUE(*cancelled);
}

TEST(Run, AReaderThatComesBackWithinTheGraceKeepsTheRun) {
  net::io_context io;
  auto run = make_run(io, 150ms);
  auto cancelled = spawn_cancellable(io, *run);
  run->attach();
  run->detach();
  io.run_for(50ms);
  io.restart();
  run->attach();  // back within the grace
  io.run_for(300ms);
  io.restart();
  EXPECT_FALSE(*cancelled);
  run->detach();  // gone again: a new grace, then the cancel
  const auto left = std::chrono::steady_clock::now();
  run_until(io, [&] { return cancelled->load(); });
  EXPECT_TRUE(*cancelled);
  EXPECT_GE(std::chrono::steady_clock::now() - left, 140ms);
}

TEST(Run, CancelAfterTheEndDoesNothing) {
  net::io_context io;
  auto run = make_run(io);
  auto cancelled = spawn_cancellable(io, *run);
  run->end({});
  run->cancel();
  io.run_for(50ms);
  EXPECT_FALSE(*cancelled);
}

}  // namespace
}  // namespace chatkit::server
