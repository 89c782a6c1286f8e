#pragma once
// The thread data store (docs/PROTOCOL.md §7.1): threads, their items and attachment records, all
// scoped by the request context. Implementations report failures as values, never by throwing.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/common.hpp"
#include "core/protocol/thread.hpp"
#include "core/result.hpp"
#include "server/store/context.hpp"

namespace chatkit::server {

// An attachment record and who it belongs to: what housekeeping, which sees every user's, returns.
struct OwnedAttachment {
  std::string user_id;
  Attachment attachment;
};

// Paging requests follow §7.3: `limit` >= 1, `after` is the id of an element of an earlier page.
class Store {
 public:
  virtual ~Store() = default;

  // The thread's metadata; not_found when missing or owned by another user.
  virtual Result<ThreadMetadata> load_thread(const std::string& thread_id, const RequestContext& ctx) = 0;
  // Inserts or replaces the thread's metadata (including the server-only `metadata`).
  virtual Status save_thread(const ThreadMetadata& thread, const RequestContext& ctx) = 0;
  // Replaces the metadata of a thread that exists; not_found when it was deleted meanwhile (a
  // stream or a rename must never bring a deleted thread back).
  virtual Status update_thread(const ThreadMetadata& thread, const RequestContext& ctx) = 0;
  // A page of the caller's threads ordered by created_at; unknown `after` → not_found.
  virtual Result<Page<ThreadMetadata>> load_threads(int limit, const std::optional<std::string>& after,
                                                    SortOrder order, const RequestContext& ctx) = 0;
  // Deletes the thread and all its items; not_found when the caller has no such thread.
  virtual Status delete_thread(const std::string& thread_id, const RequestContext& ctx) = 0;

  // A page of the thread's items (hidden ones included); another user's thread gives an empty page.
  virtual Result<Page<ThreadItem>> load_thread_items(const std::string& thread_id,
                                                     const std::optional<std::string>& after, int limit,
                                                     SortOrder order, const RequestContext& ctx) = 0;
  // Appends an item; a repeated id replaces the content and keeps the original position.
  virtual Status add_thread_item(const std::string& thread_id, const ThreadItem& item,
                                 const RequestContext& ctx) = 0;
  // Inserts or replaces an item by id, keeping its position when it already exists.
  virtual Status save_item(const std::string& thread_id, const ThreadItem& item, const RequestContext& ctx) = 0;
  // One item of one of the caller's threads; not_found otherwise.
  virtual Result<ThreadItem> load_item(const std::string& thread_id, const std::string& item_id,
                                       const RequestContext& ctx) = 0;
  // Deletes one item; not_found when the caller has no such item in that thread.
  virtual Status delete_thread_item(const std::string& thread_id, const std::string& item_id,
                                    const RequestContext& ctx) = 0;

  // Inserts or replaces an attachment record (again when it gets its thread_id).
  virtual Status save_attachment(const Attachment& attachment, const RequestContext& ctx) = 0;
  // The attachment record with its server-only metadata; not_found when missing or another user's.
  virtual Result<Attachment> load_attachment(const std::string& attachment_id, const RequestContext& ctx) = 0;
  // Deletes the attachment record (not its bytes); not_found when the caller has no such record.
  virtual Status delete_attachment(const std::string& attachment_id, const RequestContext& ctx) = 0;
  // Deletes the records that carry `thread_id` (its messages' attachments) and returns them; their
  // bytes are the caller's to remove.
  virtual Result<std::vector<Attachment>> delete_thread_attachments(const std::string& thread_id,
                                                                    const RequestContext& ctx) = 0;
  // Housekeeping, the one operation not scoped by a user: deletes and returns at most `limit`
  // records created before `created_before_ms` (Unix milliseconds) that no message carries, or
  // whose message's thread is gone (PROTOCOL §2.16).
  virtual Result<std::vector<OwnedAttachment>> delete_expired_attachments(std::int64_t created_before_ms, int limit) = 0;

  // Group commit (server/chatkit/store_writer.hpp): runs the writes in one transaction, each
  // isolated so that one failing write leaves the others. One status per write, in order; a
  // failed commit fails them all. A write calls this store's methods.
  using Write = std::function<Status(Store&)>;
  virtual std::vector<Status> write_batch(const std::vector<const Write*>& writes) = 0;
  std::vector<Status> write_batch(const std::vector<Write>& writes);
};

}  // namespace chatkit::server
