#include "server/store/database_target.hpp"

#include <optional>

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

std::optional<std::string> conninfo_of(std::string_view db) {
  const auto target = database_target(db);
  if (const auto* postgres = std::get_if<PostgresTarget>(&target)) return postgres->conninfo;
  return std::nullopt;
}

TEST(DatabaseTarget, UrisKeywordsAndTheEnvironmentNamePostgres) {
  EXPECT_EQ(conninfo_of("postgres://app@db:5432/chat"), "postgres://app@db:5432/chat");
  EXPECT_EQ(conninfo_of("postgresql://app@db/chat?sslmode=require"), "postgresql://app@db/chat?sslmode=require");
  EXPECT_EQ(conninfo_of("host=/tmp dbname=chat"), "host=/tmp dbname=chat");
  EXPECT_EQ(conninfo_of("postgres:"), "");
}

TEST(DatabaseTarget, AnythingElseIsASqlitePath) {
  for (std::string_view path : {"data/chatkit.db", ":memory:", "postgres", "postgres:/tmp/x.db", "/var/lib/pg.db"}) {
    const auto target = database_target(path);
    ASSERT_TRUE(std::holds_alternative<SqliteTarget>(target)) << path;
    EXPECT_EQ(std::get<SqliteTarget>(target).path, path);
  }
}

TEST(DatabaseTarget, RedactsTheUrisPassword) {
  EXPECT_EQ(redact_database("postgres://app:s3cret@db:5432/chat"), "postgres://app:***@db:5432/chat");
  EXPECT_EQ(redact_database("postgresql://app:p@ss@db/chat"), "postgresql://app:***@db/chat");
  EXPECT_EQ(redact_database("postgres://app@db/chat?password=s3cret&sslmode=require"),
            "postgres://app@db/chat?password=***&sslmode=require");
  EXPECT_EQ(redact_database("postgres://app@db/chat"), "postgres://app@db/chat");
  EXPECT_EQ(redact_database("postgres://db:5432/chat"), "postgres://db:5432/chat");
}

TEST(DatabaseTarget, RedactsAKeywordStringsPassword) {
  EXPECT_EQ(redact_database("host=db password=s3cret dbname=chat"), "host=db password=*** dbname=chat");
  EXPECT_EQ(redact_database("password = 's3 \\' cret' host=db"), "password = *** host=db");
  EXPECT_EQ(redact_database("host=db passfile=/x dbname=chat"), "host=db passfile=/x dbname=chat");
}

TEST(DatabaseTarget, LeavesASqlitePathAlone) {
  EXPECT_EQ(redact_database("data/chatkit.db"), "data/chatkit.db");
}

}  // namespace
}  // namespace chatkit::server
