#include "server/store/migrations.hpp"

#include <string>

namespace chatkit::server::sqlite {

namespace {

std::int64_t latest(const SqlSchema& schema) { return schema.steps.empty() ? 0 : schema.steps.back().version; }

Result<std::int64_t> read_version(Database& db, const SqlSchema& schema) {
  auto statement = db.prepare("SELECT COALESCE(MAX(version), 0) FROM " + std::string(schema.version_table));
  if (!statement) return statement.error();
  auto row = statement->step();
  if (!row) return row.error();
  return *row ? statement->column_int(0) : 0;
}

Status write_version(Database& db, const SqlSchema& schema, std::int64_t version) {
  const std::string table(schema.version_table);
  return db.exec("DELETE FROM " + table + "; INSERT INTO " + table + " (version) VALUES (" + std::to_string(version) +
                 ")");
}

Error newer_than_known(const SqlSchema& schema, std::int64_t found) {
  const std::string message = std::string(schema.name) + " version " + std::to_string(found) +
                              " is newer than this build knows (" + std::to_string(latest(schema)) + ")";
  return make_error(ErrorCode::invalid_state, message);
}

// The file's version; a file newer than the last step is refused.
Result<std::int64_t> known_version(Database& db, const SqlSchema& schema) {
  auto version = read_version(db, schema);
  if (version && *version > latest(schema)) return newer_than_known(schema, *version);
  return version;
}

Status apply_step(Database& db, const SqlSchema& schema, const SqlMigration& step) {
  auto transaction = Transaction::begin(db, Transaction::Mode::immediate);
  if (!transaction) return transaction.error();
  auto version = known_version(db, schema);
  if (!version) return version.error();
  if (*version >= step.version) return ok_status();  // applied before, perhaps by another connection just now
  if (auto status = db.exec(step.sql); !status) return status.error();
  if (auto status = write_version(db, schema, step.version); !status) return status.error();
  return transaction->commit();
}

}  // namespace

Status migrate(Database& db, const SqlSchema& schema) {
  const std::string create =
      "CREATE TABLE IF NOT EXISTS " + std::string(schema.version_table) + " (version INTEGER NOT NULL)";
  if (auto status = db.exec(create); !status) return status;
  for (const auto& step : schema.steps) {
    if (auto status = apply_step(db, schema, step); !status) return status;
  }
  // Also catches a newer file when every known step was already applied.
  if (auto version = known_version(db, schema); !version) return version.error();
  return ok_status();
}

}  // namespace chatkit::server::sqlite
