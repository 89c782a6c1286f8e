// The Todo tables beside the thread store in one SQLite file, used from two I/O threads at once.
#include "use_cases/todo/todo_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "server/store/sqlite_store.hpp"

namespace chatkit::use_cases {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The card is rebuilt from the todo table inside the thread store's write batch, which holds the
// file's write lock; meanwhile another I/O thread changes a todo and waits for that lock. The
// rebuild's read used to wait for the todo store's mutex, held by that writer: both stood still
// until the busy timeout, and the todo change failed with "database is locked".
TEST(TodoStoreTest, AReadInsideTheThreadStoresWriteBatchDoesNotWaitForATodoWriter) {
  const fs::path dir = fs::temp_directory_path() / ("chatkit_todo_store_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "chatkit.db").string();
  auto threads = server::SqliteStore::open(path);
  ASSERT_TRUE(threads.ok()) << describe(threads.error());
  auto todos = TodoStore::open(path);
  ASSERT_TRUE(todos.ok()) << describe(todos.error());
  ASSERT_TRUE((*todos)->add("alice", "milk").ok());

  std::promise<void> in_batch;
  std::future<Result<std::optional<Todo>>> writer;
  Result<std::vector<Todo>> read_in_batch = std::vector<Todo>{};
  const server::SqliteStore::Write rebuild = [&](server::Store&) -> Status {
    in_batch.set_value();
    std::this_thread::sleep_for(300ms);  // the writer is waiting for the write lock by now
    read_in_batch = (*todos)->list("alice");
    return ok_status();
  };
  std::thread batch([&] { (*threads)->write_batch(std::vector<server::SqliteStore::Write>{rebuild}); });
  in_batch.get_future().wait();
  writer = std::async(std::launch::async, [&] { return (*todos)->set_state("alice", 1, TodoState::done); });
  batch.join();
  const auto written = writer.get();
  ASSERT_TRUE(read_in_batch.ok()) << describe(read_in_batch.error());
  ASSERT_EQ(read_in_batch->size(), 1u);
  ASSERT_TRUE(written.ok()) << describe(written.error());
  ASSERT_TRUE(written->has_value());
  EXPECT_TRUE((*written)->done);
  auto listed = (*todos)->list("alice");
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->front().done);
  todos->reset();
  threads->reset();
  fs::remove_all(dir);
}

// The todo tables as the Todo store's own migration runner left them, before the shared one: the
// file opens on its version, keeps its todos and its id counter.
TEST(TodoStoreTest, AFileWrittenByTheEarlierMigrationRunnerOpensWithItsTodos) {
  const fs::path dir = fs::temp_directory_path() / ("chatkit_todo_store_old_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "chatkit.db").string();
  {
    auto old = server::sqlite::Database::open(path);
    ASSERT_TRUE(old.ok());
    const Status written = old->exec(
        "CREATE TABLE todo_schema_version (version INTEGER NOT NULL);"
        "CREATE TABLE todos (user_id TEXT NOT NULL, id INTEGER NOT NULL, title TEXT NOT NULL, "
        "done INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (user_id, id));"
        "CREATE TABLE todo_counters (user_id TEXT PRIMARY KEY, next_id INTEGER NOT NULL);"
        "INSERT INTO todo_schema_version (version) VALUES (1);"
        "INSERT INTO todos (user_id, id, title, done) VALUES ('alice', 4, 'milk', 1);"
        "INSERT INTO todo_counters (user_id, next_id) VALUES ('alice', 5);");
    ASSERT_TRUE(written.ok()) << describe(written.error());
  }
  auto todos = TodoStore::open(path);
  ASSERT_TRUE(todos.ok()) << describe(todos.error());
  auto listed = (*todos)->list("alice");
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(*listed, (std::vector<Todo>{{.id = 4, .title = "milk", .done = true}}));
  auto added = (*todos)->add("alice", "bread");
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->id, 5);
  todos->reset();
  fs::remove_all(dir);
}

TEST(TodoStoreTest, TodoTablesOfANewerBuildAreRefused) {
  const fs::path dir = fs::temp_directory_path() / ("chatkit_todo_store_newer_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "chatkit.db").string();
  {
    auto newer = server::sqlite::Database::open(path);
    ASSERT_TRUE(newer.ok());
    ASSERT_TRUE(newer->exec("CREATE TABLE todo_schema_version (version INTEGER NOT NULL);"
                            "INSERT INTO todo_schema_version (version) VALUES (1);"
                            "INSERT INTO todo_schema_version (version) VALUES (2);")
                    .ok());
  }
  auto todos = TodoStore::open(path);
  ASSERT_FALSE(todos.ok());
  EXPECT_EQ(todos.error().code, ErrorCode::invalid_state);
  EXPECT_NE(todos.error().message.find("todo schema version 2"), std::string::npos) << todos.error().message;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace chatkit::use_cases
