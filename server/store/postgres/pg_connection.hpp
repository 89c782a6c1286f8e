#pragma once
// One libpq connection driven without blocking calls: connect, send and read go through libpq's
// non-blocking API, and every wait for the socket is an Asio async_wait on the connection's own
// io_context, bounded by the statement timeout (PQcancel on expiry). Statements are prepared once
// per connection, on first use.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

struct pg_conn;
struct pg_result;

namespace chatkit::server::pg {

// The rows of one statement; text format, NULL reported apart.
class Rows {
 public:
  explicit Rows(pg_result* result);
  int size() const;
  int columns() const;
  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;
  std::int64_t integer(int row, int column) const;
  std::int64_t affected() const;  // rows an INSERT/UPDATE/DELETE changed

 private:
  struct Free {
    void operator()(pg_result* result) const;
  };
  std::unique_ptr<pg_result, Free> result_;
};

using Params = std::vector<std::optional<std::string>>;

struct ConnectionOptions {
  std::string conninfo;  // a libpq URI or keyword string; empty: the PG* environment variables
  std::chrono::milliseconds statement_timeout{5000};
};

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> connect(const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` as a prepared statement of this connection (prepared on first use).
  Result<Rows> execute(std::string_view sql, const Params& params = {});
  // Runs `sql` as it is (several statements allowed, no parameters): transaction control, DDL.
  Result<Rows> execute_script(std::string_view sql);
  // False once the server or the network dropped the connection: the pool replaces it.
  bool healthy() const;
  // True inside a transaction that a failed statement aborted: its COMMIT would only roll back.
  bool transaction_failed() const;
  // The payloads of the notifications (NOTIFY, after a LISTEN on this connection) that arrive
  // within `within`: empty when none did. An error once the connection is lost.
  Result<std::vector<std::string>> notifications(std::chrono::milliseconds within);

 private:
  struct Io;
  Connection(pg_conn* conn, std::unique_ptr<Io> io, std::chrono::milliseconds statement_timeout);
  Status flush(std::chrono::steady_clock::time_point deadline);
  Result<Rows> await_result(std::chrono::steady_clock::time_point deadline);
  Result<std::string> prepared_name(std::string_view sql);
  Error failure(std::string_view what) const;

  pg_conn* conn_;
  std::unique_ptr<Io> io_;
  std::chrono::milliseconds statement_timeout_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text → statement name
};

}  // namespace chatkit::server::pg
