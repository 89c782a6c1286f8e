#pragma once
// Which database --db names (a SQLite file, or PostgreSQL), and how to show it in a log line or
// an error without its password.
#include <string>
#include <string_view>
#include <variant>

namespace chatkit::server {

struct SqliteTarget {
  std::string path;
};

struct PostgresTarget {
  std::string conninfo;  // as libpq takes it; empty: the PG* environment variables
};

using DatabaseTarget = std::variant<SqliteTarget, PostgresTarget>;

// postgres://... and postgresql://... (libpq URIs), a string with '=' (libpq keywords) and
// "postgres:" (the PG* variables) name PostgreSQL; anything else is a SQLite path.
DatabaseTarget database_target(std::string_view db);

// `db` with any password replaced by "***": the URI's user:password@, its ?password= and a
// keyword string's password=... (bare or quoted).
std::string redact_database(std::string_view db);

}  // namespace chatkit::server
