#pragma once
// Numbered schema migrations, for every owner of tables in the database file: the thread store
// (table schema_version) and the use cases (Todo: todo_schema_version). Each owner's version lives
// in a table of its own, one INTEGER column `version`, read as its largest value: the layout the
// Todo tables used to write (a row per step) and the thread store's (one row) both read right, and
// either build reads what this one writes (a single row).
#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.hpp"
#include "server/store/sqlite.hpp"

namespace chatkit::server::sqlite {

struct Migration {
  std::int64_t version;  // 1, 2, ...: the schema's version once this step ran
  std::string_view sql;
};

struct Schema {
  std::string_view name;             // for messages: "database schema", "todo schema"
  std::string_view version_table;    // a constant of the owner's, never user input
  std::span<const Migration> steps;  // in version order
};

// Applies the steps newer than the file's version, each in its own IMMEDIATE transaction that
// re-reads the version under the write lock, so that two processes opening the same file never
// apply a step twice. A file newer than the last step is refused (invalid_state), naming both.
Status migrate(Database& db, const Schema& schema);

}  // namespace chatkit::server::sqlite
