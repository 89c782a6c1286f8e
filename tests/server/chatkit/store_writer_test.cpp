#include "server/chatkit/store_writer.hpp"
#include <algorithm>

#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "server/common/clock.hpp"
#include "server/store/sqlite_store.hpp"

namespace chatkit::server {
namespace {

class BatchingWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("chatkit_writer_" + std::to_string(::getpid()) + "_" + random_id(IdKind::thread) + ".db");
    auto opened = SqliteStore::open(path_.string());
    ASSERT_TRUE(opened.ok());
    store = std::move(*opened);
  }
  void TearDown() override {
    store.reset();
    std::filesystem::remove(path_);
  }
  static ThreadMetadata thread(std::string id) {
    ThreadMetadata t;
    t.id = std::move(id);
    t.created_at = monotonic_now();
    return t;
  }
  std::filesystem::path path_;
  std::unique_ptr<SqliteStore> store;
  RequestContext context{.user_id = "u1", .locale = ""};
  std::thread::id main_thread = std::this_thread::get_id();
};

TEST_F(BatchingWriterTest, ConcurrentWritesAllCommitAndResumeOnTheirOwnThread) {
  constexpr int kWrites = 200;
  std::size_t commits = 0;
  std::size_t committed_writes = 0;
  BatchingWriter writer(*store, [&](std::size_t writes) {
    ++commits;
    committed_writes += writes;
  });
  boost::asio::io_context io;
  int completed = 0;
  std::thread::id resumed_on;
  for (int i = 0; i < kWrites; ++i) {
    boost::asio::co_spawn(
        io,
        [&, i]() -> awaitable<void> {
          StoreWriter::Write write = [&, i](Store& s) {
            return s.save_thread(thread("thr_" + std::to_string(i)), context);
          };
          const Status status = co_await writer.write(write);
          EXPECT_TRUE(status.ok());
          resumed_on = std::this_thread::get_id();
          ++completed;  // only ever touched on the io_context's thread
        },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
  }
  io.run();
  EXPECT_EQ(completed, kWrites);
  EXPECT_EQ(resumed_on, std::this_thread::get_id());
  // Queued in the same turn of the event loop, the writes share commits; the observer saw each.
  EXPECT_EQ(committed_writes, static_cast<std::size_t>(kWrites));
  EXPECT_LT(commits, static_cast<std::size_t>(kWrites));
  auto page = store->load_threads(1000, std::nullopt, SortOrder::asc, context);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->data.size(), static_cast<std::size_t>(kWrites));
}

// A store whose calls block (PostgreSQL) commits on a worker: the batch runs on no I/O thread, and
// every write's coroutine resumes on its own io_context thread afterwards.
TEST_F(BatchingWriterTest, OnAnOffloadingExecutorBatchesCommitOnAWorkerAndResumeOnTheirThread) {
  constexpr int kWrites = 50;
  auto workers = StoreExecutor::worker_threads(2);
  std::mutex seen_mutex;
  std::vector<std::thread::id> committed_on;
  BatchingWriter writer(*store, {}, workers.get());
  boost::asio::io_context io;
  int completed = 0;
  for (int i = 0; i < kWrites; ++i) {
    boost::asio::co_spawn(
        io,
        [&, i]() -> awaitable<void> {
          StoreWriter::Write write = [&, i](Store& s) {
            {
              std::lock_guard lock(seen_mutex);
              committed_on.push_back(std::this_thread::get_id());
            }
            return s.save_thread(thread("thr_" + std::to_string(i)), context);
          };
          const Status status = co_await writer.write(write);
          EXPECT_TRUE(status.ok());
          EXPECT_EQ(std::this_thread::get_id(), main_thread);
          ++completed;
        },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
  }
  io.run();  // returns only once every write has resumed: the commits kept it busy
  EXPECT_EQ(completed, kWrites);
  ASSERT_EQ(committed_on.size(), static_cast<std::size_t>(kWrites));
  for (const auto& id : committed_on) EXPECT_NE(id, main_thread);
  auto page = store->load_threads(1000, std::nullopt, SortOrder::asc, context);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->data.size(), static_cast<std::size_t>(kWrites));
}

// A write whose captures do not fit std::function's small buffer lives on the heap: it must be
// freed exactly once, however the await completes (GCC 12 destroyed by-value coroutine
// parameters twice; this test caught it under ASan).
TEST_F(BatchingWriterTest, WritesWithLargeCapturesAreFreedOnce) {
  BatchingWriter writer(*store);
  boost::asio::io_context io;
  std::vector<Status> statuses;
  for (const std::string id : {"thr_heap_ok", ""}) {
    boost::asio::co_spawn(
        io,
        [&, id]() -> awaitable<void> {
          const std::string padding(64, 'x');  // captured by value: forces a heap allocation
          StoreWriter::Write write = [&, id, padding](Store& s) -> Status {
            if (id.empty()) return make_error(ErrorCode::internal, "refused " + padding.substr(0, 3));
            return s.save_thread(thread(id), context);
          };
          statuses.push_back(co_await writer.write(write));
        },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
  }
  io.run();
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(std::count_if(statuses.begin(), statuses.end(), [](const Status& s) { return s.ok(); }), 1);
  EXPECT_TRUE(store->load_thread("thr_heap_ok", context).ok());
}

TEST_F(BatchingWriterTest, AFailedWriteInABatchLeavesTheOthersCommitted) {
  ASSERT_TRUE(store->save_thread(thread("thr_a"), context).ok());
  std::vector<SqliteStore::Write> writes;
  writes.push_back([&](Store& s) { return s.save_thread(thread("thr_b"), context); });
  writes.push_back([&](Store& s) -> Status {
    // Writes one row, then fails: the row must be rolled back with it.
    if (auto status = s.save_thread(thread("thr_half"), context); !status) return status;
    return make_error(ErrorCode::internal, "fails after a write");
  });
  writes.push_back([&](Store& s) {
    AssistantMessageItem orphan;
    orphan.id = "msg_x";
    orphan.thread_id = "thr_missing";
    return s.add_thread_item("thr_missing", orphan, context);  // no such thread
  });
  writes.push_back([&](Store& s) { return s.save_thread(thread("thr_c"), context); });
  const auto results = store->write_batch(writes);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_FALSE(results[1].ok());
  EXPECT_FALSE(results[2].ok());
  EXPECT_EQ(results[2].error().code, ErrorCode::not_found);
  EXPECT_TRUE(results[3].ok());
  EXPECT_TRUE(store->load_thread("thr_b", context).ok());
  EXPECT_TRUE(store->load_thread("thr_c", context).ok());
  EXPECT_FALSE(store->load_thread("thr_half", context).ok());
  // A later write outside any batch still works (no transaction was left open).
  EXPECT_TRUE(store->save_thread(thread("thr_d"), context).ok());
}

}  // namespace
}  // namespace chatkit::server
