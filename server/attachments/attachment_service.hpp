#pragma once
// The attachment store of docs/PROTOCOL.md §2.15-§2.16: records in the Store, bytes in a BlobStore,
// signed links for uploads and previews, and the checks a message's attachments pass (§2.11). No
// HTTP: the edge hands it what a request says and streams bodies into the Upload it returns.
// Everything is scoped by the request context's user; another user's attachment is not_found.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/items.hpp"
#include "core/protocol/requests.hpp"
#include "server/attachments/attachment_policy.hpp"
#include "server/attachments/blob_store.hpp"
#include "server/attachments/upload.hpp"
#include "server/attachments/url_signer.hpp"
#include "server/store/store.hpp"

namespace chatkit::server {

struct AttachmentServiceOptions {
  AttachmentPolicy policy;
  std::chrono::seconds upload_link_lifetime{15 * 60};
  std::chrono::seconds preview_link_lifetime{60 * 60};
  std::chrono::seconds ttl{24 * 60 * 60};  // --attachment-ttl: unsent attachments live this long
  // Unix seconds now; the system clock by default (tests move it).
  std::function<std::int64_t()> clock;
};

// An image's bytes for its preview link.
struct Preview {
  std::string media_type;
  std::string etag;             // the same for as long as the attachment exists: its bytes never change
  std::int64_t max_age = 0;     // seconds until the link expires
  std::unique_ptr<BlobReader> body;
};

// What the model is given of an attachment.
struct AttachmentBytes {
  std::size_t size = 0;  // of the whole file
  std::string bytes;     // its first bytes, as many as were asked for
};

class AttachmentService {
 public:
  AttachmentService(Store& store, BlobStore& blobs, UrlSigner signer, AttachmentServiceOptions options);

  const AttachmentPolicy& policy() const { return options_.policy; }

  // attachments.create: a pending record with its upload descriptor (two-phase, phase 1).
  Result<Attachment> create(const CreateAttachmentParams& params, const RequestContext& context);
  // attachments.delete: the record, then its bytes.
  Status remove(const std::string& attachment_id, const RequestContext& context);

  // The upload of a two-phase upload URL: its signature checked, then its attachment, which must be
  // waiting for its bytes. `authenticated_user`: the user of the request's Authorization, if it had
  // one (it must be the link's). `base_url` for the links of the answer.
  Result<std::unique_ptr<Upload>> begin_signed_upload(std::string_view attachment_id, std::string_view query,
                                                      const std::optional<std::string>& authenticated_user,
                                                      std::string base_url);
  // A direct upload (POST /chatkit/attachments) by the authenticated user.
  Result<std::unique_ptr<Upload>> begin_direct_upload(const RequestContext& context);

  // A preview link's image.
  Result<Preview> open_preview(std::string_view attachment_id, std::string_view query);

  // The records a message names (§2.11), each checked: the caller's (404), uploaded and not another
  // thread's (400 invalid_state); stamped with `thread_id`. Errors carry the path of the id.
  Result<std::vector<Attachment>> resolve(const std::vector<std::string>& ids, const std::string& thread_id,
                                          const RequestContext& context);
  // As a record goes out to a client: a fresh preview_url, no upload_descriptor.
  void present(Attachment& attachment, const RequestContext& context) const;
  void present(ThreadItem& item, const RequestContext& context) const;

  // After a thread was deleted: the records its messages carried, and their bytes.
  Status delete_thread_attachments(const std::string& thread_id, const RequestContext& context);
  // Deletes what expired (§2.16); returns how many attachments went.
  Result<std::size_t> sweep();
  // How often the sweep should run: a quarter of the TTL, from a second to ten minutes.
  std::chrono::seconds sweep_interval() const;

  // The bytes of an attachment a message carries (for the model): nullopt when they are gone.
  std::optional<AttachmentBytes> read(const Attachment& attachment, std::size_t max_bytes);

 private:
  std::int64_t now() const;
  std::string link(LinkPurpose purpose, const std::string& user_id, const std::string& attachment_id,
                   std::int64_t expires, const std::string& base_url) const;
  std::int64_t preview_expiry() const;
  Result<Attachment> finish_upload(const Upload::Target& target, Attachment record);
  void remove_bytes(const Attachment& attachment);

  Store& store_;
  BlobStore& blobs_;
  UrlSigner signer_;
  AttachmentServiceOptions options_;
};

// The state kept in a record's server-only metadata (§3.6).
struct StoredAttachmentInfo {
  std::string blob_key;
  std::size_t size = 0;
  bool ready = false;  // its bytes are in
};
std::optional<StoredAttachmentInfo> stored_info(const Attachment& attachment);

}  // namespace chatkit::server
