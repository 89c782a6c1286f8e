#pragma once
// One upload in progress (docs/PROTOCOL.md §2.15): its bytes stream into a blob as they arrive,
// checked on the way (the size limit, then the content against the type), and finish() stores the
// record once all of them are in. Destroyed before finish() succeeds, it leaves nothing behind.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/attachments.hpp"
#include "core/result.hpp"
#include "server/attachments/attachment_policy.hpp"
#include "server/attachments/blob_store.hpp"
#include "server/common/media_type.hpp"
#include "server/store/context.hpp"

namespace chatkit::server {

class Upload {
 public:
  // What the upload fills in: a pending record of attachments.create, or (direct) a new one.
  struct Target {
    RequestContext context;
    std::string attachment_id;
    std::string blob_key;
    // Two-phase: the declared record (its type, name and size are fixed). Direct: nullopt.
    std::optional<Attachment> declared;
    std::size_t declared_size = 0;
  };
  // Stores the finished record (and returns it as the client sees it); the service's.
  using Finish = std::function<Result<Attachment>(const Target&, Attachment)>;

  Upload(Target target, const AttachmentPolicy& policy, std::unique_ptr<BlobWriter> writer, Finish finish);

  // The most bytes this upload may bring: the declared size, or the policy's limit.
  std::size_t limit() const;
  // The file's name and type as the request gives them, before its bytes: a multipart part's
  // filename and Content-Type, or a raw body's Content-Type (no name). Two-phase: a type other than
  // the declared one (or application/octet-stream, or none) is refused. Direct: the part's name and
  // type become the record's (a missing or generic type is taken from the bytes' signature).
  Status describe(std::string_view filename, std::string_view content_type);
  Status write(std::string_view bytes);
  // Every byte is in: the size and the content are checked, the bytes committed, the record saved.
  Result<Attachment> finish();
  std::size_t received() const { return received_; }
  // Whose attachment this is: the user, and the owner it belongs to (RequestContext::owner).
  const RequestContext& target_context() const { return target_.context; }

 private:
  Status decide_type_from_head();
  Status check(std::optional<std::string> problem) const;

  Target target_;
  const AttachmentPolicy& policy_;
  std::unique_ptr<BlobWriter> writer_;
  Finish finish_;
  std::string name_;
  std::string type_;  // normalized; empty while a direct upload's type waits for the bytes
  std::optional<ContentCheck> content_;
  std::string head_;  // the first bytes, while the type waits for them
  std::size_t received_ = 0;
};

}  // namespace chatkit::server
