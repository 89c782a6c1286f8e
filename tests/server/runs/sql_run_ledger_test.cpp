// The runs every instance shares (server/runs/sql_run_ledger.*) on a real PostgreSQL 15: one
// running claim per thread, the owner's sync (chunks, ends, heartbeat, cancels asked for, readers
// elsewhere), a follower's pages, ownership, the takeover of a silent owner's runs, and cancel
// requests heard at once through LISTEN/NOTIFY (pg::Listener).
#include "server/runs/sql_run_ledger.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "server/store/postgres/pg_listener.hpp"
#include "server/store/postgres/pg_sql_database.hpp"
#include "server/store/postgres/pg_store.hpp"
#include "support/postgres_fixture.hpp"

namespace chatkit::server {
namespace {

using namespace std::chrono_literals;

template <class T>
T must(Result<T> result) {
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : describe(result.error()));
  return std::move(*result);
}

class SqlRunLedgerTest : public ::testing::Test {
 protected:
  SqlRunLedgerTest()
      : conninfo_(testing::PostgresCluster::instance().fresh_database()),
        store_(must(PgStore::open({.conninfo = conninfo_, .pool_size = 2}))),
        tables_(*store_),
        ledger_(must(SqlRunLedger::open(tables_, "test_run_cancel"))) {}

  RunRecord record(const std::string& id, const std::string& thread, const std::string& owner = "a") {
    return RunRecord{.id = id, .thread_id = thread, .user_id = "alice", .owner = owner, .claims_thread = true};
  }

  std::string conninfo_;
  std::unique_ptr<PgStore> store_;
  PgSqlDatabase tables_;
  std::unique_ptr<SqlRunLedger> ledger_;
};

TEST_F(SqlRunLedgerTest, OneRunningClaimPerThreadOnAnyInstanceAndTheOwnersStaleOneIsEnded) {
  ASSERT_TRUE(ledger_->begin(record("run_1", "thr_1", "a"), 1000));
  const auto busy = ledger_->begin(record("run_2", "thr_1", "b"), 1000);
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, ErrorCode::thread_busy);
  EXPECT_EQ(must(ledger_->active_run("thr_1")), std::optional<std::string>("run_1"));
  // A run that claims nothing (a widget action) never conflicts.
  auto action = record("run_3", "thr_1", "b");
  action.claims_thread = false;
  EXPECT_TRUE(ledger_->begin(action, 1000));
  // The owner itself starting again: its earlier run has ended there, whatever the ledger says.
  EXPECT_TRUE(ledger_->begin(record("run_4", "thr_1", "a"), 1000));
  EXPECT_EQ(must(ledger_->active_run("thr_1")), std::optional<std::string>("run_4"));
}

TEST_F(SqlRunLedgerTest, TheOwnersSyncIsWhatAFollowerReadsAndOnlyTheOwningUserFindsTheRun) {
  ASSERT_TRUE(ledger_->begin(record("run_1", "thr_1"), 1000));
  RunSync first;
  first.chunks.push_back({"run_1", RunChunk{.first_seq = 1, .last_seq = 2, .frames = "id: run_1:1\ndata: {}\n\nid: run_1:2\ndata: {}\n\n"}});
  ASSERT_TRUE(ledger_->sync("a", first, 2000));
  auto page = must(ledger_->follow("run_1", "alice", 1, 2100));
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->state, RunState::running);
  ASSERT_EQ(page->chunks.size(), 1u);  // the chunk holding event 2
  EXPECT_EQ(page->chunks[0].last_seq, 2);
  EXPECT_FALSE(must(ledger_->follow("run_1", "bob", 0, 2100)).has_value()) << "another user's run exists";
  EXPECT_FALSE(must(ledger_->find("run_1", "bob")).has_value());
  // The follower counts for the owner, for a second.
  RunSync none;
  EXPECT_EQ(must(ledger_->sync("a", none, 2200)).followed, std::vector<std::string>{"run_1"});
  EXPECT_TRUE(must(ledger_->sync("a", none, 4000)).followed.empty());
  // The end, after the last chunk.
  RunSync last;
  last.chunks.push_back({"run_1", RunChunk{.first_seq = 3, .last_seq = 3, .frames = "id: run_1:3\ndata: {}\n\n"}});
  last.finished.push_back({"run_1", RunState::ended});
  ASSERT_TRUE(ledger_->sync("a", last, 4100));
  page = must(ledger_->follow("run_1", "alice", 2, 4200));
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->state, RunState::ended);
  ASSERT_EQ(page->chunks.size(), 1u);
  EXPECT_EQ(page->chunks[0].first_seq, 3);
  EXPECT_FALSE(must(ledger_->active_run("thr_1")).has_value());
}

TEST_F(SqlRunLedgerTest, ACancelRequestReachesTheOwnersSyncAndItsListenerAtOnce) {
  ASSERT_TRUE(ledger_->begin(record("run_1", "thr_1"), 1000));
  std::mutex mutex;
  std::condition_variable heard_cv;
  std::vector<std::string> heard;
  {
    pg::Listener listener({.conninfo = conninfo_}, "test_run_cancel", [&](const std::string& payload) {
      std::lock_guard lock(mutex);
      heard.push_back(payload);
      heard_cv.notify_all();
    });
    std::this_thread::sleep_for(500ms);  // the listener is connected and listening
    const auto asked = std::chrono::steady_clock::now();
    ASSERT_TRUE(ledger_->request_cancel("run_1"));
    std::unique_lock lock(mutex);
    ASSERT_TRUE(heard_cv.wait_for(lock, 5s, [&] { return !heard.empty(); })) << "no NOTIFY arrived";
    EXPECT_EQ(heard, std::vector<std::string>{"run_1"});
    std::cout << "[ figures ] a cancel request heard through LISTEN in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked).count()
              << " ms\n";
  }
  RunSync none;
  EXPECT_EQ(must(ledger_->sync("a", none, 1100)).cancels, std::vector<std::string>{"run_1"});
}

TEST_F(SqlRunLedgerTest, ASilentOwnersRunsAreTakenOverOnceAndTheThreadIsFree) {
  ASSERT_TRUE(ledger_->begin(record("run_1", "thr_1", "dead"), 1000));
  ASSERT_TRUE(ledger_->begin(record("run_2", "thr_2", "alive"), 1000));
  RunSync none;
  ASSERT_TRUE(ledger_->sync("alive", none, 20000));  // its heartbeat
  const auto taken = must(ledger_->take_over("alive", 20000 - 15000));
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].id, "run_1");
  EXPECT_EQ(taken[0].thread_id, "thr_1");
  EXPECT_TRUE(must(ledger_->take_over("alive", 20000 - 15000)).empty()) << "taken over twice";
  EXPECT_EQ(must(ledger_->find("run_1", "alice"))->state, RunState::cancelled);
  EXPECT_FALSE(must(ledger_->active_run("thr_1")).has_value());
  EXPECT_TRUE(ledger_->begin(record("run_3", "thr_1", "alive"), 20000));
}

}  // namespace
}  // namespace chatkit::server
