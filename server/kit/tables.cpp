#include "server/kit/tables.hpp"

#include "server/store/sqlite_sql_database.hpp"

namespace chatkit::server::kit {

Result<std::unique_ptr<UseCaseTables>> UseCaseTables::open(const TablesPlace& place, const SqlSchema& schema) {
  std::unique_ptr<SqlDatabase> owned;
  SqlDatabase* db = place.database;
  if (db == nullptr) {
    auto opened = SqliteSqlDatabase::open(place.sqlite_path);
    if (!opened) return opened.error();
    owned = std::move(*opened);
    db = owned.get();
  }
  if (auto migrated = db->migrate(schema); !migrated) return migrated.error();
  return std::unique_ptr<UseCaseTables>(new UseCaseTables(std::move(owned), *db, place.executor));
}

}  // namespace chatkit::server::kit
