#pragma once
// A schema (server/store/sql_database.hpp's SqlSchema: the thread store's, the runs' ledger's, a use
// case's) applied to PostgreSQL: the same numbered steps and version table as on SQLite, each step in
// a transaction of its own, under a session advisory lock keyed by the version table's name, so that
// instances starting at once apply each step once. A database newer than the last step is refused.
#include "core/result.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/sql_database.hpp"

namespace chatkit::server::pg {

Status migrate(Connection& connection, const SqlSchema& schema);

}  // namespace chatkit::server::pg
