#pragma once
// SqlDatabase on PostgreSQL through the thread store's pool (never a connection of its own):
// transactions on a pooled connection, or inside the store's write batch when one runs on this
// thread; migrations under an advisory lock of the schema's own.
#include "server/store/postgres/pg_store.hpp"
#include "server/store/sql_database.hpp"

namespace chatkit::server {

class PgSqlDatabase final : public SqlDatabase {
 public:
  explicit PgSqlDatabase(PgStore& store) : store_(store) {}

  Status transaction(const Body& body) override;
  Result<SqlRows> execute(std::string_view sql, const SqlParams& params) override;
  Result<SqlRows> read(std::string_view sql, const SqlParams& params) override;
  Status migrate(const SqlSchema& schema) override;

 private:
  PgStore& store_;
};

}  // namespace chatkit::server
