#pragma once
// SqlDatabase on a SQLite file: a writer connection (BEGIN IMMEDIATE, one caller at a time) and a
// reader connection of its own for read().
#include <memory>
#include <mutex>
#include <string>

#include "server/store/sql_database.hpp"
#include "server/store/sqlite.hpp"

namespace chatkit::server {

class SqliteSqlDatabase final : public SqlDatabase {
 public:
  static Result<std::unique_ptr<SqliteSqlDatabase>> open(const std::string& path);

  Status transaction(const Body& body) override;
  Result<SqlRows> execute(std::string_view sql, const SqlParams& params) override;
  Result<SqlRows> read(std::string_view sql, const SqlParams& params) override;
  Status migrate(const SqlSchema& schema) override;

 private:
  SqliteSqlDatabase(sqlite::Database writer, sqlite::Database reader)
      : writer_(std::move(writer)), reader_(std::move(reader)) {}

  std::mutex writer_mutex_;
  sqlite::Database writer_;
  // read() is called inside the thread store's write batch (a card rebuilt as it is saved), which
  // holds the file's write lock: had it waited for writer_mutex_ there, a writer holding that mutex
  // while it waits for the lock would deadlock with it until the busy timeout. A read needs neither.
  std::mutex reader_mutex_;
  sqlite::Database reader_;
};

}  // namespace chatkit::server
