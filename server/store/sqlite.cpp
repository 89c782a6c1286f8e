#include "server/store/sqlite.hpp"

#include <sqlite3.h>

#include <chrono>
#include <thread>
#include <vector>

namespace chatkit::server::sqlite {

namespace {

constexpr int kBusyTimeoutMs = 5000;

Error sqlite_error(sqlite3* db, std::string_view what) {
  std::string message = "sqlite: " + std::string(what);
  if (db != nullptr) message += ": " + std::string(sqlite3_errmsg(db));
  return make_error(ErrorCode::internal, std::move(message));
}

}  // namespace

void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

struct Database::State {
  struct Kept {
    std::string sql;
    sqlite3_stmt* statement;
  };
  std::vector<Kept> kept;  // exec_kept's statements: a handful, so a linear search is the fastest lookup
  int busy_tries = 0;      // how many 100 µs waits a busy lock gets
  int wal_frame_limit = 0;  // restart_wal_beyond's limit
  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() {
    for (auto& statement : kept) sqlite3_finalize(statement.statement);
  }
};

namespace {

constexpr auto kBusyStep = std::chrono::microseconds(100);

}  // namespace

int Database::wait_while_busy(void* state, int tries) {
  if (tries >= static_cast<State*>(state)->busy_tries) return 0;
  std::this_thread::sleep_for(kBusyStep);
  return 1;
}

Database::Database(sqlite3* db) : db_(db), state_(std::make_unique<State>()) {}

int Database::restart_when_long(void* state, sqlite3* db, const char* /*schema*/, int frames) {
  if (frames > static_cast<State*>(state)->wal_frame_limit) {
    (void)sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
  }
  return SQLITE_OK;
}

void Database::restart_wal_beyond(int frames) {
  state_->wal_frame_limit = frames;
  sqlite3_wal_hook(db_.get(), restart_when_long, state_.get());
}

void Database::set_busy_timeout(std::chrono::milliseconds timeout) {
  state_->busy_tries = static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(timeout) / kBusyStep);
  sqlite3_busy_handler(db_.get(), wait_while_busy, state_.get());
}

Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

Status Database::exec_kept(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  for (const auto& kept : state_->kept) {
    if (kept.sql == sql) statement = kept.statement;
  }
  if (statement == nullptr) {
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) return error("prepare \"" + std::string(sql) + "\"");
    state_->kept.push_back({std::string(sql), statement});
  }
  const int rc = sqlite3_step(statement);
  sqlite3_reset(statement);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return ok_status();
  return error("exec \"" + std::string(sql) + "\"");
}

Result<Database> Database::open(const std::string& path) {
  sqlite3* raw = nullptr;
  // NOMUTEX: the owner serializes access to the connection itself.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);  // owns the handle even when opening failed
  if (rc != SQLITE_OK) return sqlite_error(raw, "open " + path);
  sqlite3_extended_result_codes(raw, 1);
  db.set_busy_timeout(std::chrono::milliseconds(kBusyTimeoutMs));
  return db;
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return ok_status();
  std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return make_error(ErrorCode::internal, "sqlite: exec: " + detail);
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Statement statement(db_.get(), raw);
  if (rc != SQLITE_OK) return error("prepare \"" + std::string(sql.substr(0, 60)) + "\"");
  return statement;
}

int Database::changes() const { return sqlite3_changes(db_.get()); }

Error Database::error(std::string_view what) const { return sqlite_error(db_.get(), what); }

void Statement::Finalizer::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }

void Statement::note_bind(int rc, int index) {
  if (rc != SQLITE_OK && bind_error_.empty()) {
    bind_error_ = "bind parameter " + std::to_string(index) + ": " + sqlite3_errstr(rc);
  }
}

Statement& Statement::bind(int index, std::string_view text) {
  note_bind(sqlite3_bind_text64(statement_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
            index);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  note_bind(sqlite3_bind_int64(statement_.get(), index, value), index);
  return *this;
}

Statement& Statement::bind_null(int index) {
  note_bind(sqlite3_bind_null(statement_.get(), index), index);
  return *this;
}

Result<bool> Statement::step() {
  if (!bind_error_.empty()) return make_error(ErrorCode::internal, "sqlite: " + bind_error_);
  const int rc = sqlite3_step(statement_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_error(db_, "step");
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return ok_status();
  }
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(statement_.get(), index); }

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(statement_.get(), index);
  const int size = sqlite3_column_bytes(statement_.get(), index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(statement_.get(), index) == SQLITE_NULL;
}

int Statement::column_count() const { return sqlite3_column_count(statement_.get()); }

void Statement::reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
  bind_error_.clear();
}

bool Database::in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

Result<Transaction> Transaction::begin(Database& db, Mode mode) {
  if (db.in_transaction()) {
    if (auto status = db.exec_kept("SAVEPOINT nested"); !status) return status.error();
    return Transaction(db, Kind::savepoint);
  }
  // IMMEDIATE takes the write lock up front, so a writer never fails half-way on a busy lock.
  const auto status = db.exec_kept(mode == Mode::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  if (!status) return status.error();
  return Transaction(db, Kind::outermost);
}

Status Transaction::commit() {
  auto status = db_->exec_kept(kind_ == Kind::savepoint ? "RELEASE nested" : "COMMIT");
  if (status) db_ = nullptr;
  return status;
}

Transaction::~Transaction() {
  if (db_ == nullptr) return;
  if (kind_ == Kind::savepoint) {
    (void)db_->exec_kept("ROLLBACK TO nested");
    (void)db_->exec_kept("RELEASE nested");
  } else {
    (void)db_->exec_kept("ROLLBACK");
  }
}

}  // namespace chatkit::server::sqlite
