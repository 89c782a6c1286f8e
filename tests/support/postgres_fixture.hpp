#pragma once
// A throwaway PostgreSQL 15 for one test binary: initdb and pg_ctl in a temporary directory, as the
// unprivileged `postgres` user when running as root, on a Unix socket only; a fresh database per
// test. Stopped and removed when the binary ends.
#include <string>

namespace chatkit::testing {

class PostgresCluster {
 public:
  // The binary's one cluster, started on first use.
  static PostgresCluster& instance();
  ~PostgresCluster();

  // Creates an empty database and returns a libpq keyword string for it.
  std::string fresh_database();
  // Runs SQL through psql as the superuser on `database`; false when psql fails.
  bool psql(const std::string& database, const std::string& sql);
  const std::string& socket_dir() const { return dir_; }

 private:
  PostgresCluster();
  std::string dir_;
  int databases_ = 0;
};

}  // namespace chatkit::testing
