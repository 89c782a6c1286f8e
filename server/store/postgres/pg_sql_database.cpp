#include "server/store/postgres/pg_sql_database.hpp"

#include <string>

#include "server/store/postgres/pg_migrations.hpp"

namespace chatkit::server {

namespace {

pg::Params to_pg(const SqlParams& params) {
  pg::Params converted;
  converted.reserve(params.size());
  for (const auto& param : params) {
    if (const auto* number = std::get_if<std::int64_t>(&param)) converted.emplace_back(std::to_string(*number));
    else converted.emplace_back(std::get<std::string>(param));
  }
  return converted;
}

SqlRows from_pg(const pg::Rows& rows) {
  SqlRows converted;
  for (int row = 0; row < rows.size(); ++row) {
    SqlRows::Row cells;
    for (int column = 0; column < rows.columns(); ++column) {
      if (rows.is_null(row, column)) cells.emplace_back();
      else cells.emplace_back(rows.text(row, column));
    }
    converted.add(std::move(cells));
  }
  return converted;
}

class PgTransaction final : public SqlTransaction {
 public:
  explicit PgTransaction(pg::Connection& connection) : connection_(connection) {}
  Result<SqlRows> execute(std::string_view sql, const SqlParams& params) override {
    auto rows = connection_.execute(sql, to_pg(params));
    if (!rows) return rows.error();
    return from_pg(*rows);
  }

 private:
  pg::Connection& connection_;
};

}  // namespace

Status PgSqlDatabase::transaction(const Body& body) {
  return store_.transact([&](pg::Connection& connection) {
    PgTransaction statements(connection);
    return body(statements);
  });
}

Result<SqlRows> PgSqlDatabase::execute(std::string_view sql, const SqlParams& params) {
  auto rows = store_.execute_alone(sql, to_pg(params));
  if (!rows) return rows.error();
  return from_pg(*rows);
}

Result<SqlRows> PgSqlDatabase::read(std::string_view sql, const SqlParams& params) { return execute(sql, params); }

Status PgSqlDatabase::migrate(const SqlSchema& schema) {
  auto lease = store_.pool().acquire();
  if (!lease) return lease.error();
  return pg::migrate(**lease, schema);
}

}  // namespace chatkit::server
