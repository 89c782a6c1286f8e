#include "server/store/postgres/pg_store.hpp"

#include <array>
#include <chrono>
#include <limits>
#include <optional>

#include "core/json_io.hpp"
#include "core/protocol/responses.hpp"
#include "server/store/postgres/pg_migrations.hpp"
#include "server/store/stored_rows.hpp"

namespace chatkit::server {

namespace {

//------------------------------------------------------------------------------------------------
// Schema: SqliteStore's tables, with bigserial for the insertion sequence.

constexpr std::array kMigrations = {
    SqlMigration{1, R"sql(
      CREATE TABLE threads (
        seq BIGSERIAL PRIMARY KEY, user_id TEXT NOT NULL, id TEXT NOT NULL,
        created_at BIGINT NOT NULL, data TEXT NOT NULL, UNIQUE (user_id, id));
      CREATE INDEX threads_by_created ON threads (user_id, created_at, seq);
      CREATE TABLE items (
        seq BIGSERIAL PRIMARY KEY, user_id TEXT NOT NULL, thread_id TEXT NOT NULL, id TEXT NOT NULL,
        created_at BIGINT NOT NULL, data TEXT NOT NULL, UNIQUE (user_id, thread_id, id),
        FOREIGN KEY (user_id, thread_id) REFERENCES threads (user_id, id) ON DELETE CASCADE);
      CREATE INDEX items_by_created ON items (user_id, thread_id, created_at, seq);
      CREATE TABLE attachments (
        seq BIGSERIAL PRIMARY KEY, user_id TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,
        thread_id TEXT, created_at BIGINT NOT NULL DEFAULT 0, UNIQUE (user_id, id));
      CREATE INDEX attachments_by_thread ON attachments (user_id, thread_id);
      CREATE INDEX attachments_by_created ON attachments (created_at);
    )sql"},
};

constexpr SqlSchema kSchema{.name = "database schema", .version_table = "schema_version", .steps = kMigrations};

//------------------------------------------------------------------------------------------------
// Statements ($1 is always the user)

constexpr std::string_view kThreadUpsert =
    "INSERT INTO threads (user_id, id, created_at, data) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (user_id, id) DO UPDATE SET data = EXCLUDED.data";
constexpr std::string_view kThreadUpdate = "UPDATE threads SET data = $3 WHERE user_id = $1 AND id = $2";
constexpr std::string_view kThreadLoad = "SELECT data FROM threads WHERE user_id = $1 AND id = $2";
constexpr std::string_view kThreadCursor = "SELECT created_at, seq FROM threads WHERE user_id = $1 AND id = $2";
constexpr std::string_view kThreadsAsc =
    "SELECT id, data FROM threads WHERE user_id = $1 AND (created_at, seq) > ($2::bigint, $3::bigint) "
    "ORDER BY created_at ASC, seq ASC LIMIT $4";
constexpr std::string_view kThreadsDesc =
    "SELECT id, data FROM threads WHERE user_id = $1 AND (created_at, seq) < ($2::bigint, $3::bigint) "
    "ORDER BY created_at DESC, seq DESC LIMIT $4";
constexpr std::string_view kThreadDelete = "DELETE FROM threads WHERE user_id = $1 AND id = $2";
constexpr std::string_view kThreadItemsDelete = "DELETE FROM items WHERE user_id = $1 AND thread_id = $2";
// Inserts nothing (0 rows affected) when the owner has no such thread: one round trip, not a
// check and then the insert.
constexpr std::string_view kItemUpsert =
    "INSERT INTO items (user_id, thread_id, id, created_at, data) "
    "SELECT $1::text, $2::text, $3::text, $4::bigint, $5::text "
    "WHERE EXISTS (SELECT 1 FROM threads WHERE user_id = $1::text AND id = $2::text) "
    "ON CONFLICT (user_id, thread_id, id) DO UPDATE SET data = EXCLUDED.data";
constexpr std::string_view kItemLoad = "SELECT data FROM items WHERE user_id = $1 AND thread_id = $2 AND id = $3";
constexpr std::string_view kItemCursor =
    "SELECT created_at, seq FROM items WHERE user_id = $1 AND thread_id = $2 AND id = $3";
constexpr std::string_view kItemsAsc =
    "SELECT id, data FROM items WHERE user_id = $1 AND thread_id = $2 AND (created_at, seq) > ($3::bigint, $4::bigint) "
    "ORDER BY created_at ASC, seq ASC LIMIT $5";
constexpr std::string_view kItemsDesc =
    "SELECT id, data FROM items WHERE user_id = $1 AND thread_id = $2 AND (created_at, seq) < ($3::bigint, $4::bigint) "
    "ORDER BY created_at DESC, seq DESC LIMIT $5";
constexpr std::string_view kItemDelete = "DELETE FROM items WHERE user_id = $1 AND thread_id = $2 AND id = $3";
constexpr std::string_view kAttachmentUpsert =
    "INSERT INTO attachments (user_id, id, data, thread_id, created_at) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (user_id, id) DO UPDATE SET data = EXCLUDED.data, thread_id = EXCLUDED.thread_id";
constexpr std::string_view kAttachmentLoad = "SELECT data FROM attachments WHERE user_id = $1 AND id = $2";
constexpr std::string_view kAttachmentDelete = "DELETE FROM attachments WHERE user_id = $1 AND id = $2";
constexpr std::string_view kAttachmentsOfThreadDelete =
    "DELETE FROM attachments WHERE user_id = $1 AND thread_id = $2 RETURNING id, data";
constexpr std::string_view kAttachmentsExpiredDelete =
    "DELETE FROM attachments WHERE seq IN (SELECT a.seq FROM attachments a WHERE a.created_at < $1 AND "
    "(a.thread_id IS NULL OR NOT EXISTS (SELECT 1 FROM threads t WHERE t.user_id = a.user_id AND t.id = a.thread_id)) "
    "ORDER BY a.created_at LIMIT $2) RETURNING user_id, id, data";

//------------------------------------------------------------------------------------------------
// Rows (decoded by stored_rows.hpp)


Status check_limit(int limit) {
  if (limit >= 1) return ok_status();
  return make_error(ErrorCode::invalid_request, "page limit must be at least 1, got " + std::to_string(limit));
}

std::string number(std::int64_t value) { return std::to_string(value); }

// The connection of the write batch this thread is running, if any: its writes share one transaction.
thread_local pg::Connection* t_batch_connection = nullptr;

// Sets t_batch_connection for a batch's writes, and clears it however they end.
class BatchConnection {
 public:
  explicit BatchConnection(pg::Connection& connection) { t_batch_connection = &connection; }
  ~BatchConnection() { t_batch_connection = nullptr; }
  BatchConnection(const BatchConnection&) = delete;
  BatchConnection& operator=(const BatchConnection&) = delete;
};

}  // namespace

//------------------------------------------------------------------------------------------------
// PgStore

PgStore::PgStore(const PgStoreOptions& options)
    : pool_(pg::ConnectionOptions{.conninfo = options.conninfo, .statement_timeout = options.statement_timeout},
            options.pool_size) {}

Result<std::unique_ptr<PgStore>> PgStore::open(const PgStoreOptions& options) {
  std::unique_ptr<PgStore> store(new PgStore(options));
  auto lease = store->pool_.acquire();
  if (!lease) return lease.error();
  if (auto status = pg::migrate(**lease, kSchema); !status) return status.error();
  return store;
}

template <class Work>
auto PgStore::with_connection(Work&& work) {
  using R = decltype(work(std::declval<pg::Connection&>()));
  if (t_batch_connection != nullptr) return work(*t_batch_connection);
  auto lease = pool_.acquire();
  if (!lease) return R(lease.error());
  return work(**lease);
}

// Runs `work` in a transaction of its own, or inside the batch's when there is one.
template <class Work>
auto PgStore::in_transaction(Work&& work) {
  return with_connection([&](pg::Connection& connection) {
    using R = decltype(work(connection));
    if (t_batch_connection != nullptr) return work(connection);
    if (auto begun = connection.execute_script("BEGIN ISOLATION LEVEL REPEATABLE READ"); !begun) return R(begun.error());
    R result = work(connection);
    auto ended = connection.execute_script(result ? "COMMIT" : "ROLLBACK");
    if (result && !ended) return R(ended.error());
    return result;
  });
}

Status PgStore::transact(const std::function<Status(pg::Connection&)>& work) {
  return with_connection([&](pg::Connection& connection) -> Status {
    // In a batch, a savepoint of its own: a failure here must not abort the batch's transaction.
    const bool nested = t_batch_connection != nullptr;
    // READ COMMITTED (not REPEATABLE READ): an upsert meeting a concurrent one waits for it and
    // applies to its result (a use case's counter row) instead of failing to serialize.
    if (auto begun = connection.execute_script(nested ? "SAVEPOINT use_case_sql" : "BEGIN"); !begun) {
      return begun.error();
    }
    Status status = work(connection);
    const char* end = nested ? (status ? "RELEASE SAVEPOINT use_case_sql" : "ROLLBACK TO SAVEPOINT use_case_sql")
                             : (status ? "COMMIT" : "ROLLBACK");
    auto ended = connection.execute_script(end);
    if (status && !ended) return ended.error();
    return status;
  });
}

Result<pg::Rows> PgStore::execute_alone(std::string_view sql, const pg::Params& params) {
  if (t_batch_connection == nullptr) return run(sql, params);
  std::optional<Result<pg::Rows>> rows;
  auto status = transact([&](pg::Connection& connection) -> Status {
    rows.emplace(connection.execute(sql, params));
    if (!*rows) return rows->error();
    return ok_status();
  });
  if (!status) return status.error();
  return std::move(*rows);
}

Result<pg::Rows> PgStore::run(std::string_view sql, const pg::Params& params) {
  return with_connection([&](pg::Connection& connection) { return connection.execute(sql, params); });
}

Result<ThreadMetadata> PgStore::load_thread(const std::string& thread_id, const RequestContext& ctx) {
  auto rows = run(kThreadLoad, {ctx.owner(), thread_id});
  if (!rows) return rows.error();
  if (rows->size() == 0) return make_error(ErrorCode::not_found, "thread not found: " + thread_id);
  return decode_thread_row(thread_id, rows->text(0, 0));
}

Status PgStore::save_thread(const ThreadMetadata& thread, const RequestContext& ctx) {
  auto rows = run(kThreadUpsert, {ctx.owner(), thread.id, number(thread.created_at.micros),
                                  encode_thread_metadata_for_storage_text(thread)});
  if (!rows) return rows.error();
  return ok_status();
}

Status PgStore::update_thread(const ThreadMetadata& thread, const RequestContext& ctx) {
  auto rows = run(kThreadUpdate, {ctx.owner(), thread.id, encode_thread_metadata_for_storage_text(thread)});
  if (!rows) return rows.error();
  if (rows->affected() == 0) return make_error(ErrorCode::not_found, "thread not found: " + thread.id);
  return ok_status();
}

template <class T, class Decode>
Result<Page<T>> PgStore::load_page(std::string_view cursor_sql, std::string_view rows_sql, pg::Params scope,
                                   const std::optional<std::string>& after, SortOrder order, int limit,
                                   Decode decode) {
  if (auto status = check_limit(limit); !status) return status.error();
  // Cursor and page in one snapshot.
  return in_transaction([&](pg::Connection& connection) -> Result<Page<T>> {
    constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
    constexpr auto highest = std::numeric_limits<std::int64_t>::max();
    std::int64_t created_at = order == SortOrder::asc ? lowest : highest;
    std::int64_t seq = created_at;
    if (after) {
      auto params = scope;
      params.push_back(*after);
      auto cursor = connection.execute(cursor_sql, params);
      if (!cursor) return cursor.error();
      if (cursor->size() == 0) return make_error(ErrorCode::not_found, "unknown after cursor: " + *after);
      created_at = cursor->integer(0, 0);
      seq = cursor->integer(0, 1);
    }
    auto params = scope;
    params.push_back(number(created_at));
    params.push_back(number(seq));
    params.push_back(number(static_cast<std::int64_t>(limit) + 1));
    auto rows = connection.execute(rows_sql, params);
    if (!rows) return rows.error();
    Page<T> page;
    for (int row = 0; row < rows->size(); ++row) {
      if (page.data.size() == static_cast<std::size_t>(limit)) {
        page.has_more = true;
        break;
      }
      auto id = rows->text(row, 0);
      auto value = decode(id, rows->text(row, 1));
      if (!value) return value.error();
      page.data.push_back(std::move(*value));
      page.after = std::move(id);
    }
    if (!page.has_more) page.after.reset();
    return page;
  });
}

Result<Page<ThreadMetadata>> PgStore::load_threads(int limit, const std::optional<std::string>& after,
                                                  SortOrder order, const RequestContext& ctx) {
  return load_page<ThreadMetadata>(kThreadCursor, order == SortOrder::asc ? kThreadsAsc : kThreadsDesc,
                                   {ctx.owner()}, after, order, limit, decode_thread_row);
}

Status PgStore::delete_thread(const std::string& thread_id, const RequestContext& ctx) {
  return in_transaction([&](pg::Connection& connection) -> Status {
    // Items go explicitly too: the cascade is a safety net, not the only guarantee.
    if (auto items = connection.execute(kThreadItemsDelete, {ctx.owner(), thread_id}); !items) return items.error();
    auto deleted = connection.execute(kThreadDelete, {ctx.owner(), thread_id});
    if (!deleted) return deleted.error();
    if (deleted->affected() == 0) return make_error(ErrorCode::not_found, "thread not found: " + thread_id);
    return ok_status();
  });
}

Result<Page<ThreadItem>> PgStore::load_thread_items(const std::string& thread_id,
                                                   const std::optional<std::string>& after, int limit,
                                                   SortOrder order, const RequestContext& ctx) {
  return load_page<ThreadItem>(kItemCursor, order == SortOrder::asc ? kItemsAsc : kItemsDesc,
                               {ctx.owner(), thread_id}, after, order, limit, decode_item_row);
}

Status PgStore::add_thread_item(const std::string& thread_id, const ThreadItem& item, const RequestContext& ctx) {
  return upsert_item(thread_id, item, ctx);
}

Status PgStore::save_item(const std::string& thread_id, const ThreadItem& item, const RequestContext& ctx) {
  return upsert_item(thread_id, item, ctx);
}

Status PgStore::upsert_item(const std::string& thread_id, const ThreadItem& item, const RequestContext& ctx) {
  const auto& base = item_base(item);
  auto rows = run(kItemUpsert, {ctx.owner(), thread_id, base.id, number(base.created_at.micros),
                                encode_item_for_storage_text(item)});
  if (!rows) return rows.error();
  // No row: the thread is not this owner's (the foreign key alone would give a less clear error).
  if (rows->affected() == 0) return make_error(ErrorCode::not_found, "thread not found: " + thread_id);
  return ok_status();
}

Result<ThreadItem> PgStore::load_item(const std::string& thread_id, const std::string& item_id,
                                      const RequestContext& ctx) {
  auto rows = run(kItemLoad, {ctx.owner(), thread_id, item_id});
  if (!rows) return rows.error();
  if (rows->size() == 0) return make_error(ErrorCode::not_found, "item not found: " + item_id);
  return decode_item_row(item_id, rows->text(0, 0));
}

Status PgStore::delete_thread_item(const std::string& thread_id, const std::string& item_id,
                                   const RequestContext& ctx) {
  auto rows = run(kItemDelete, {ctx.owner(), thread_id, item_id});
  if (!rows) return rows.error();
  if (rows->affected() == 0) return make_error(ErrorCode::not_found, "item not found: " + item_id);
  return ok_status();
}

Status PgStore::save_attachment(const Attachment& attachment, const RequestContext& ctx) {
  const auto& common = attachment_common(attachment);
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  auto rows = run(kAttachmentUpsert, {ctx.owner(), common.id, to_wire(encode_attachment_for_storage(attachment)),
                                      common.thread_id, number(static_cast<std::int64_t>(now.count()))});
  if (!rows) return rows.error();
  return ok_status();
}

Result<Attachment> PgStore::load_attachment(const std::string& attachment_id, const RequestContext& ctx) {
  auto rows = run(kAttachmentLoad, {ctx.owner(), attachment_id});
  if (!rows) return rows.error();
  if (rows->size() == 0) return make_error(ErrorCode::not_found, "attachment not found: " + attachment_id);
  return decode_attachment_row(attachment_id, rows->text(0, 0));
}

Status PgStore::delete_attachment(const std::string& attachment_id, const RequestContext& ctx) {
  auto rows = run(kAttachmentDelete, {ctx.owner(), attachment_id});
  if (!rows) return rows.error();
  if (rows->affected() == 0) return make_error(ErrorCode::not_found, "attachment not found: " + attachment_id);
  return ok_status();
}

Result<std::vector<Attachment>> PgStore::delete_thread_attachments(const std::string& thread_id,
                                                                   const RequestContext& ctx) {
  auto rows = run(kAttachmentsOfThreadDelete, {ctx.owner(), thread_id});
  if (!rows) return rows.error();
  std::vector<Attachment> deleted;
  for (int row = 0; row < rows->size(); ++row) {
    // A corrupt row is deleted all the same; its bytes then stay until someone looks.
    if (auto attachment = decode_attachment_row(rows->text(row, 0), rows->text(row, 1))) {
      deleted.push_back(std::move(*attachment));
    }
  }
  return deleted;
}

Result<std::vector<OwnedAttachment>> PgStore::delete_expired_attachments(std::int64_t created_before_ms, int limit) {
  auto rows = run(kAttachmentsExpiredDelete, {number(created_before_ms), number(limit)});
  if (!rows) return rows.error();
  std::vector<OwnedAttachment> deleted;
  for (int row = 0; row < rows->size(); ++row) {
    if (auto attachment = decode_attachment_row(rows->text(row, 1), rows->text(row, 2))) {
      deleted.push_back(OwnedAttachment{.user_id = rows->text(row, 0), .attachment = std::move(*attachment)});
    }
  }
  return deleted;
}

// Most batches fail nowhere, so they first run in one transaction without a savepoint per write
// (two round trips each: 4 of the 19 statements of a threads.create). Only when a write fails is
// that transaction rolled back and the batch run again with a savepoint per write, so a failed write
// is undone alone and the others commit. A write runs again only after a rollback of everything.
std::vector<Status> PgStore::write_batch(const std::vector<const Write*>& writes) {
  auto lease = pool_.acquire();
  if (!lease) return std::vector<Status>(writes.size(), lease.error());
  pg::Connection& connection = **lease;
  if (auto all = write_batch_at_once(connection, writes)) return std::move(*all);
  // (On a lost connection its BEGIN fails, and every write gets that error.)
  return write_batch_one_by_one(connection, writes);
}

std::optional<std::vector<Status>> PgStore::write_batch_at_once(pg::Connection& connection,
                                                                const std::vector<const Write*>& writes) {
  if (auto begun = connection.execute_script("BEGIN"); !begun) return std::vector<Status>(writes.size(), begun.error());
  Status outcome = ok_status();
  {
    const BatchConnection batch(connection);
    for (const auto* write : writes) {
      outcome = (*write)(*this);
      if (!outcome) break;
    }
  }
  // A write that went on after a failed statement it ignored left the transaction aborted.
  if (outcome && connection.transaction_failed()) {
    outcome = make_error(ErrorCode::internal, "database: a write of the batch left its transaction aborted");
  }
  if (!outcome) {
    (void)connection.execute_script("ROLLBACK");
    // A lone write's outcome is its own: there is nothing to keep apart from it.
    if (writes.size() == 1) return std::vector<Status>{std::move(outcome)};
    return std::nullopt;
  }
  if (auto committed = connection.execute_script("COMMIT"); !committed) {
    return std::vector<Status>(writes.size(), committed.error());
  }
  return std::vector<Status>(writes.size(), ok_status());
}

std::vector<Status> PgStore::write_batch_one_by_one(pg::Connection& connection, const std::vector<const Write*>& writes) {
  if (auto begun = connection.execute_script("BEGIN"); !begun) return std::vector<Status>(writes.size(), begun.error());
  std::vector<Status> results;
  results.reserve(writes.size());
  {
    const BatchConnection batch(connection);
    for (const auto* write : writes) {
      auto savepoint = connection.execute_script("SAVEPOINT batch_write");
      Status status = savepoint ? (*write)(*this) : Status(savepoint.error());
      auto ended = connection.execute_script(status ? "RELEASE SAVEPOINT batch_write" : "ROLLBACK TO SAVEPOINT batch_write");
      if (status && !ended) status = ended.error();
      results.push_back(std::move(status));
    }
  }
  if (auto committed = connection.execute_script("COMMIT"); !committed) {
    return std::vector<Status>(writes.size(), committed.error());
  }
  return results;
}

}  // namespace chatkit::server
