#include "server/store/sqlite_sql_database.hpp"

#include <vector>

#include "server/store/migrations.hpp"

namespace chatkit::server {

namespace {

// Runs one statement on `db` and collects its rows.
Result<SqlRows> run_statement(sqlite::Database& db, std::string_view sql, const SqlParams& params) {
  auto statement = db.prepare(sqlite_placeholders(sql));
  if (!statement) return statement.error();
  auto use = statement->use();
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    std::visit([&](const auto& value) { statement->bind(index, value); }, params[i]);
  }
  SqlRows rows;
  for (;;) {
    auto row = statement->step();
    if (!row) return row.error();
    if (!*row) return rows;
    SqlRows::Row cells;
    for (int column = 0; column < statement->column_count(); ++column) {
      if (statement->column_is_null(column)) cells.emplace_back();
      else cells.emplace_back(statement->column_text(column));
    }
    rows.add(std::move(cells));
  }
}

class SqliteTransaction final : public SqlTransaction {
 public:
  explicit SqliteTransaction(sqlite::Database& db) : db_(db) {}
  Result<SqlRows> execute(std::string_view sql, const SqlParams& params) override {
    return run_statement(db_, sql, params);
  }

 private:
  sqlite::Database& db_;
};

}  // namespace

Result<std::unique_ptr<SqliteSqlDatabase>> SqliteSqlDatabase::open(const std::string& path) {
  auto writer = sqlite::Database::open(path);
  if (!writer) return writer.error();
  auto reader = sqlite::Database::open(path);
  if (!reader) return reader.error();
  return std::unique_ptr<SqliteSqlDatabase>(new SqliteSqlDatabase(std::move(*writer), std::move(*reader)));
}

Status SqliteSqlDatabase::transaction(const Body& body) {
  std::lock_guard lock(writer_mutex_);
  auto tx = sqlite::Transaction::begin(writer_, sqlite::Transaction::Mode::immediate);
  if (!tx) return tx.error();
  SqliteTransaction statements(writer_);
  if (auto status = body(statements); !status) return status;  // rolled back by tx's destructor
  return tx->commit();
}

Result<SqlRows> SqliteSqlDatabase::execute(std::string_view sql, const SqlParams& params) {
  std::lock_guard lock(writer_mutex_);
  return run_statement(writer_, sql, params);  // one statement: atomic by itself in autocommit
}

Result<SqlRows> SqliteSqlDatabase::read(std::string_view sql, const SqlParams& params) {
  std::lock_guard lock(reader_mutex_);
  return run_statement(reader_, sql, params);
}

Status SqliteSqlDatabase::migrate(const SqlSchema& schema) {
  std::lock_guard lock(writer_mutex_);
  return sqlite::migrate(writer_, schema);
}

}  // namespace chatkit::server
