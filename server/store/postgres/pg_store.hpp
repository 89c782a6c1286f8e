#pragma once
// The Store on PostgreSQL: the same tables and semantics as SqliteStore (JSON rows in storage form,
// scoped by user, paged by (created_at, insertion sequence)), over a pool of libpq connections.
// The schema is migrated at open under an advisory lock, so instances starting at once migrate once.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/store/postgres/pg_pool.hpp"
#include "server/store/store.hpp"

namespace chatkit::server {

struct PgStoreOptions {
  std::string conninfo;  // libpq URI or keywords; empty: the PG* environment variables
  int pool_size = 4;
  std::chrono::milliseconds statement_timeout{5000};
};

class PgStore final : public Store {
 public:
  static Result<std::unique_ptr<PgStore>> open(const PgStoreOptions& options);

  Result<ThreadMetadata> load_thread(const std::string& thread_id, const RequestContext& ctx) override;
  Status save_thread(const ThreadMetadata& thread, const RequestContext& ctx) override;
  Status update_thread(const ThreadMetadata& thread, const RequestContext& ctx) override;
  Result<Page<ThreadMetadata>> load_threads(int limit, const std::optional<std::string>& after, SortOrder order,
                                            const RequestContext& ctx) override;
  Status delete_thread(const std::string& thread_id, const RequestContext& ctx) override;

  Result<Page<ThreadItem>> load_thread_items(const std::string& thread_id, const std::optional<std::string>& after,
                                             int limit, SortOrder order, const RequestContext& ctx) override;
  Status add_thread_item(const std::string& thread_id, const ThreadItem& item, const RequestContext& ctx) override;
  Status save_item(const std::string& thread_id, const ThreadItem& item, const RequestContext& ctx) override;
  Result<ThreadItem> load_item(const std::string& thread_id, const std::string& item_id,
                               const RequestContext& ctx) override;
  Status delete_thread_item(const std::string& thread_id, const std::string& item_id,
                            const RequestContext& ctx) override;

  Status save_attachment(const Attachment& attachment, const RequestContext& ctx) override;
  Result<Attachment> load_attachment(const std::string& attachment_id, const RequestContext& ctx) override;
  Status delete_attachment(const std::string& attachment_id, const RequestContext& ctx) override;
  Result<std::vector<Attachment>> delete_thread_attachments(const std::string& thread_id,
                                                            const RequestContext& ctx) override;
  Result<std::vector<OwnedAttachment>> delete_expired_attachments(std::int64_t created_before_ms, int limit) override;

  // One transaction on one connection; a failed write is undone alone (see the .cpp for how).
  std::vector<Status> write_batch(const std::vector<const Write*>& writes) override;
  using Store::write_batch;

  // The pool, for use cases that run their own SQL on the same database (PgSqlDatabase).
  pg::Pool& pool() { return pool_; }
  // Runs `work` in a transaction of its own on a pooled connection, or, inside a write batch on
  // this thread, in a savepoint of the batch's (a use case's table read while the batch saves a
  // card): a pool of N never deadlocks with N batches that each want a second connection.
  Status transact(const std::function<Status(pg::Connection&)>& work);
  // One statement on a pooled connection, committed on its own (no BEGIN and COMMIT round trips);
  // inside a write batch on this thread, in a savepoint of the batch's, as transact.
  Result<pg::Rows> execute_alone(std::string_view sql, const pg::Params& params);

 private:
  explicit PgStore(const PgStoreOptions& options);
  template <class Work>
  auto with_connection(Work&& work);
  template <class Work>
  auto in_transaction(Work&& work);
  Result<pg::Rows> run(std::string_view sql, const pg::Params& params);
  // The batch in one transaction, no savepoints; nothing (all rolled back) when a write fails.
  std::optional<std::vector<Status>> write_batch_at_once(pg::Connection& connection, const std::vector<const Write*>& writes);
  // The batch in one transaction, each write in its own savepoint.
  std::vector<Status> write_batch_one_by_one(pg::Connection& connection, const std::vector<const Write*>& writes);
  Status upsert_item(const std::string& thread_id, const ThreadItem& item, const RequestContext& ctx);
  template <class T, class Decode>
  Result<Page<T>> load_page(std::string_view cursor_sql, std::string_view rows_sql, pg::Params scope,
                            const std::optional<std::string>& after, SortOrder order, int limit, Decode decode);

  pg::Pool pool_;
};

}  // namespace chatkit::server
