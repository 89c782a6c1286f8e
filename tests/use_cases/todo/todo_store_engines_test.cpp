// The Todo store on both engines of the thread store: the SQLite file and PostgreSQL (a throwaway
// cluster, tests/support/postgres_fixture.hpp), through one SqlDatabase interface.
#include "use_cases/todo/todo_store.hpp"

#include <atomic>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "server/store/postgres/pg_sql_database.hpp"
#include "server/store/postgres/pg_store.hpp"
#include "server/store/sqlite_sql_database.hpp"
#include "support/postgres_fixture.hpp"

namespace chatkit::use_cases {
namespace {

namespace fs = std::filesystem;

// A thread store's database and a Todo store on it.
struct Engine {
  std::unique_ptr<server::Store> threads;
  std::unique_ptr<server::SqlDatabase> database;
  std::unique_ptr<TodoStore> todos;
};

fs::path sqlite_dir() {
  static const struct Dir {
    fs::path path = fs::temp_directory_path() / ("chatkit_todo_engines_" + std::to_string(::getpid()));
    Dir() { fs::create_directories(path); }
    ~Dir() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } dir;
  return dir.path;
}

Engine open_sqlite() {
  static std::atomic<int> counter{0};
  const auto path = (sqlite_dir() / ("todo_" + std::to_string(counter++) + ".db")).string();
  auto database = server::SqliteSqlDatabase::open(path);
  EXPECT_TRUE(database.ok());
  Engine engine{.threads = nullptr, .database = std::move(*database), .todos = nullptr};
  auto todos = TodoStore::open(*engine.database);
  EXPECT_TRUE(todos.ok()) << describe(todos.error());
  engine.todos = std::move(*todos);
  return engine;
}

Engine open_postgres(int pool_size = 4) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  auto store = server::PgStore::open({.conninfo = conninfo, .pool_size = pool_size});
  EXPECT_TRUE(store.ok()) << describe(store.error());
  auto& pg = **store;
  Engine engine{.threads = std::move(*store), .database = std::make_unique<server::PgSqlDatabase>(pg), .todos = nullptr};
  auto todos = TodoStore::open(*engine.database);
  EXPECT_TRUE(todos.ok()) << describe(todos.error());
  engine.todos = std::move(*todos);
  return engine;
}

class TodoStoreOnEachEngine : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { engine_ = GetParam() == "sqlite" ? open_sqlite() : open_postgres(); }
  TodoStore& todos() { return *engine_.todos; }
  Engine engine_;
};

TEST_P(TodoStoreOnEachEngine, AddsAndListsEachUsersTodosOldestFirst) {
  ASSERT_TRUE(todos().add("alice", "milk").ok());
  ASSERT_TRUE(todos().add("alice", "  bread\n").ok());
  ASSERT_TRUE(todos().add("bob", "tea").ok());
  auto alice = todos().list("alice");
  ASSERT_TRUE(alice.ok()) << describe(alice.error());
  EXPECT_EQ(*alice, (std::vector<Todo>{{.id = 1, .title = "milk", .done = false}, {.id = 2, .title = "bread", .done = false}}));
  auto bob = todos().list("bob");
  ASSERT_TRUE(bob.ok());
  EXPECT_EQ(*bob, (std::vector<Todo>{{.id = 1, .title = "tea", .done = false}}));
  EXPECT_EQ(todos().add("alice", " \t ").error().code, ErrorCode::invalid_request);
}

TEST_P(TodoStoreOnEachEngine, ChangesRenamesAndRemovesOneTodo) {
  ASSERT_TRUE(todos().add("alice", "milk").ok());
  auto done = todos().set_state("alice", 1, TodoState::done);
  ASSERT_TRUE(done.ok()) << describe(done.error());
  EXPECT_EQ(*done, (Todo{.id = 1, .title = "milk", .done = true}));
  auto renamed = todos().rename("alice", 1, "oat milk");
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(*renamed, (Todo{.id = 1, .title = "oat milk", .done = true}));
  EXPECT_FALSE(todos().set_state("bob", 1, TodoState::done)->has_value()) << "another user's todo";
  EXPECT_FALSE(todos().rename("alice", 9, "x")->has_value());
  auto removed = todos().remove("alice", 1);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, (Todo{.id = 1, .title = "oat milk", .done = true}));
  EXPECT_FALSE(todos().remove("alice", 1)->has_value());
  EXPECT_TRUE(todos().list("alice")->empty());
}

TEST_P(TodoStoreOnEachEngine, IdsAreNeverReused) {
  ASSERT_TRUE(todos().add("alice", "a").ok());
  ASSERT_TRUE(todos().add("alice", "b").ok());
  ASSERT_TRUE(todos().remove("alice", 2).ok());
  auto next = todos().add("alice", "c");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->id, 3);
  EXPECT_TRUE(*todos().was_issued("alice", 2));
  EXPECT_FALSE(*todos().was_issued("alice", 4));
  EXPECT_FALSE(*todos().was_issued("bob", 1));
}

TEST_P(TodoStoreOnEachEngine, ClearCompletedRemovesOnlyTheDoneOnes) {
  for (const char* title : {"a", "b", "c"}) ASSERT_TRUE(todos().add("alice", title).ok());
  ASSERT_TRUE(todos().set_state("alice", 3, TodoState::done).ok());
  ASSERT_TRUE(todos().set_state("alice", 1, TodoState::done).ok());
  auto cleared = todos().clear_completed("alice");
  ASSERT_TRUE(cleared.ok()) << describe(cleared.error());
  EXPECT_EQ(*cleared, (std::vector<Todo>{{.id = 1, .title = "a", .done = true}, {.id = 3, .title = "c", .done = true}}));
  EXPECT_EQ(*todos().list("alice"), (std::vector<Todo>{{.id = 2, .title = "b", .done = false}}));
}

// Several instances (or I/O threads) adding at once: every add gets an id of its own.
TEST_P(TodoStoreOnEachEngine, ConcurrentAddsGetDistinctIds) {
  constexpr int kAdds = 24;
  std::vector<std::future<Result<Todo>>> adds;
  for (int i = 0; i < kAdds; ++i) {
    adds.push_back(std::async(std::launch::async, [this, i] { return todos().add("alice", "t" + std::to_string(i)); }));
  }
  std::set<std::int64_t> ids;
  for (auto& add : adds) {
    auto todo = add.get();
    ASSERT_TRUE(todo.ok()) << describe(todo.error());
    ids.insert(todo->id);
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kAdds));
  EXPECT_EQ(*ids.rbegin(), kAdds);
}

INSTANTIATE_TEST_SUITE_P(Engines, TodoStoreOnEachEngine, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

// The card is rebuilt from the todo table inside the thread store's write batch: on PostgreSQL the
// read runs on the batch's own connection, so a pool of one connection does not wait for a second.
TEST(TodoStoreOnPostgres, AReadInsideTheThreadStoresWriteBatchUsesTheBatchsConnection) {
  auto engine = open_postgres(/*pool_size=*/1);
  ASSERT_TRUE(engine.todos->add("alice", "milk").ok());
  Result<std::vector<Todo>> read_in_batch = std::vector<Todo>{};
  const server::Store::Write rebuild = [&](server::Store&) -> Status {
    read_in_batch = engine.todos->list("alice");
    return ok_status();
  };
  auto results = engine.threads->write_batch(std::vector<server::Store::Write>{rebuild});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].ok());
  ASSERT_TRUE(read_in_batch.ok()) << describe(read_in_batch.error());
  EXPECT_EQ(read_in_batch->size(), 1u);
}

TEST(TodoStoreOnPostgres, InstancesStartingAtOnceMigrateOnce) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  std::vector<std::future<Status>> opens;
  for (int i = 0; i < 3; ++i) {
    opens.push_back(std::async(std::launch::async, [&conninfo] {
      auto store = server::PgStore::open({.conninfo = conninfo, .pool_size = 2});
      if (!store) return Status(store.error());
      server::PgSqlDatabase database(**store);
      auto todos = TodoStore::open(database);
      if (!todos) return Status(todos.error());
      return ok_status();
    }));
  }
  for (auto& open : opens) {
    const Status status = open.get();
    EXPECT_TRUE(status.ok()) << describe(status.error());
  }
}

TEST(TodoStoreOnPostgres, TodoTablesOfANewerBuildAreRefused) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  auto store = server::PgStore::open({.conninfo = conninfo, .pool_size = 1});
  ASSERT_TRUE(store.ok());
  server::PgSqlDatabase database(**store);
  ASSERT_TRUE(database.transaction([](server::SqlTransaction& tx) -> Status {
    for (const char* sql : {"CREATE TABLE todo_schema_version (version BIGINT NOT NULL)",
                            "INSERT INTO todo_schema_version VALUES (2)"}) {
      if (auto done = tx.execute(sql); !done) return done.error();
    }
    return ok_status();
  }).ok());
  auto todos = TodoStore::open(database);
  ASSERT_FALSE(todos.ok());
  EXPECT_EQ(todos.error().code, ErrorCode::invalid_state);
  EXPECT_NE(todos.error().message.find("todo schema version 2"), std::string::npos) << todos.error().message;
}

}  // namespace
}  // namespace chatkit::use_cases
