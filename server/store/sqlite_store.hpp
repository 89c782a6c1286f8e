#pragma once
// The Store on one SQLite file: JSON rows in storage form, scoped by user, paged by
// (created_at, insertion sequence), schema kept current by numbered migrations.
#include <memory>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "server/store/checkpointer.hpp"
#include "server/store/sqlite.hpp"
#include "server/store/store.hpp"

namespace chatkit::server {

class SqliteStore final : public Store {
 public:
  // Opens (or creates) the database at `path` (":memory:" allowed) and migrates its schema.
  // A database written by a newer schema than this build knows is refused (invalid_state).
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path);
  ~SqliteStore() override;

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

  // One transaction, each write in its own savepoint.
  std::vector<Status> write_batch(const std::vector<const Write*>& writes) override;
  using Store::write_batch;

 private:
  struct Statements;
  struct Reader;
  SqliteStore(std::string path, sqlite::Database db, std::unique_ptr<Statements> statements,
              std::unique_ptr<Checkpointer> checkpointer);
  Status upsert_item(const std::string& thread_id, const ThreadItem& item, const RequestContext& ctx);
  // Runs `read(db, statements)` on an idle reader connection, or on the writer's connection
  // inside a write of this thread's (which must see its own uncommitted rows) and for ":memory:".
  template <class Read>
  auto read(Read&& read);
  std::unique_ptr<Reader> take_reader();
  void give_back(std::unique_ptr<Reader> reader);

  // The writer: one connection, and its prepared statements, used by one caller at a time.
  std::string path_;
  std::recursive_mutex mutex_;  // recursive: a batch's writes call the public methods
  sqlite::Database db_;
  std::unique_ptr<Statements> statements_;  // declared after db_: finalized before it closes
  // Readers: WAL lets reads run beside the writer, so a read never waits for a batch to commit.
  // Opened on demand (one per thread reading at the same time) and kept.
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Reader>> idle_readers_;
  std::unique_ptr<Checkpointer> checkpointer_;  // null for ":memory:"
};

}  // namespace chatkit::server
