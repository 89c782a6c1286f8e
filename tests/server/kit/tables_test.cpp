// The one migration mechanism (SqlSchema) through the kit's UseCaseTables, on SQLite; the same
// schemas on PostgreSQL are covered by todo_engine_tests and pg_server_tests.
#include "server/kit/tables.hpp"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "server/store/sqlite_store.hpp"

namespace chatkit::server::kit {
namespace {

namespace fs = std::filesystem;

constexpr std::array kStepsV1 = {SqlMigration{1, "CREATE TABLE notes (user_id TEXT NOT NULL, body TEXT NOT NULL)"}};
constexpr std::array kStepsV2 = {
    SqlMigration{1, "CREATE TABLE notes (user_id TEXT NOT NULL, body TEXT NOT NULL)"},
    SqlMigration{2, "ALTER TABLE notes ADD COLUMN pinned BIGINT NOT NULL DEFAULT 0"},
};
constexpr SqlSchema kNotesV1{.name = "notes schema", .version_table = "notes_schema_version", .steps = kStepsV1};
constexpr SqlSchema kNotesV2{.name = "notes schema", .version_table = "notes_schema_version", .steps = kStepsV2};

class TablesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chatkit_kit_tables_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "chatkit.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string path_;
};

TEST_F(TablesTest, OpeningMigratesAndTheTablesWork) {
  auto tables = UseCaseTables::open({.sqlite_path = path_}, kNotesV1);
  ASSERT_TRUE(tables.ok()) << describe(tables.error());
  auto inserted = (*tables)->db().transaction([](SqlTransaction& tx) -> Status {
    auto rows = tx.execute("INSERT INTO notes (user_id, body) VALUES ($1, $2)", {std::string("u1"), std::string("hi")});
    if (!rows) return rows.error();
    return ok_status();
  });
  ASSERT_TRUE(inserted.ok());
  auto rows = (*tables)->db().read("SELECT body FROM notes WHERE user_id = $1", {std::string("u1")});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->text(0, 0), "hi");
}

TEST_F(TablesTest, ANewerStepIsAppliedOnceAndKeepsTheRows) {
  {
    auto v1 = UseCaseTables::open({.sqlite_path = path_}, kNotesV1);
    ASSERT_TRUE(v1.ok());
    ASSERT_TRUE((*v1)->db().transaction([](SqlTransaction& tx) -> Status {
      auto rows = tx.execute("INSERT INTO notes (user_id, body) VALUES ('u1', 'kept')");
      return rows ? ok_status() : Status(rows.error());
    }).ok());
  }
  for (int open = 0; open < 2; ++open) {  // the second open finds version 2 and changes nothing
    auto v2 = UseCaseTables::open({.sqlite_path = path_}, kNotesV2);
    ASSERT_TRUE(v2.ok()) << describe(v2.error());
    auto rows = (*v2)->db().read("SELECT body, pinned FROM notes");
    ASSERT_TRUE(rows.ok()) << describe(rows.error());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->text(0, 0), "kept");
    EXPECT_EQ(rows->integer(0, 1), 0);
  }
  auto version = (*UseCaseTables::open({.sqlite_path = path_}, kNotesV2))->db().read("SELECT MAX(version) FROM notes_schema_version");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->integer(0, 0), 2);
}

TEST_F(TablesTest, ADatabaseNewerThanTheBuildIsRefusedNamingBothVersions) {
  ASSERT_TRUE(UseCaseTables::open({.sqlite_path = path_}, kNotesV2).ok());
  auto older_build = UseCaseTables::open({.sqlite_path = path_}, kNotesV1);
  ASSERT_FALSE(older_build.ok());
  EXPECT_EQ(older_build.error().code, ErrorCode::invalid_state);
  EXPECT_NE(older_build.error().message.find("notes schema version 2"), std::string::npos) << older_build.error().message;
  EXPECT_NE(older_build.error().message.find("(1)"), std::string::npos) << older_build.error().message;
}

TEST_F(TablesTest, TheThreadStoreAndAUseCaseMigrateTheSameFileEachUnderItsOwnVersion) {
  auto store = SqliteStore::open(path_);
  ASSERT_TRUE(store.ok());
  auto tables = UseCaseTables::open({.sqlite_path = path_}, kNotesV2);
  ASSERT_TRUE(tables.ok());
  auto versions = (*tables)->db().read(
      "SELECT (SELECT MAX(version) FROM schema_version), (SELECT MAX(version) FROM notes_schema_version)");
  ASSERT_TRUE(versions.ok());
  EXPECT_GE(versions->integer(0, 0), 2);  // the thread store's own steps
  EXPECT_EQ(versions->integer(0, 1), 2);
}

TEST_F(TablesTest, CallRunsInlineWithoutAnExecutor) {
  auto tables = UseCaseTables::open({.sqlite_path = ":memory:"}, kNotesV1);
  ASSERT_TRUE(tables.ok());
  int ran = 0;
  auto work = [&] { return ++ran; };
  boost::asio::io_context io;
  int result = 0;
  boost::asio::co_spawn(io, [&]() -> awaitable<void> { result = co_await (*tables)->call(work); },
                        boost::asio::detached);
  io.run();
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(result, 1);
}

}  // namespace
}  // namespace chatkit::server::kit
