#include "support/postgres_fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace chatkit::testing {

namespace {

const std::string kBin = "/usr/lib/postgresql/15/bin/";

// PostgreSQL refuses to run as root: as root, commands run as the `postgres` user.
std::string as_owner(const std::string& command) {
  return ::geteuid() == 0 ? "runuser -u postgres -- " + command : command;
}

void run_or_throw(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("command failed: " + command);
}

}  // namespace

PostgresCluster& PostgresCluster::instance() {
  static PostgresCluster cluster;
  return cluster;
}

PostgresCluster::PostgresCluster() {
  char pattern[] = "/tmp/chatkit_pg_XXXXXX";
  if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  if (::geteuid() == 0) run_or_throw("chown postgres " + dir_);
  run_or_throw(as_owner(kBin + "initdb -D " + dir_ + "/data -A trust -U chatkit >" + dir_ + "/initdb.log 2>&1"));
  run_or_throw(as_owner(kBin + "pg_ctl -D " + dir_ + "/data -o \"-k " + dir_ +
                        " -c listen_addresses='' -c fsync=off\" -l " + dir_ + "/log -w start >/dev/null"));
}

PostgresCluster::~PostgresCluster() {
  (void)std::system(as_owner(kBin + "pg_ctl -D " + dir_ + "/data -m immediate stop >/dev/null 2>&1").c_str());
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool PostgresCluster::psql(const std::string& database, const std::string& sql) {
  const auto command = kBin + "psql -q -v ON_ERROR_STOP=1 -h " + dir_ + " -U chatkit -d " + database + " -c \"" +
                       sql + "\" >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

std::string PostgresCluster::fresh_database() {
  const auto name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(databases_++);
  if (!psql("postgres", "CREATE DATABASE " + name)) throw std::runtime_error("cannot create database " + name);
  return "host=" + dir_ + " user=chatkit dbname=" + name;
}

}  // namespace chatkit::testing
