#pragma once
// Small RAII wrappers over the SQLite C API: a connection, a prepared statement, a transaction.
// Every SQLite failure becomes an ErrorCode::internal Error naming the step and SQLite's message.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace chatkit::server::sqlite {

class Statement;

// One open connection; closed when the object dies.
class Database {
 public:
  // Opens (creating if needed) the file at `path`; ":memory:" gives a private in-memory database.
  static Result<Database> open(const std::string& path);

  // Runs one or more statements that return no rows (schema, pragmas).
  Status exec(std::string_view sql);
  // Runs one statement that returns no rows, prepared on first use and kept for the connection's
  // life: for the statements of every transaction (BEGIN, COMMIT, SAVEPOINT, RELEASE, ROLLBACK),
  // which exec() would parse anew each time.
  Status exec_kept(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // How long a statement waits for another connection's lock before it fails (default 5 s). The
  // wait is spent in steps of 100 µs: SQLite's own handler sleeps 1, 2, 5, 10 ms... between tries,
  // so a writer that met the checkpointer's few-millisecond RESTART slept several times as long,
  // on an I/O thread (p99 at 64 connections 12-13 ms, 8.5-8.9 ms with the fine steps).
  void set_busy_timeout(std::chrono::milliseconds timeout);
  // After a commit that leaves the WAL longer than `frames`, this connection restarts it itself (a
  // RESTART checkpoint, waiting for readers as a busy lock is waited for). A backstop behind the
  // Checkpointer's thread: on a starved machine that thread can miss its turns for long enough that
  // the WAL grows by tens of MB. Replaces SQLite's automatic checkpoints (wal_autocheckpoint).
  void restart_wal_beyond(int frames);
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int changes() const;
  // True inside BEGIN ... COMMIT.
  bool in_transaction() const;
  Error error(std::string_view what) const;

  ~Database();
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  // What the connection keeps besides the handle, at a stable address (the busy handler's argument).
  struct State;
  static int wait_while_busy(void* state, int tries);  // SQLite's busy handler for this connection
  static int restart_when_long(void* state, sqlite3* db, const char* schema, int frames);  // its WAL hook
  explicit Database(sqlite3* db);
  std::unique_ptr<sqlite3, Closer> db_;
  std::unique_ptr<State> state_;  // declared after db_: its statements are finalized before it closes
};

// A prepared statement, reused: bind, step, and reset (see Statement::Use).
class Statement {
 public:
  // Resets the statement and clears its bindings when the use ends, so that an unfinished
  // SELECT never keeps a read snapshot open.
  class [[nodiscard]] Use {
   public:
    explicit Use(Statement& statement) : statement_(statement) {}
    ~Use() { statement_.reset(); }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

   private:
    Statement& statement_;
  };

  Use use() { return Use(*this); }

  // Parameters are 1-based. A failed bind is reported by the next step().
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind_null(int index);

  // True when a row is available, false when the statement is done.
  Result<bool> step();
  // Steps to completion, for statements that return no rows.
  Status run();

  // Columns are 0-based.
  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;
  int column_count() const;

 private:
  friend class Database;
  struct Finalizer {
    void operator()(sqlite3_stmt* statement) const;
  };
  Statement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
  void reset();
  void note_bind(int rc, int index);

  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
  std::string bind_error_;
};

// BEGIN on construction; ROLLBACK on destruction unless commit() succeeded. Inside an enclosing
// transaction (a batch of writes) it is a SAVEPOINT instead, released or rolled back on its own.
class Transaction {
 public:
  enum class Mode { deferred, immediate };
  static Result<Transaction> begin(Database& db, Mode mode);
  Status commit();
  ~Transaction();
  Transaction(Transaction&& other) noexcept : db_(other.db_), kind_(other.kind_) { other.db_ = nullptr; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;

 private:
  enum class Kind { outermost, savepoint };
  Transaction(Database& db, Kind kind) : db_(&db), kind_(kind) {}
  Database* db_;  // null once committed or moved from
  Kind kind_;
};

}  // namespace chatkit::server::sqlite
