// SqlDatabase (a use case's tables and the runs' ledger in the thread store's database) on both
// engines: one statement alone, a transaction, and a statement made inside the store's write batch.
#include "server/store/sql_database.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "server/store/postgres/pg_sql_database.hpp"
#include "server/store/postgres/pg_store.hpp"
#include "server/store/sqlite_sql_database.hpp"
#include "support/postgres_fixture.hpp"

namespace chatkit::server {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTable = "CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL)";
constexpr std::string_view kInsert = "INSERT INTO notes (id, body) VALUES ($1, $2) RETURNING id";
constexpr std::string_view kCount = "SELECT count(*) FROM notes";

struct Engine {
  std::unique_ptr<PgStore> threads;  // PostgreSQL only: the thread store the database shares
  std::unique_ptr<SqlDatabase> database;
  fs::path file;  // SQLite only
  ~Engine() {
    database.reset();
    if (file.empty()) return;
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix, ignored);
  }
  Engine() = default;
  Engine(Engine&&) = default;
  Engine& operator=(Engine&&) = default;
};

Engine open_engine(const std::string& name) {
  if (name == "sqlite") {
    static std::atomic<int> counter{0};
    const auto path = fs::temp_directory_path() /
                      ("chatkit_sql_database_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".db");
    auto database = SqliteSqlDatabase::open(path.string());
    EXPECT_TRUE(database.ok());
    Engine engine;
    engine.database = std::move(*database);
    engine.file = path;
    return engine;
  }
  auto store = PgStore::open({.conninfo = testing::PostgresCluster::instance().fresh_database(), .pool_size = 2});
  EXPECT_TRUE(store.ok()) << describe(store.error());
  auto database = std::make_unique<PgSqlDatabase>(**store);
  Engine engine;
  engine.threads = std::move(*store);
  engine.database = std::move(database);
  return engine;
}

class SqlDatabaseOnEachEngine : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    engine_ = open_engine(GetParam());
    ASSERT_TRUE(db().execute(kTable).ok());
  }
  SqlDatabase& db() { return *engine_.database; }
  std::int64_t count() {
    auto rows = db().read(kCount);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->integer(0, 0) : -1;
  }
  Engine engine_;
};

TEST_P(SqlDatabaseOnEachEngine, AStatementAloneCommitsAndGivesItsRows) {
  auto inserted = db().execute(kInsert, {std::string("n1"), std::string("milk")});
  ASSERT_TRUE(inserted.ok()) << describe(inserted.error());
  ASSERT_EQ(inserted->size(), 1u);
  EXPECT_EQ(inserted->text(0, 0), "n1");
  EXPECT_EQ(count(), 1);
}

TEST_P(SqlDatabaseOnEachEngine, AFailingStatementAloneSaysWhyAndChangesNothing) {
  ASSERT_TRUE(db().execute(kInsert, {std::string("n1"), std::string("milk")}).ok());
  EXPECT_FALSE(db().execute(kInsert, {std::string("n1"), std::string("again")}).ok());  // the key is taken
  EXPECT_FALSE(db().execute("INSERT INTO nowhere VALUES (1)").ok());
  EXPECT_EQ(count(), 1);
  // The connection is usable afterwards: nothing is left half-done on it.
  EXPECT_TRUE(db().execute(kInsert, {std::string("n2"), std::string("tea")}).ok());
  EXPECT_EQ(count(), 2);
}

TEST_P(SqlDatabaseOnEachEngine, ATransactionThatFailsKeepsNoneOfItsStatements) {
  auto status = db().transaction([](SqlTransaction& tx) -> Status {
    if (auto first = tx.execute(kInsert, {std::string("n1"), std::string("milk")}); !first) return first.error();
    auto second = tx.execute(kInsert, {std::string("n1"), std::string("again")});
    if (!second) return second.error();
    return ok_status();
  });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(count(), 0);
}

// PostgreSQL: inside the thread store's write batch, a statement alone is part of the batch, and a
// failing one does not abort the batch's transaction for the other writes.
TEST(SqlDatabaseOnPostgres, AStatementInsideAWriteBatchIsPartOfItAndItsFailureStaysItsOwn) {
  auto engine = open_engine("postgres");
  ASSERT_TRUE(engine.database->execute(kTable).ok());
  std::vector<Store::Write> writes = {
      [&](Store&) -> Status {
        auto inserted = engine.database->execute(kInsert, {std::string("n1"), std::string("milk")});
        if (!inserted) return inserted.error();
        return ok_status();
      },
      [&](Store&) -> Status {
        auto refused = engine.database->execute(kInsert, {std::string("n1"), std::string("again")});
        EXPECT_FALSE(refused.ok());
        auto other = engine.database->execute(kInsert, {std::string("n2"), std::string("tea")});
        if (!other) return other.error();
        return ok_status();
      },
  };
  auto results = engine.threads->write_batch(writes);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_TRUE(results[1].ok()) << describe(results[1].error());
  auto rows = engine.database->read("SELECT id FROM notes ORDER BY id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->text(0, 0), "n1");
  EXPECT_EQ(rows->text(1, 0), "n2");
}

INSTANTIATE_TEST_SUITE_P(Engines, SqlDatabaseOnEachEngine, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace chatkit::server
