#include "server/store/sqlite_store.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_io.hpp"
#include "core/protocol/responses.hpp"
#include "server/store/migrations.hpp"
#include "server/store/stored_rows.hpp"

namespace chatkit::server {

namespace {

using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;

//------------------------------------------------------------------------------------------------
// Schema

// Rows keep the storage-form JSON in `data`; the other columns exist for scoping and ordering.
// `seq` (the rowid) is the insertion sequence that breaks created_at ties; rows are keyed per user
// so that another user's ids, even colliding ones, are invisible.
constexpr std::array kMigrations = {
    SqlMigration{1, R"sql(
      CREATE TABLE threads (
        seq INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL,
        id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (user_id, id)
      );
      CREATE INDEX threads_by_created ON threads (user_id, created_at, seq);
      CREATE TABLE items (
        seq INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL,
        thread_id TEXT NOT NULL,
        id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (user_id, thread_id, id),
        FOREIGN KEY (user_id, thread_id) REFERENCES threads (user_id, id) ON DELETE CASCADE
      );
      CREATE INDEX items_by_created ON items (user_id, thread_id, created_at, seq);
      CREATE TABLE attachments (
        seq INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (user_id, id)
      );
    )sql"},
    // Attachments get the columns their housekeeping needs: which thread's message carries one
    // (deleted with the thread) and when it was created (unsent ones expire, PROTOCOL §2.16).
    SqlMigration{2, R"sql(
      ALTER TABLE attachments ADD COLUMN thread_id TEXT;
      ALTER TABLE attachments ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX attachments_by_thread ON attachments (user_id, thread_id);
      CREATE INDEX attachments_by_created ON attachments (created_at);
    )sql"},
};
constexpr SqlSchema kSchema{.name = "database schema", .version_table = "schema_version", .steps = kMigrations};

Status configure(Database& db) {
  // WAL lets readers in other processes proceed during a write; NORMAL is durable enough in WAL.
  // journal_size_limit: the WAL file is cut back to 64 MiB whenever it restarts.
  return db.exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
      "PRAGMA journal_size_limit=67108864;");
}

//------------------------------------------------------------------------------------------------
// Statements, prepared once

enum class Sql {
  thread_upsert, thread_update, thread_load, thread_cursor, threads_asc, threads_desc, thread_delete, thread_items_delete,
  item_upsert, item_load, item_cursor, items_asc, items_desc, item_delete,
  attachment_upsert, attachment_load, attachment_delete, attachments_of_thread_delete, attachments_expired_delete,
};

// Indexed by Sql. Upserts leave seq and created_at alone, so a replaced row keeps its position.
constexpr std::array<std::string_view, 19> kSql = {
    "INSERT INTO threads (user_id, id, created_at, data) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (user_id, id) DO UPDATE SET data = excluded.data",
    "UPDATE threads SET data = ?3 WHERE user_id = ?1 AND id = ?2",
    "SELECT data FROM threads WHERE user_id = ?1 AND id = ?2",
    "SELECT created_at, seq FROM threads WHERE user_id = ?1 AND id = ?2",
    "SELECT id, data FROM threads WHERE user_id = ?1 AND (created_at, seq) > (?2, ?3) "
    "ORDER BY created_at ASC, seq ASC LIMIT ?4",
    "SELECT id, data FROM threads WHERE user_id = ?1 AND (created_at, seq) < (?2, ?3) "
    "ORDER BY created_at DESC, seq DESC LIMIT ?4",
    "DELETE FROM threads WHERE user_id = ?1 AND id = ?2",
    "DELETE FROM items WHERE user_id = ?1 AND thread_id = ?2",
    "INSERT INTO items (user_id, thread_id, id, created_at, data) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (user_id, thread_id, id) DO UPDATE SET data = excluded.data",
    "SELECT data FROM items WHERE user_id = ?1 AND thread_id = ?2 AND id = ?3",
    "SELECT created_at, seq FROM items WHERE user_id = ?1 AND thread_id = ?2 AND id = ?3",
    "SELECT id, data FROM items WHERE user_id = ?1 AND thread_id = ?2 AND (created_at, seq) > (?3, ?4) "
    "ORDER BY created_at ASC, seq ASC LIMIT ?5",
    "SELECT id, data FROM items WHERE user_id = ?1 AND thread_id = ?2 AND (created_at, seq) < (?3, ?4) "
    "ORDER BY created_at DESC, seq DESC LIMIT ?5",
    "DELETE FROM items WHERE user_id = ?1 AND thread_id = ?2 AND id = ?3",
    "INSERT INTO attachments (user_id, id, data, thread_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (user_id, id) DO UPDATE SET data = excluded.data, thread_id = excluded.thread_id",
    "SELECT data FROM attachments WHERE user_id = ?1 AND id = ?2",
    "DELETE FROM attachments WHERE user_id = ?1 AND id = ?2",
    "DELETE FROM attachments WHERE user_id = ?1 AND thread_id = ?2 RETURNING id, data",
    // Never used by a message, or used by one whose thread is gone (deleted while the message was
    // being added): either way nothing can reach it any more.
    "DELETE FROM attachments WHERE seq IN (SELECT a.seq FROM attachments a WHERE a.created_at < ?1 AND "
    "(a.thread_id IS NULL OR NOT EXISTS (SELECT 1 FROM threads t WHERE t.user_id = a.user_id AND t.id = a.thread_id)) "
    "ORDER BY a.created_at LIMIT ?2) RETURNING user_id, id, data",
};
static_assert(kSql.size() == static_cast<std::size_t>(Sql::attachments_expired_delete) + 1, "one SQL text per Sql");

//------------------------------------------------------------------------------------------------
// Rows (decoded by stored_rows.hpp)

// The position (created_at, seq) pages are compared on (docs/PROTOCOL.md §7.3).
struct Position {
  std::int64_t created_at;
  std::int64_t seq;
};

// A position before (asc) or after (desc) every row, for a first page.
Position page_start(SortOrder order) {
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  constexpr auto highest = std::numeric_limits<std::int64_t>::max();
  switch (order) {
    case SortOrder::asc: return {lowest, lowest};
    case SortOrder::desc: return {highest, highest};
  }
  return {lowest, lowest};
}

// The leading parameters every scoped statement starts with: user, then thread for items.
using Scope = std::vector<std::string_view>;

Statement& bind_scope(Statement& statement, const Scope& scope) {
  for (std::size_t i = 0; i < scope.size(); ++i) statement.bind(static_cast<int>(i + 1), scope[i]);
  return statement;
}

// Runs a statement that returns nothing, bound to scope then `id`; reports whether a row changed.
Result<bool> run_scoped(Database& db, Statement& statement, const Scope& scope, std::string_view id) {
  auto use = statement.use();
  bind_scope(statement, scope).bind(static_cast<int>(scope.size() + 1), id);
  if (auto status = statement.run(); !status) return status.error();
  return db.changes() > 0;
}

// The stored JSON of the row with `id` in scope, if any.
Result<std::optional<std::string>> find_data(Statement& statement, const Scope& scope, std::string_view id) {
  auto use = statement.use();
  bind_scope(statement, scope).bind(static_cast<int>(scope.size() + 1), id);
  auto row = statement.step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>{statement.column_text(0)};
}

// Where a page starts: the first position, or the position of the `after` element.
Result<Position> find_start(Statement& cursor, const Scope& scope, const std::optional<std::string>& after,
                            SortOrder order) {
  if (!after) return page_start(order);
  auto use = cursor.use();
  bind_scope(cursor, scope).bind(static_cast<int>(scope.size() + 1), *after);
  auto row = cursor.step();
  if (!row) return row.error();
  if (!*row) return make_error(ErrorCode::not_found, "unknown after cursor: " + *after);
  return Position{cursor.column_int(0), cursor.column_int(1)};
}

// Reads limit + 1 rows past `start` to learn has_more; `after` is set only when more remain.
template <class T, class Decode>
Result<Page<T>> read_page(Statement& rows, const Scope& scope, Position start, int limit, Decode decode) {
  auto use = rows.use();
  const int next = static_cast<int>(scope.size()) + 1;
  bind_scope(rows, scope).bind(next, start.created_at).bind(next + 1, start.seq);
  rows.bind(next + 2, static_cast<std::int64_t>(limit) + 1);
  Page<T> page;
  for (;;) {
    auto row = rows.step();
    if (!row) return row.error();
    if (!*row) break;
    if (page.data.size() == static_cast<std::size_t>(limit)) {
      page.has_more = true;
      break;
    }
    auto id = rows.column_text(0);
    auto value = decode(id, rows.column_text(1));
    if (!value) return value.error();
    page.data.push_back(std::move(*value));
    page.after = std::move(id);
  }
  if (!page.has_more) page.after.reset();
  return page;
}

// One page read in one transaction, so that the cursor and the page see the same snapshot.
template <class T, class Decode>
Result<Page<T>> load_page(Database& db, Statement& cursor, Statement& rows, const Scope& scope,
                          const std::optional<std::string>& after, SortOrder order, int limit, Decode decode) {
  auto transaction = Transaction::begin(db, Transaction::Mode::deferred);
  if (!transaction) return transaction.error();
  auto start = find_start(cursor, scope, after, order);
  if (!start) return start.error();
  auto page = read_page<T>(rows, scope, *start, limit, decode);
  if (!page) return page.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return page;
}

Status check_limit(int limit) {
  if (limit >= 1) return ok_status();
  return make_error(ErrorCode::invalid_request, "page limit must be at least 1, got " + std::to_string(limit));
}

}  // namespace

//------------------------------------------------------------------------------------------------
// SqliteStore

struct SqliteStore::Statements {
  std::vector<Statement> all;  // indexed by Sql
  Statement& operator[](Sql which) { return all[static_cast<std::size_t>(which)]; }

  static Result<std::unique_ptr<Statements>> prepare(Database& db) {
    auto statements = std::make_unique<Statements>();
    for (const auto sql : kSql) {
      auto statement = db.prepare(sql);
      if (!statement) return statement.error();
      statements->all.push_back(std::move(statement).value());
    }
    return statements;
  }
};

struct SqliteStore::Reader {
  Database db;
  std::unique_ptr<Statements> statements;  // declared after db: finalized before it closes
};

namespace {

// The store whose write batch this thread is running, if any: its reads must see the batch's rows.
thread_local const SqliteStore* t_writing_store = nullptr;

class WritingScope {
 public:
  explicit WritingScope(const SqliteStore* store) : previous_(std::exchange(t_writing_store, store)) {}
  ~WritingScope() { t_writing_store = previous_; }
  WritingScope(const WritingScope&) = delete;
  WritingScope& operator=(const WritingScope&) = delete;

 private:
  const SqliteStore* previous_;
};

}  // namespace

SqliteStore::SqliteStore(std::string path, Database db, std::unique_ptr<Statements> statements,
                         std::unique_ptr<Checkpointer> checkpointer)
    : path_(std::move(path)),
      db_(std::move(db)),
      statements_(std::move(statements)),
      checkpointer_(std::move(checkpointer)) {}

std::unique_ptr<SqliteStore::Reader> SqliteStore::take_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
  }
  auto db = Database::open(path_);
  if (!db || !db->exec("PRAGMA query_only=1")) return nullptr;
  auto statements = Statements::prepare(*db);
  if (!statements) return nullptr;
  return std::make_unique<Reader>(Reader{std::move(db).value(), std::move(statements).value()});
}

void SqliteStore::give_back(std::unique_ptr<Reader> reader) {
  std::lock_guard lock(readers_mutex_);
  idle_readers_.push_back(std::move(reader));
}

template <class Read>
auto SqliteStore::read(Read&& read) {
  std::unique_ptr<Reader> reader;
  if (checkpointer_ && t_writing_store != this) reader = take_reader();
  if (!reader) {  // ":memory:" (one connection is one database), inside a write, or no reader could open
    std::lock_guard lock(mutex_);
    return read(db_, *statements_);
  }
  auto result = read(reader->db, *reader->statements);
  give_back(std::move(reader));
  return result;
}

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return db.error();
  if (auto status = configure(*db); !status) return status.error();
  if (auto status = sqlite::migrate(*db, kSchema); !status) return status.error();
  auto statements = Statements::prepare(*db);
  if (!statements) return statements.error();
  std::unique_ptr<Checkpointer> checkpointer;
  if (path != ":memory:") {
    if (auto status = db->exec("PRAGMA wal_autocheckpoint=0"); !status) return status.error();
    const Checkpointer::Options options;
    // Set after the pragma, which clears the connection's WAL hook.
    db->restart_wal_beyond(static_cast<int>(2 * options.restart_frames));
    checkpointer = std::make_unique<Checkpointer>(path, options);
  }
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(path, std::move(db).value(), std::move(statements).value(), std::move(checkpointer)));
}

//------------------------------------------------------------------------------------------------
// Threads

Result<ThreadMetadata> SqliteStore::load_thread(const std::string& thread_id, const RequestContext& ctx) {
  return read([&](Database&, Statements& statements) -> Result<ThreadMetadata> {
    auto data = find_data(statements[Sql::thread_load], {ctx.owner()}, thread_id);
    if (!data) return data.error();
    if (!*data) return make_error(ErrorCode::not_found, "thread not found: " + thread_id);
    return decode_thread_row(thread_id, **data);
  });
}

Status SqliteStore::save_thread(const ThreadMetadata& thread, const RequestContext& ctx) {
  std::lock_guard lock(mutex_);
  auto& statement = (*statements_)[Sql::thread_upsert];
  auto use = statement.use();
  statement.bind(1, ctx.owner()).bind(2, thread.id).bind(3, thread.created_at.micros);
  statement.bind(4, encode_thread_metadata_for_storage_text(thread));
  return statement.run();
}

Status SqliteStore::update_thread(const ThreadMetadata& thread, const RequestContext& ctx) {
  std::lock_guard lock(mutex_);
  auto& statement = (*statements_)[Sql::thread_update];
  auto use = statement.use();
  statement.bind(1, ctx.owner()).bind(2, thread.id).bind(3, encode_thread_metadata_for_storage_text(thread));
  if (auto status = statement.run(); !status) return status;
  if (db_.changes() == 0) return make_error(ErrorCode::not_found, "thread not found: " + thread.id);
  return ok_status();
}

Result<Page<ThreadMetadata>> SqliteStore::load_threads(int limit, const std::optional<std::string>& after,
                                                      SortOrder order, const RequestContext& ctx) {
  if (auto status = check_limit(limit); !status) return status.error();
  return read([&](Database& db, Statements& statements) {
    auto& rows = statements[order == SortOrder::asc ? Sql::threads_asc : Sql::threads_desc];
    return load_page<ThreadMetadata>(db, statements[Sql::thread_cursor], rows, Scope{ctx.owner()}, after, order,
                                     limit, decode_thread_row);
  });
}

Status SqliteStore::delete_thread(const std::string& thread_id, const RequestContext& ctx) {
  std::lock_guard lock(mutex_);
  const Scope scope{ctx.owner()};
  auto transaction = Transaction::begin(db_, Transaction::Mode::immediate);
  if (!transaction) return transaction.error();
  // Items go explicitly too: the cascade is a safety net, not the only guarantee.
  auto items = run_scoped(db_, (*statements_)[Sql::thread_items_delete], scope, thread_id);
  if (!items) return items.error();
  auto deleted = run_scoped(db_, (*statements_)[Sql::thread_delete], scope, thread_id);
  if (!deleted) return deleted.error();
  if (!*deleted) return make_error(ErrorCode::not_found, "thread not found: " + thread_id);
  return transaction->commit();
}

//------------------------------------------------------------------------------------------------
// Items

Result<Page<ThreadItem>> SqliteStore::load_thread_items(const std::string& thread_id,
                                                       const std::optional<std::string>& after, int limit,
                                                       SortOrder order, const RequestContext& ctx) {
  if (auto status = check_limit(limit); !status) return status.error();
  return read([&](Database& db, Statements& statements) {
    auto& rows = statements[order == SortOrder::asc ? Sql::items_asc : Sql::items_desc];
    return load_page<ThreadItem>(db, statements[Sql::item_cursor], rows, Scope{ctx.owner(), thread_id}, after,
                                 order, limit, decode_item_row);
  });
}

Status SqliteStore::add_thread_item(const std::string& thread_id, const ThreadItem& item,
                                    const RequestContext& ctx) {
  // A repeated id is an upsert: an open workflow is saved at the end of a run and again when a
  // later turn ends it (docs/PROTOCOL.md §8.2).
  return upsert_item(thread_id, item, ctx);
}

std::vector<Status> SqliteStore::write_batch(const std::vector<const Write*>& writes) {
  std::lock_guard lock(mutex_);
  const WritingScope writing(this);
  auto transaction = Transaction::begin(db_, Transaction::Mode::immediate);
  if (!transaction) return std::vector<Status>(writes.size(), transaction.error());
  std::vector<Status> results;
  results.reserve(writes.size());
  for (const auto& write : writes) {
    auto savepoint = Transaction::begin(db_, Transaction::Mode::immediate);
    Status status = savepoint ? (*write)(*this) : Status(savepoint.error());
    if (status && savepoint) status = savepoint->commit();  // otherwise rolled back when it goes
    results.push_back(std::move(status));
  }
  if (auto committed = transaction->commit(); !committed) {
    return std::vector<Status>(writes.size(), committed.error());
  }
  return results;
}

Status SqliteStore::save_item(const std::string& thread_id, const ThreadItem& item, const RequestContext& ctx) {
  return upsert_item(thread_id, item, ctx);
}

Status SqliteStore::upsert_item(const std::string& thread_id, const ThreadItem& item, const RequestContext& ctx) {
  std::lock_guard lock(mutex_);
  // No transaction of its own: the upsert is the one statement that writes, and SQLite makes a
  // statement atomic. The check gives a clear not_found; the foreign key would refuse the row anyway.
  // Items only join one of the caller's own threads.
  auto owner = find_data((*statements_)[Sql::thread_cursor], {ctx.owner()}, thread_id);
  if (!owner) return owner.error();
  if (!*owner) return make_error(ErrorCode::not_found, "thread not found: " + thread_id);
  const auto& base = item_base(item);
  auto& statement = (*statements_)[Sql::item_upsert];
  auto use = statement.use();
  statement.bind(1, ctx.owner()).bind(2, thread_id).bind(3, base.id).bind(4, base.created_at.micros);
  statement.bind(5, encode_item_for_storage_text(item));
  return statement.run();
}

Result<ThreadItem> SqliteStore::load_item(const std::string& thread_id, const std::string& item_id,
                                          const RequestContext& ctx) {
  return read([&](Database&, Statements& statements) -> Result<ThreadItem> {
    auto data = find_data(statements[Sql::item_load], {ctx.owner(), thread_id}, item_id);
    if (!data) return data.error();
    if (!*data) return make_error(ErrorCode::not_found, "item not found: " + item_id);
    return decode_item_row(item_id, **data);
  });
}

Status SqliteStore::delete_thread_item(const std::string& thread_id, const std::string& item_id,
                                       const RequestContext& ctx) {
  std::lock_guard lock(mutex_);
  auto deleted = run_scoped(db_, (*statements_)[Sql::item_delete], {ctx.owner(), thread_id}, item_id);
  if (!deleted) return deleted.error();
  if (!*deleted) return make_error(ErrorCode::not_found, "item not found: " + item_id);
  return ok_status();
}

//------------------------------------------------------------------------------------------------
// Attachments

Status SqliteStore::save_attachment(const Attachment& attachment, const RequestContext& ctx) {
  std::lock_guard lock(mutex_);
  const auto& common = attachment_common(attachment);
  auto& statement = (*statements_)[Sql::attachment_upsert];
  auto use = statement.use();
  statement.bind(1, ctx.owner()).bind(2, common.id);
  statement.bind(3, to_wire(encode_attachment_for_storage(attachment)));
  if (common.thread_id) statement.bind(4, *common.thread_id);
  else statement.bind_null(4);
  // Kept on later saves (the upsert leaves it): the age of the record, for the sweep.
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  statement.bind(5, static_cast<std::int64_t>(now.count()));
  return statement.run();
}

Result<Attachment> SqliteStore::load_attachment(const std::string& attachment_id, const RequestContext& ctx) {
  return read([&](Database&, Statements& statements) -> Result<Attachment> {
    auto data = find_data(statements[Sql::attachment_load], {ctx.owner()}, attachment_id);
    if (!data) return data.error();
    if (!*data) return make_error(ErrorCode::not_found, "attachment not found: " + attachment_id);
    return decode_attachment_row(attachment_id, **data);
  });
}

Status SqliteStore::delete_attachment(const std::string& attachment_id, const RequestContext& ctx) {
  std::lock_guard lock(mutex_);
  auto deleted = run_scoped(db_, (*statements_)[Sql::attachment_delete], {ctx.owner()}, attachment_id);
  if (!deleted) return deleted.error();
  if (!*deleted) return make_error(ErrorCode::not_found, "attachment not found: " + attachment_id);
  return ok_status();
}

Result<std::vector<Attachment>> SqliteStore::delete_thread_attachments(const std::string& thread_id,
                                                                       const RequestContext& ctx) {
  std::lock_guard lock(mutex_);
  auto& statement = (*statements_)[Sql::attachments_of_thread_delete];
  auto use = statement.use();
  statement.bind(1, ctx.owner()).bind(2, thread_id);
  std::vector<Attachment> deleted;
  for (;;) {
    auto row = statement.step();
    if (!row) return row.error();
    if (!*row) break;
    // A corrupt row is deleted all the same; its bytes then stay until someone looks.
    if (auto attachment = decode_attachment_row(statement.column_text(0), statement.column_text(1))) {
      deleted.push_back(std::move(*attachment));
    }
  }
  return deleted;
}

Result<std::vector<OwnedAttachment>> SqliteStore::delete_expired_attachments(std::int64_t created_before_ms, int limit) {
  std::lock_guard lock(mutex_);
  auto& statement = (*statements_)[Sql::attachments_expired_delete];
  auto use = statement.use();
  statement.bind(1, created_before_ms).bind(2, static_cast<std::int64_t>(limit));
  std::vector<OwnedAttachment> deleted;
  for (;;) {
    auto row = statement.step();
    if (!row) return row.error();
    if (!*row) break;
    if (auto attachment = decode_attachment_row(statement.column_text(1), statement.column_text(2))) {
      deleted.push_back(OwnedAttachment{.user_id = statement.column_text(0), .attachment = std::move(*attachment)});
    }
  }
  return deleted;
}

}  // namespace chatkit::server
