// The Store contract, run against SqliteStore and PgStore alike (one suite, two engines), and the
// PostgreSQL store's own behaviours: timeouts, dropped connections, migrations under a lock.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "server/store/postgres/pg_store.hpp"
#include "server/store/sqlite_store.hpp"
#include "support/postgres_fixture.hpp"

namespace chatkit::server {
namespace {

const RequestContext kAlice{.user_id = "alice", .locale = "en"};
const RequestContext kBob{.user_id = "bob", .locale = "fr"};

ThreadMetadata make_thread(const std::string& id, std::int64_t seconds) {
  ThreadMetadata thread;
  thread.id = id;
  thread.created_at = Timestamp{seconds * 1'000'000};
  return thread;
}

ThreadItem make_message(const std::string& id, const std::string& thread_id, std::int64_t seconds) {
  AssistantMessageItem item;
  item.id = id;
  item.thread_id = thread_id;
  item.created_at = Timestamp{seconds * 1'000'000};
  item.content.push_back(OutputTextContent{.text = "hello " + id});
  return item;
}

// Each SQLite test's file (and its -wal, -shm) sits in a directory of its own, removed at exit.
std::filesystem::path sqlite_dir() {
  static const struct Dir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("chatkit_conformance_" + std::to_string(::getpid()));
    Dir() { std::filesystem::create_directories(path); }
    ~Dir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } dir;
  return dir.path;
}

std::unique_ptr<Store> open_sqlite() {
  static std::atomic<int> counter{0};
  const auto path = sqlite_dir() / ("store_" + std::to_string(counter++) + ".db");
  auto store = SqliteStore::open(path.string());
  return store ? std::unique_ptr<Store>(std::move(store).value()) : nullptr;
}

std::unique_ptr<Store> open_postgres() {
  auto store = PgStore::open({.conninfo = testing::PostgresCluster::instance().fresh_database()});
  return store ? std::unique_ptr<Store>(std::move(store).value()) : nullptr;
}

struct Engine {
  std::string name;
  std::function<std::unique_ptr<Store>()> open;
};

class StoreConformance : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = GetParam().open();
    ASSERT_NE(store_, nullptr);
  }
  std::unique_ptr<Store> store_;
};

TEST_P(StoreConformance, ThreadRoundTripAndNotFoundForOthers) {
  auto thread = make_thread("t1", 10);
  thread.title = "Groceries";
  ASSERT_TRUE(store_->save_thread(thread, kAlice).ok());
  auto loaded = store_->load_thread("t1", kAlice);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->title, "Groceries");
  EXPECT_EQ(store_->load_thread("t1", kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->delete_thread("t1", kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->update_thread(make_thread("t1", 10), kBob).error().code, ErrorCode::not_found);
}

TEST_P(StoreConformance, ThreadsPageByCreatedAtThenInsertionOrder) {
  for (const auto& [id, seconds] : std::vector<std::pair<std::string, int>>{{"a", 5}, {"b", 5}, {"c", 1}, {"d", 9}}) {
    ASSERT_TRUE(store_->save_thread(make_thread(id, seconds), kAlice).ok());
  }
  auto first = store_->load_threads(2, std::nullopt, SortOrder::asc, kAlice);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->data.size(), 2u);
  EXPECT_EQ(first->data[0].id, "c");
  EXPECT_EQ(first->data[1].id, "a");
  EXPECT_TRUE(first->has_more);
  auto second = store_->load_threads(2, first->after, SortOrder::asc, kAlice);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->data.size(), 2u);
  EXPECT_EQ(second->data[0].id, "b");
  EXPECT_EQ(second->data[1].id, "d");
  EXPECT_FALSE(second->has_more);
  auto newest = store_->load_threads(1, std::nullopt, SortOrder::desc, kAlice);
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(newest->data.at(0).id, "d");
  EXPECT_EQ(store_->load_threads(2, std::string("nope"), SortOrder::asc, kAlice).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->load_threads(0, std::nullopt, SortOrder::asc, kAlice).error().code, ErrorCode::invalid_request);
  EXPECT_TRUE(store_->load_threads(5, std::nullopt, SortOrder::asc, kBob)->data.empty());
}

TEST_P(StoreConformance, ItemsUpsertInPlaceAndGoWithTheirThread) {
  ASSERT_TRUE(store_->save_thread(make_thread("t", 1), kAlice).ok());
  ASSERT_TRUE(store_->add_thread_item("t", make_message("i1", "t", 1), kAlice).ok());
  ASSERT_TRUE(store_->add_thread_item("t", make_message("i2", "t", 2), kAlice).ok());
  ASSERT_TRUE(store_->save_item("t", make_message("i1", "t", 1), kAlice).ok());
  auto page = store_->load_thread_items("t", std::nullopt, 10, SortOrder::asc, kAlice);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_EQ(item_base(page->data[0]).id, "i1");
  EXPECT_EQ(store_->add_thread_item("t", make_message("x", "t", 1), kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->load_item("t", "i1", kBob).error().code, ErrorCode::not_found);
  ASSERT_TRUE(store_->delete_thread_item("t", "i2", kAlice).ok());
  EXPECT_EQ(store_->delete_thread_item("t", "i2", kAlice).error().code, ErrorCode::not_found);
  ASSERT_TRUE(store_->delete_thread("t", kAlice).ok());
  EXPECT_EQ(store_->load_item("t", "i1", kAlice).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->update_thread(make_thread("t", 1), kAlice).error().code, ErrorCode::not_found);
}

TEST_P(StoreConformance, AFailingWriteInABatchLeavesTheOthers) {
  std::vector<Store::Write> writes = {
      [](Store& store) { return store.save_thread(make_thread("kept", 1), kAlice); },
      [](Store& store) { return store.add_thread_item("missing", make_message("i", "missing", 1), kAlice); },
      [](Store& store) { return store.add_thread_item("kept", make_message("i", "kept", 1), kAlice); },
  };
  auto results = store_->write_batch(writes);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].error().code, ErrorCode::not_found);
  EXPECT_TRUE(results[2].ok());
  EXPECT_TRUE(store_->load_item("kept", "i", kAlice).ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreConformance,
                         ::testing::Values(Engine{"sqlite", open_sqlite}, Engine{"postgres", open_postgres}),
                         [](const auto& info) { return info.param.name; });

//------------------------------------------------------------------------------------------------
// PostgreSQL only

TEST(PgStore, AStatementOverTheTimeoutFailsAndTheConnectionIsUsableAfter) {
  pg::Pool pool({.conninfo = testing::PostgresCluster::instance().fresh_database(),
                 .statement_timeout = std::chrono::milliseconds(200)},
                1);
  auto lease = pool.acquire();
  ASSERT_TRUE(lease.ok());
  auto slow = (*lease)->execute("SELECT pg_sleep(2)");
  ASSERT_FALSE(slow.ok());
  EXPECT_NE(describe(slow.error()).find("timeout"), std::string::npos) << describe(slow.error());
  auto after = (*lease)->execute("SELECT 1");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->integer(0, 0), 1);
}

TEST(PgStore, AKilledBackendIsReplacedByTheNextLease) {
  auto& cluster = testing::PostgresCluster::instance();
  pg::Pool pool({.conninfo = cluster.fresh_database()}, 1);
  {
    auto lease = pool.acquire();
    ASSERT_TRUE(lease.ok());
    auto pid = (*lease)->execute("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid.ok());
    ASSERT_TRUE(cluster.psql("postgres", "SELECT pg_terminate_backend(" + pid->text(0, 0) + ")"));
    EXPECT_FALSE((*lease)->execute("SELECT 1").ok());
  }
  auto lease = pool.acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_TRUE((*lease)->execute("SELECT 1").ok());
}

TEST(PgStore, AFullPoolMakesTheNextCallerWaitThenProceed) {
  pg::Pool pool({.conninfo = testing::PostgresCluster::instance().fresh_database()}, 1);
  auto held = std::make_unique<pg::Pool::Lease>(std::move(pool.acquire()).value());
  std::atomic<bool> got{false};
  std::thread waiter([&] { got = pool.acquire().ok(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(got);
  held.reset();
  waiter.join();
  EXPECT_TRUE(got);
}

TEST(PgStore, ThreeStartersMigrateOnce) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  std::atomic<int> opened{0};
  std::vector<std::thread> starters;
  for (int i = 0; i < 3; ++i) {
    starters.emplace_back([&] { opened += PgStore::open({.conninfo = conninfo}).ok() ? 1 : 0; });
  }
  for (auto& starter : starters) starter.join();
  EXPECT_EQ(opened, 3);
  pg::Pool pool({.conninfo = conninfo}, 1);
  auto versions = pool.acquire().value()->execute("SELECT count(*), max(version) FROM schema_version");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->integer(0, 0), 1);
  EXPECT_EQ(versions->integer(0, 1), 1);
}

TEST(PgStore, ANewerSchemaIsRefusedNamingBothVersions) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  ASSERT_TRUE(PgStore::open({.conninfo = conninfo}).ok());
  pg::Pool pool({.conninfo = conninfo}, 1);
  ASSERT_TRUE(pool.acquire().value()->execute("UPDATE schema_version SET version = 99").ok());
  auto store = PgStore::open({.conninfo = conninfo});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::invalid_state);
  EXPECT_NE(store.error().message.find("99"), std::string::npos);
  EXPECT_NE(store.error().message.find("1"), std::string::npos);
}

TEST(PgStore, BadConnectionStringsFailClearlyWithoutThePassword) {
  for (const std::string conninfo : {"postgres://user:s3cret@127.0.0.1:1/db", "nonsense_keyword=1", "postgres://[bad"}) {
    auto store = PgStore::open({.conninfo = conninfo});
    ASSERT_FALSE(store.ok()) << conninfo;
    const auto message = describe(store.error());
    EXPECT_NE(message.find("database: cannot connect"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace chatkit::server
