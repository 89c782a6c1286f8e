#include "server/attachments/attachment_policy.hpp"

#include <algorithm>

#include "server/common/media_type.hpp"

namespace chatkit::server {

namespace {

constexpr std::size_t kMaxNameBytes = 255;

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<AttachmentPolicy> AttachmentPolicy::parse(std::string_view types, std::size_t max_bytes) {
  AttachmentPolicy policy;
  policy.max_bytes_ = max_bytes;
  for (;;) {
    const auto comma = types.find(',');
    const auto entry = trim_blanks(types.substr(0, comma));
    // "text/*" is kept as "text/": a family of types.
    const bool family = entry.ends_with("/*");
    const std::string type =
        family ? normalize_media_type(std::string(entry.substr(0, entry.size() - 1)) + "x") : normalize_media_type(entry);
    if (type.empty() || entry.find(';') != std::string_view::npos) {
      return make_error(ErrorCode::invalid_request,
                        "\"" + std::string(entry) + "\" is not a media type (type/subtype or type/*)");
    }
    policy.types_.push_back(family ? type.substr(0, type.size() - 1) : type);
    policy.listed_ += (policy.listed_.empty() ? "" : ", ") + std::string(entry);
    if (comma == std::string_view::npos) break;
    types.remove_prefix(comma + 1);
  }
  return policy;
}

bool AttachmentPolicy::allows(std::string_view type) const {
  return std::any_of(types_.begin(), types_.end(), [&](const std::string& allowed) {
    return allowed.ends_with('/') ? type.starts_with(allowed) : type == allowed;
  });
}

Status AttachmentPolicy::check_name(std::string_view name, std::string path) const {
  if (name.empty()) return make_error(ErrorCode::invalid_request, "the file name is empty", std::move(path));
  if (name.size() > kMaxNameBytes) {
    return make_error(ErrorCode::invalid_request,
                      "the file name has more than " + std::to_string(kMaxNameBytes) + " bytes", std::move(path));
  }
  Utf8Check utf8;
  utf8.feed(name);
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7F;
  });
  if (!utf8.finish() || control) {
    return make_error(ErrorCode::invalid_request, "the file name must be UTF-8 without control characters",
                      std::move(path));
  }
  return ok_status();
}

Error AttachmentPolicy::too_large(std::size_t received) const {
  return make_error(ErrorCode::payload_too_large, "the file has " + std::to_string(received) +
                                                      " bytes; the limit is " + std::to_string(max_bytes_) +
                                                      " bytes (--max-attachment-bytes)");
}

Status AttachmentPolicy::check_size(std::int64_t size, std::string path) const {
  if (size < 1) return make_error(ErrorCode::invalid_request, "an attachment has at least 1 byte", std::move(path));
  if (static_cast<std::uint64_t>(size) > max_bytes_) {
    Error error = too_large(static_cast<std::size_t>(size));
    error.path = std::move(path);
    return error;
  }
  return ok_status();
}

Result<std::string> AttachmentPolicy::check_type(std::string_view mime_type, std::string path) const {
  const std::string type = normalize_media_type(mime_type);
  if (type.empty() || !allows(type)) {
    const std::string shown = type.empty() ? std::string(mime_type.substr(0, 80)) : type;
    return make_error(ErrorCode::unsupported_media_type,
                      "files of type \"" + shown + "\" are not accepted; allowed: " + listed_ + " (--attachment-types)",
                      std::move(path));
  }
  return type;
}

}  // namespace chatkit::server
