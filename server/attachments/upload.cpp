#include "server/attachments/upload.hpp"

#include <algorithm>

namespace chatkit::server {

namespace {

Error unsupported(std::string message) { return make_error(ErrorCode::unsupported_media_type, std::move(message)); }

bool generic_type(std::string_view type) { return type.empty() || type == "application/octet-stream"; }

Attachment make_record(const std::string& id, std::string name, std::string type) {
  if (media_kind(type) == MediaKind::image) {
    ImageAttachment image;
    image.id = id;
    image.name = std::move(name);
    image.mime_type = std::move(type);
    return image;
  }
  FileAttachment file;
  file.id = id;
  file.name = std::move(name);
  file.mime_type = std::move(type);
  return file;
}

}  // namespace

Upload::Upload(Target target, const AttachmentPolicy& policy, std::unique_ptr<BlobWriter> writer, Finish finish)
    : target_(std::move(target)), policy_(policy), writer_(std::move(writer)), finish_(std::move(finish)) {}

std::size_t Upload::limit() const { return target_.declared ? target_.declared_size : policy_.max_bytes(); }

Status Upload::check(std::optional<std::string> problem) const {
  if (problem) return unsupported(std::move(*problem));
  return ok_status();
}

Status Upload::describe(std::string_view filename, std::string_view content_type) {
  const std::string given = normalize_media_type(content_type);
  if (target_.declared) {
    const auto& declared = attachment_common(*target_.declared);
    if (!generic_type(given) && given != declared.mime_type) {
      return unsupported("the upload's Content-Type is " + given + ", but attachments.create declared " +
                         declared.mime_type);
    }
    name_ = declared.name;
    type_ = declared.mime_type;
    content_.emplace(type_);
    return ok_status();
  }
  if (auto status = policy_.check_name(filename, ""); !status) return status;
  name_ = std::string(filename);
  if (generic_type(given)) return ok_status();  // the bytes will tell
  auto type = policy_.check_type(given, "");
  if (!type) return type.error();
  type_ = std::move(*type);
  content_.emplace(type_);
  return ok_status();
}

Status Upload::decide_type_from_head() {
  const auto signature = sniff_signature(head_);
  if (!signature) {
    return unsupported("the file has no type (none given, and its bytes are no format this server knows); allowed: " +
                       policy_.allowed_list());
  }
  if (!policy_.allows(signature->media_type)) {
    return unsupported("the file is " + std::string(signature->description) + " (" +
                       std::string(signature->media_type) + "), which is not accepted; allowed: " +
                       policy_.allowed_list());
  }
  type_ = std::string(signature->media_type);
  content_.emplace(type_);
  return check(content_->feed(head_));
}

Status Upload::write(std::string_view bytes) {
  received_ += bytes.size();
  if (received_ > limit()) {
    if (target_.declared) {
      return make_error(ErrorCode::payload_too_large,
                        "more bytes than the " + std::to_string(target_.declared_size) +
                            " that attachments.create declared");
    }
    return policy_.too_large(received_);
  }
  if (auto status = writer_->write(bytes); !status) return status;
  if (!content_) {
    const auto take = std::min(bytes.size(), kSniffBytes - head_.size());
    head_.append(bytes.substr(0, take));
    if (head_.size() < kSniffBytes) return ok_status();
    if (auto status = decide_type_from_head(); !status) return status;
    bytes.remove_prefix(take);
  }
  return check(content_->feed(bytes));
}

Result<Attachment> Upload::finish() {
  if (received_ == 0) return make_error(ErrorCode::invalid_request, "the file is empty: no bytes arrived");
  if (target_.declared && received_ != target_.declared_size) {
    return make_error(ErrorCode::invalid_request, "received " + std::to_string(received_) +
                                                      " bytes; attachments.create declared " +
                                                      std::to_string(target_.declared_size));
  }
  if (!content_) {
    if (auto status = decide_type_from_head(); !status) return status.error();
  }
  if (auto status = check(content_->finish()); !status) return status.error();
  if (auto status = writer_->commit(); !status) return status.error();
  Attachment record = target_.declared ? *target_.declared : make_record(target_.attachment_id, name_, type_);
  return finish_(target_, std::move(record));
}

}  // namespace chatkit::server
