#include "server/store/migrations.hpp"

#include <array>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace chatkit::server::sqlite {
namespace {

constexpr std::array kSteps = {
    SqlMigration{1, "CREATE TABLE a (x INTEGER)"},
    SqlMigration{2, "CREATE TABLE b (x INTEGER)"},
    SqlMigration{3, "CREATE TABLE IF NOT EXISTS ran (step INTEGER); INSERT INTO ran (step) VALUES (3)"},
};
constexpr SqlSchema kSchema{.name = "test schema", .version_table = "test_version", .steps = kSteps};

Database open_memory() {
  auto db = Database::open(":memory:");
  EXPECT_TRUE(db.ok());
  return std::move(db).value();
}

std::int64_t number(Database& db, const std::string& sql) {
  auto statement = db.prepare(sql);
  EXPECT_TRUE(statement.ok()) << sql;
  if (!statement.ok()) return -1;
  auto row = statement->step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return row.ok() && *row ? statement->column_int(0) : -1;
}

bool has_table(Database& db, const std::string& name) {
  return number(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'") == 1;
}

TEST(Migrations, AFreshFileRunsEveryStepAndKeepsOneRowWithTheLastVersion) {
  Database db = open_memory();
  const Status migrated = migrate(db, kSchema);
  ASSERT_TRUE(migrated.ok()) << describe(migrated.error());
  EXPECT_TRUE(has_table(db, "a"));
  EXPECT_TRUE(has_table(db, "b"));
  EXPECT_EQ(number(db, "SELECT COUNT(*) FROM ran"), 1);
  EXPECT_EQ(number(db, "SELECT COUNT(*) FROM test_version"), 1);
  EXPECT_EQ(number(db, "SELECT version FROM test_version"), 3);
}

TEST(Migrations, ASecondRunAppliesNothing) {
  Database db = open_memory();
  ASSERT_TRUE(migrate(db, kSchema).ok());
  const Status again = migrate(db, kSchema);
  ASSERT_TRUE(again.ok()) << describe(again.error());
  EXPECT_EQ(number(db, "SELECT COUNT(*) FROM ran"), 1);
}

// The layout the Todo tables were written with before the shared runner: a row per step ran.
TEST(Migrations, AVersionTableWithARowPerStepIsAtItsLargestVersion) {
  Database db = open_memory();
  ASSERT_TRUE(db.exec("CREATE TABLE test_version (version INTEGER NOT NULL);"
                      "INSERT INTO test_version (version) VALUES (1); INSERT INTO test_version (version) VALUES (2);"
                      "CREATE TABLE a (x INTEGER); CREATE TABLE b (x INTEGER);")
                  .ok());
  const Status migrated = migrate(db, kSchema);  // steps 1 and 2 again would fail: a and b exist
  ASSERT_TRUE(migrated.ok()) << describe(migrated.error());
  EXPECT_EQ(number(db, "SELECT COUNT(*) FROM ran"), 1);
  EXPECT_EQ(number(db, "SELECT MAX(version) FROM test_version"), 3);
}

// The thread store's layout: one row, rewritten by each step.
TEST(Migrations, AVersionTableWithOneRowIsAtThatVersion) {
  Database db = open_memory();
  ASSERT_TRUE(db.exec("CREATE TABLE test_version (version INTEGER NOT NULL);"
                      "INSERT INTO test_version (version) VALUES (2);"
                      "CREATE TABLE a (x INTEGER); CREATE TABLE b (x INTEGER);")
                  .ok());
  ASSERT_TRUE(migrate(db, kSchema).ok());
  EXPECT_EQ(number(db, "SELECT COUNT(*) FROM ran"), 1);
}

TEST(Migrations, ANewerFileIsRefusedNamingBothVersions) {
  Database db = open_memory();
  ASSERT_TRUE(db.exec("CREATE TABLE test_version (version INTEGER NOT NULL);"
                      "INSERT INTO test_version (version) VALUES (7);")
                  .ok());
  const Status migrated = migrate(db, kSchema);
  ASSERT_FALSE(migrated.ok());
  EXPECT_EQ(migrated.error().code, ErrorCode::invalid_state);
  EXPECT_EQ(migrated.error().message, "test schema version 7 is newer than this build knows (3)");
  EXPECT_FALSE(has_table(db, "a")) << "nothing is applied to a newer file";
}

TEST(Migrations, AFailingStepIsRolledBackAndTheVersionStaysAtTheStepBefore) {
  constexpr std::array broken = {
      SqlMigration{1, "CREATE TABLE a (x INTEGER)"},
      SqlMigration{2, "CREATE TABLE b (x INTEGER); INSERT INTO no_such_table VALUES (1)"},
  };
  Database db = open_memory();
  const Status migrated = migrate(db, SqlSchema{.name = "test schema", .version_table = "test_version", .steps = broken});
  ASSERT_FALSE(migrated.ok());
  EXPECT_EQ(migrated.error().code, ErrorCode::internal);
  EXPECT_TRUE(has_table(db, "a"));
  EXPECT_FALSE(has_table(db, "b"));
  EXPECT_EQ(number(db, "SELECT MAX(version) FROM test_version"), 1);
}

}  // namespace
}  // namespace chatkit::server::sqlite
