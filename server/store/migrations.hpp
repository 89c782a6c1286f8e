#pragma once
// Numbered schema migrations on SQLite, for every owner of tables in the database file: the thread
// store (table schema_version), the runs' ledger and the use cases (Todo: todo_schema_version), all
// described the same way (SqlSchema, server/store/sql_database.hpp; PostgreSQL applies the same
// description in server/store/postgres/pg_migrations.hpp). Each owner's version lives in a table of
// its own, one INTEGER column `version`, read as its largest value: the layout the Todo tables used
// to write (a row per step) and the thread store's (one row) both read right, and either build reads
// what this one writes (a single row).
#include "core/result.hpp"
#include "server/store/sql_database.hpp"
#include "server/store/sqlite.hpp"

namespace chatkit::server::sqlite {

// Applies the steps newer than the file's version, each in its own IMMEDIATE transaction that
// re-reads the version under the write lock, so that two processes opening the same file never
// apply a step twice. A file newer than the last step is refused (invalid_state), naming both.
Status migrate(Database& db, const SqlSchema& schema);

}  // namespace chatkit::server::sqlite
