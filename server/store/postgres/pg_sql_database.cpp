#include "server/store/postgres/pg_sql_database.hpp"

#include <string>

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

// The schema's advisory lock key: its version table's name, hashed (FNV-1a), so that each owner
// of tables migrates under a lock of its own.
std::int64_t lock_key(std::string_view version_table) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : version_table) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return static_cast<std::int64_t>(hash >> 1);
}

Status apply_steps(pg::Connection& connection, const SqlSchema& schema) {
  const std::string table(schema.version_table);
  if (auto made = connection.execute_script("CREATE TABLE IF NOT EXISTS " + table + " (version BIGINT NOT NULL)"); !made) {
    return made.error();
  }
  auto current = connection.execute_script("SELECT COALESCE(MAX(version), 0) FROM " + table);
  if (!current) return current.error();
  const auto version = current->integer(0, 0);
  const auto known = schema.steps.empty() ? 0 : schema.steps.back().version;
  if (version > known) {
    return make_error(ErrorCode::invalid_state, std::string(schema.name) + " version " + std::to_string(version) +
                                                    " is newer than this build knows (" + std::to_string(known) + ")");
  }
  for (const auto& step : schema.steps) {
    if (step.version <= version) continue;
    const auto script = "BEGIN; " + std::string(step.sql) + "; DELETE FROM " + table + "; INSERT INTO " + table +
                        " VALUES (" + std::to_string(step.version) + "); COMMIT;";
    if (auto applied = connection.execute_script(script); !applied) {
      (void)connection.execute_script("ROLLBACK");
      return applied.error();
    }
  }
  return ok_status();
}

}  // namespace

Status PgSqlDatabase::transaction(const Body& body) {
  return store_.transact([&](pg::Connection& connection) {
    PgTransaction statements(connection);
    return body(statements);
  });
}

Result<SqlRows> PgSqlDatabase::read(std::string_view sql, const SqlParams& params) {
  Result<SqlRows> rows = SqlRows{};
  auto status = transaction([&](SqlTransaction& statements) -> Status {
    rows = statements.execute(sql, params);
    if (!rows) return rows.error();
    return ok_status();
  });
  if (!status) return status.error();
  return rows;
}

Status PgSqlDatabase::migrate(const SqlSchema& schema) {
  auto lease = store_.pool().acquire();
  if (!lease) return lease.error();
  // The session lock is held across the check and every step: instances starting at once apply
  // each step once; it goes with the session if this process dies.
  const auto key = std::to_string(lock_key(schema.version_table));
  if (auto locked = (*lease)->execute_script("SELECT pg_advisory_lock(" + key + ")"); !locked) return locked.error();
  auto status = apply_steps(**lease, schema);
  (void)(*lease)->execute_script("SELECT pg_advisory_unlock(" + key + ")");
  return status;
}

}  // namespace chatkit::server
