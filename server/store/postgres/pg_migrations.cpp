#include "server/store/postgres/pg_migrations.hpp"

#include <cstdint>
#include <string>

namespace chatkit::server::pg {

namespace {

// The schema's advisory lock key: its version table's name, hashed (FNV-1a), so that each owner
// of tables migrates under a lock of its own.
std::int64_t lock_key(std::string_view version_table) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : version_table) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return static_cast<std::int64_t>(hash >> 1);
}

Status apply_steps(Connection& connection, const SqlSchema& schema) {
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

Status migrate(Connection& connection, const SqlSchema& schema) {
  // The session lock is held across the check and every step; it goes with the session if this
  // process dies.
  const auto key = std::to_string(lock_key(schema.version_table));
  if (auto locked = connection.execute_script("SELECT pg_advisory_lock(" + key + ")"); !locked) return locked.error();
  auto status = apply_steps(connection, schema);
  (void)connection.execute_script("SELECT pg_advisory_unlock(" + key + ")");
  return status;
}

}  // namespace chatkit::server::pg
