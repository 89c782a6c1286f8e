#include "server/attachments/attachment_service.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <set>

#include "core/variant_util.hpp"
#include "server/common/clock.hpp"
#include "server/common/media_type.hpp"

namespace chatkit::server {

namespace {

constexpr int kSweepBatch = 100;
constexpr std::int64_t kPreviewBucket = 15 * 60;  // preview expiries are rounded up to this
constexpr std::size_t kMaxAttachmentsPerMessage = 20;

// The blob key of a user's attachment: a digest of the user (user ids may hold any character) as
// the folder, the id as the name.
std::string blob_key(const std::string& user_id, const std::string& attachment_id) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(user_id.data(), user_id.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key = "u";
  for (unsigned int i = 0; i < 8 && i < length; ++i) {
    key += kHex[digest[i] >> 4];
    key += kHex[digest[i] & 0xF];
  }
  return key + "/" + attachment_id;
}

json metadata_of(const std::string& key, std::size_t size, bool ready) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return json{{"blob", key}, {"size", size}, {"state", ready ? "ready" : "pending"}, {"created_ms", now.count()}};
}

// Attachment ids are ours: "atc_" and lower-case hex. Anything else is no attachment of ours.
bool plausible_id(std::string_view id) {
  return id.starts_with("atc_") && id.size() <= 64 &&
         std::all_of(id.begin() + 4, id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Error not_found(std::string_view id) { return make_error(ErrorCode::not_found, "attachment not found: " + std::string(id)); }

Attachment new_record(const std::string& id, const std::string& name, const std::string& type) {
  if (media_kind(type) == MediaKind::image) {
    ImageAttachment image;
    image.id = id;
    image.name = name;
    image.mime_type = type;
    return image;
  }
  FileAttachment file;
  file.id = id;
  file.name = name;
  file.mime_type = type;
  return file;
}

}  // namespace

std::optional<StoredAttachmentInfo> stored_info(const Attachment& attachment) {
  const json& metadata = attachment_common(attachment).metadata;
  if (!metadata.is_object()) return std::nullopt;
  const auto blob = metadata.find("blob");
  const auto size = metadata.find("size");
  const auto state = metadata.find("state");
  if (blob == metadata.end() || !blob->is_string() || size == metadata.end() || !size->is_number_unsigned() ||
      state == metadata.end() || !state->is_string()) {
    return std::nullopt;
  }
  return StoredAttachmentInfo{.blob_key = blob->get<std::string>(),
                              .size = size->get<std::size_t>(),
                              .ready = state->get<std::string>() == "ready"};
}

AttachmentService::AttachmentService(Store& store, BlobStore& blobs, UrlSigner signer, AttachmentServiceOptions options)
    : store_(store), blobs_(blobs), signer_(std::move(signer)), options_(std::move(options)) {}

std::int64_t AttachmentService::now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string AttachmentService::link(LinkPurpose purpose, const std::string& user_id, const std::string& attachment_id,
                                    std::int64_t expires, const std::string& base_url) const {
  return base_url + "/chatkit/attachments/" + attachment_id + "/" + std::string(link_purpose_name(purpose)) + "?" +
         signer_.query(purpose, {.user_id = user_id, .attachment_id = attachment_id, .expires = expires});
}

// Rounded up, so that every load within a quarter of an hour gives the same URL: the browser's
// cache keys on it.
std::int64_t AttachmentService::preview_expiry() const {
  const std::int64_t at_least = now() + options_.preview_link_lifetime.count();
  return (at_least + kPreviewBucket - 1) / kPreviewBucket * kPreviewBucket;
}

Result<Attachment> AttachmentService::create(const CreateAttachmentParams& params, const RequestContext& context) {
  const auto& policy = options_.policy;
  if (auto status = policy.check_name(params.name, "$.params.name"); !status) return status.error();
  auto type = policy.check_type(params.mime_type, "$.params.mime_type");
  if (!type) return type.error();
  if (auto status = policy.check_size(params.size, "$.params.size"); !status) return status.error();
  const std::string id = random_id(IdKind::attachment);
  const std::string key = blob_key(context.owner(), id);
  Attachment record = new_record(id, params.name, *type);
  auto& common = attachment_common(record);
  common.metadata = metadata_of(key, static_cast<std::size_t>(params.size), false);
  common.upload_descriptor = UploadDescriptor{
      .url = link(LinkPurpose::upload, context.owner(), id, now() + options_.upload_link_lifetime.count(),
                  context.base_url),
      .method = UploadMethod::PUT,
      .headers = {{"Content-Type", *type}}};
  if (auto* image = std::get_if<ImageAttachment>(&record)) {
    image->preview_url = link(LinkPurpose::preview, context.owner(), id, preview_expiry(), context.base_url);
  }
  if (auto status = store_.save_attachment(record, context); !status) return status.error();
  return record;
}

void AttachmentService::remove_bytes(const Attachment& attachment) {
  // A blob that cannot be removed now is garbage, not a failure of the request: the record is gone.
  if (auto info = stored_info(attachment)) (void)blobs_.remove(info->blob_key);
}

Status AttachmentService::remove(const std::string& attachment_id, const RequestContext& context) {
  auto record = store_.load_attachment(attachment_id, context);
  if (!record) return record.error();
  if (auto status = store_.delete_attachment(attachment_id, context); !status) return status;
  remove_bytes(*record);
  return ok_status();
}

Result<std::unique_ptr<Upload>> AttachmentService::begin_signed_upload(std::string_view attachment_id,
                                                                       std::string_view query,
                                                                       const std::optional<std::string>& authenticated_user,
                                                                       std::string base_url) {
  if (!plausible_id(attachment_id)) return not_found(attachment_id);
  auto claims = signer_.verify(LinkPurpose::upload, attachment_id, query);
  if (!claims) return claims.error();
  if (claims->expires < now()) {
    return make_error(ErrorCode::forbidden, "the upload URL expired at " + std::to_string(claims->expires) +
                                                " (Unix time); create the attachment again");
  }
  // The link is the credential; credentials sent with it anyway must be its user's.
  // (The link's owner may be the user within one of several use cases: the user is still theirs.)
  if (authenticated_user && *authenticated_user != user_of_owner(claims->user_id)) return not_found(attachment_id);
  RequestContext context = context_of_owner(claims->user_id);
  context.base_url = std::move(base_url);
  auto record = store_.load_attachment(claims->attachment_id, context);
  if (!record) return record.error();
  const auto info = stored_info(*record);
  if (!info) return not_found(attachment_id);
  if (info->ready) {
    return make_error(ErrorCode::invalid_state, "the bytes of " + claims->attachment_id + " are uploaded already");
  }
  auto writer = blobs_.create(info->blob_key);
  if (!writer) return writer.error();
  Upload::Target target{.context = std::move(context),
                        .attachment_id = claims->attachment_id,
                        .blob_key = info->blob_key,
                        .declared = std::move(*record),
                        .declared_size = info->size};
  return std::make_unique<Upload>(std::move(target), options_.policy, std::move(*writer),
                                  [this](const Upload::Target& t, Attachment r) { return finish_upload(t, std::move(r)); });
}

Result<std::unique_ptr<Upload>> AttachmentService::begin_direct_upload(const RequestContext& context) {
  const std::string id = random_id(IdKind::attachment);
  const std::string key = blob_key(context.owner(), id);
  auto writer = blobs_.create(key);
  if (!writer) return writer.error();
  Upload::Target target{.context = context, .attachment_id = id, .blob_key = key, .declared = std::nullopt,
                        .declared_size = 0};
  return std::make_unique<Upload>(std::move(target), options_.policy, std::move(*writer),
                                  [this](const Upload::Target& t, Attachment r) { return finish_upload(t, std::move(r)); });
}

Result<Attachment> AttachmentService::finish_upload(const Upload::Target& target, Attachment record) {
  auto& common = attachment_common(record);
  std::size_t size = target.declared_size;
  if (!target.declared) {
    auto reader = blobs_.open(target.blob_key);
    if (!reader) return reader.error();
    size = (*reader)->size();
  } else if (!store_.load_attachment(target.attachment_id, target.context)) {
    // Deleted (or swept) while its bytes arrived: they must not bring it back.
    (void)blobs_.remove(target.blob_key);
    return not_found(target.attachment_id);
  }
  common.upload_descriptor.reset();
  common.metadata = metadata_of(target.blob_key, size, true);
  if (auto* image = std::get_if<ImageAttachment>(&record)) {
    image->preview_url = link(LinkPurpose::preview, target.context.owner(), common.id, preview_expiry(),
                              target.context.base_url);
  }
  if (auto status = store_.save_attachment(record, target.context); !status) {
    (void)blobs_.remove(target.blob_key);
    return status.error();
  }
  return record;
}

Result<Preview> AttachmentService::open_preview(std::string_view attachment_id, std::string_view query) {
  if (!plausible_id(attachment_id)) return not_found(attachment_id);
  auto claims = signer_.verify(LinkPurpose::preview, attachment_id, query);
  if (!claims) return claims.error();
  const std::int64_t left = claims->expires - now();
  if (left < 0) return make_error(ErrorCode::forbidden, "the preview link has expired; load the message again");
  const RequestContext context = context_of_owner(claims->user_id);
  auto record = store_.load_attachment(claims->attachment_id, context);
  if (!record) return record.error();
  const auto* image = std::get_if<ImageAttachment>(&*record);
  const auto info = stored_info(*record);
  if (!image || !info) return not_found(attachment_id);
  if (!info->ready) return make_error(ErrorCode::invalid_state, "the image's bytes have not arrived yet");
  auto body = blobs_.open(info->blob_key);
  if (!body) return body.error();
  return Preview{.media_type = image->mime_type, .etag = "\"" + image->id + "\"", .max_age = left,
                 .body = std::move(*body)};
}

Result<std::vector<Attachment>> AttachmentService::resolve(const std::vector<std::string>& ids,
                                                           const std::string& thread_id,
                                                           const RequestContext& context) {
  if (ids.size() > kMaxAttachmentsPerMessage) {
    return make_error(ErrorCode::invalid_request,
                      "a message carries at most " + std::to_string(kMaxAttachmentsPerMessage) + " attachments",
                      "$.params.input.attachments");
  }
  std::set<std::string> seen;
  std::vector<Attachment> records;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string path = "$.params.input.attachments[" + std::to_string(i) + "]";
    if (!seen.insert(ids[i]).second) {
      return make_error(ErrorCode::invalid_request, "attachment " + ids[i] + " is listed twice", path);
    }
    auto record = store_.load_attachment(ids[i], context);
    if (!record) return make_error(record.error().code, record.error().message, path);
    const auto info = stored_info(*record);
    if (!info || !info->ready) {
      return make_error(ErrorCode::invalid_state, "attachment " + ids[i] + " is still uploading: its bytes have not arrived",
                        path);
    }
    auto& common = attachment_common(*record);
    if (common.thread_id && *common.thread_id != thread_id) {
      return make_error(ErrorCode::invalid_state, "attachment " + ids[i] + " belongs to another thread's message", path);
    }
    common.thread_id = thread_id;
    common.upload_descriptor.reset();
    if (auto* image = std::get_if<ImageAttachment>(&*record)) {
      image->preview_url = link(LinkPurpose::preview, context.owner(), image->id, preview_expiry(), context.base_url);
    }
    records.push_back(std::move(*record));
  }
  return records;
}

void AttachmentService::present(Attachment& attachment, const RequestContext& context) const {
  auto& common = attachment_common(attachment);
  common.upload_descriptor.reset();
  if (auto* image = std::get_if<ImageAttachment>(&attachment)) {
    image->preview_url = link(LinkPurpose::preview, context.owner(), image->id, preview_expiry(), context.base_url);
  }
}

void AttachmentService::present(ThreadItem& item, const RequestContext& context) const {
  if (auto* message = std::get_if<UserMessageItem>(&item)) {
    for (auto& attachment : message->attachments) present(attachment, context);
  }
}

Status AttachmentService::delete_thread_attachments(const std::string& thread_id, const RequestContext& context) {
  auto deleted = store_.delete_thread_attachments(thread_id, context);
  if (!deleted) return deleted.error();
  for (const auto& record : *deleted) remove_bytes(record);
  return ok_status();
}

Result<std::size_t> AttachmentService::sweep() {
  const std::int64_t before_ms = (now() - options_.ttl.count()) * 1000;
  std::size_t removed = 0;
  for (;;) {
    auto batch = store_.delete_expired_attachments(before_ms, kSweepBatch);
    if (!batch) return batch.error();
    for (const auto& owned : *batch) remove_bytes(owned.attachment);
    removed += batch->size();
    if (batch->size() < static_cast<std::size_t>(kSweepBatch)) return removed;
  }
}

std::chrono::seconds AttachmentService::sweep_interval() const {
  return std::clamp(options_.ttl / 4, std::chrono::seconds(1), std::chrono::seconds(600));
}

std::optional<AttachmentBytes> AttachmentService::read(const Attachment& attachment, std::size_t max_bytes) {
  const auto info = stored_info(attachment);
  if (!info || !info->ready) return std::nullopt;
  auto bytes = read_blob(blobs_, info->blob_key, max_bytes);
  if (!bytes) return std::nullopt;
  return AttachmentBytes{.size = info->size, .bytes = std::move(*bytes)};
}

}  // namespace chatkit::server
