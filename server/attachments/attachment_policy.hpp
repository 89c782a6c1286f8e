#pragma once
// What an attachment may be (docs/PROTOCOL.md §2.15): its size (--max-attachment-bytes), its type
// (--attachment-types: exact types or whole families, "text/*") and its name. Pure.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace chatkit::server {

inline constexpr std::string_view kDefaultAttachmentTypes =
    "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/*,application/json";
inline constexpr std::size_t kDefaultMaxAttachmentBytes = 20u << 20;

class AttachmentPolicy {
 public:
  // From a comma-separated list of types ("image/png, text/*"); a malformed entry is invalid_request.
  static Result<AttachmentPolicy> parse(std::string_view types, std::size_t max_bytes);

  std::size_t max_bytes() const { return max_bytes_; }
  bool allows(std::string_view normalized_type) const;
  const std::string& allowed_list() const { return listed_; }

  // The checks of attachments.create's declared values; each error names its parameter.
  Status check_name(std::string_view name, std::string path) const;
  Status check_size(std::int64_t size, std::string path) const;
  // The normalized type, or 415 unsupported_media_type naming what is allowed.
  Result<std::string> check_type(std::string_view mime_type, std::string path) const;
  // A refusal of `received` bytes (more than the limit).
  Error too_large(std::size_t received) const;

 private:
  std::vector<std::string> types_;  // "image/png", or "text/" for "text/*"
  std::string listed_;
  std::size_t max_bytes_ = kDefaultMaxAttachmentBytes;
};

}  // namespace chatkit::server
