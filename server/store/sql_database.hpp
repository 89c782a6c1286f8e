#pragma once
// A use case's own tables in the thread store's database (docs/USE_CASES.md): SQL with positional
// parameters ($1, $2, ...) run in one transaction, giving rows. One interface, two engines: the
// SQLite file (SqliteSqlDatabase) and PostgreSQL through the thread store's pool (PgSqlDatabase),
// so a use case never opens a connection of its own. Its SQL must run on both: TEXT and BIGINT
// columns, INSERT ... ON CONFLICT ... DO UPDATE, RETURNING.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace chatkit::server {

using SqlValue = std::variant<std::int64_t, std::string>;
using SqlParams = std::vector<SqlValue>;

// The rows of one statement, as text (NULL kept apart), whatever the engine.
class SqlRows {
 public:
  using Row = std::vector<std::optional<std::string>>;
  void add(Row row) { rows_.push_back(std::move(row)); }
  std::size_t size() const { return rows_.size(); }
  bool is_null(std::size_t row, std::size_t column) const { return !rows_.at(row).at(column).has_value(); }
  const std::string& text(std::size_t row, std::size_t column) const;  // "" for NULL
  std::int64_t integer(std::size_t row, std::size_t column) const;     // 0 for NULL or no number

 private:
  std::vector<Row> rows_;
};

// The statements of one transaction (SqlDatabase::transaction).
class SqlTransaction {
 public:
  virtual ~SqlTransaction() = default;
  virtual Result<SqlRows> execute(std::string_view sql, const SqlParams& params = {}) = 0;
};

// A numbered step of a schema (the thread store's, the runs' ledger's, a use case's): one or more
// statements separated by ';'. Every owner of tables migrates through this one description, on
// either engine (SqlDatabase::migrate; the thread stores apply theirs the same way).
struct SqlMigration {
  std::int64_t version;
  std::string_view sql;
};

struct SqlSchema {
  std::string_view name;           // for messages: "todo schema"
  std::string_view version_table;  // a constant of the owner's, never user input
  std::span<const SqlMigration> steps;
};

class SqlDatabase {
 public:
  using Body = std::function<Status(SqlTransaction&)>;
  virtual ~SqlDatabase() = default;
  // Runs `body` in one transaction: committed when it returns ok, rolled back otherwise. Inside
  // the thread store's write batch on this thread, it is part of that batch's transaction.
  virtual Status transaction(const Body& body) = 0;
  // One statement that commits on its own, without a transaction around it (on PostgreSQL, one
  // round trip instead of three); inside the thread store's write batch, a part of that batch.
  virtual Result<SqlRows> execute(std::string_view sql, const SqlParams& params = {}) = 0;
  // One read that takes no write lock (SQLite: a connection of its own, so that a read made
  // inside the thread store's write batch never waits for the writer); like execute, no
  // transaction around it.
  virtual Result<SqlRows> read(std::string_view sql, const SqlParams& params = {}) = 0;
  // Applies the schema's steps newer than the database's, once even when instances start at
  // once; a database newer than the last step is refused (invalid_state).
  virtual Status migrate(const SqlSchema& schema) = 0;
};

// $1, $2, ... as SQLite's ?1, ?2, ... (SQLite reads "$1" as a parameter named "$1", numbered in
// order of appearance); quoted strings and identifiers are left as they are.
std::string sqlite_placeholders(std::string_view sql);

}  // namespace chatkit::server
