#pragma once
// Signed, expiring links to one user's attachment (docs/PROTOCOL.md §2.15a): the upload URL of a
// two-phase upload and an image's preview_url. The signature is HMAC-SHA-256 (OpenSSL) over the
// purpose, the user, the attachment id and the expiry, so a link cannot be moved to another user,
// another attachment, another purpose or a later time.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace chatkit::server {

enum class LinkPurpose { upload, preview };
std::string_view link_purpose_name(LinkPurpose purpose);  // "upload", "preview": also the URL's last segment

// What a link names, once its signature is checked.
struct LinkClaims {
  std::string user_id;
  std::string attachment_id;
  std::int64_t expires = 0;  // Unix seconds
};

class UrlSigner {
 public:
  explicit UrlSigner(std::string key) : key_(std::move(key)) {}

  // "u=USER&e=EXPIRES&s=SIGNATURE" (the user percent-encoded).
  std::string query(LinkPurpose purpose, const LinkClaims& claims) const;
  // The claims of a link's query string when its signature verifies (not_found otherwise: nothing
  // is said about what exists), whatever its expiry; the caller compares `expires` with its clock.
  Result<LinkClaims> verify(LinkPurpose purpose, std::string_view attachment_id, std::string_view query) const;

 private:
  std::string signature(LinkPurpose purpose, const LinkClaims& claims) const;
  std::string key_;
};

// The signing key: `configured` when given (at least 32 characters), else the contents of `file`,
// created with 32 random bytes (hex, mode 0600) when it does not exist yet.
Result<std::string> load_signing_key(const std::string& configured, const std::filesystem::path& file);

// RFC 3986 unreserved characters stay, everything else is %XX.
std::string query_encode(std::string_view text);
// The value of `name` in a query string ("a=1&b=2"), percent-decoded; nullopt when absent or malformed.
std::optional<std::string> query_value(std::string_view query, std::string_view name);

}  // namespace chatkit::server
