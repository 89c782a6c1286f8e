#include "server/attachments/url_signer.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

namespace chatkit::server {

namespace {

constexpr std::size_t kMinKeyLength = 32;

std::string base64url(const unsigned char* data, std::size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  for (std::size_t i = 0; i < size; i += 3) {
    const std::uint32_t chunk = static_cast<std::uint32_t>(data[i]) << 16 |
                                (i + 1 < size ? static_cast<std::uint32_t>(data[i + 1]) << 8 : 0) |
                                (i + 2 < size ? data[i + 2] : 0);
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    if (i + 1 < size) out += kAlphabet[(chunk >> 6) & 63];
    if (i + 2 < size) out += kAlphabet[chunk & 63];
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      if (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0) return std::nullopt;
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    }
  }
  return out;
}

Error invalid_link() {
  return make_error(ErrorCode::not_found, "attachment not found, or this link is not valid for it");
}

Result<std::string> write_new_key(const std::filesystem::path& file) {
  std::array<unsigned char, 32> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    return make_error(ErrorCode::internal, "no random bytes for a signing key");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key;
  for (const unsigned char b : random) {
    key += kHex[b >> 4];
    key += kHex[b & 0xF];
  }
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  // O_EXCL: two servers starting together must not each write a key of their own.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(ErrorCode::internal, "cannot create the signing key " + file.string());
  const std::string line = key + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return make_error(ErrorCode::internal, "cannot write the signing key " + file.string());
  return key;
}

}  // namespace

std::string_view link_purpose_name(LinkPurpose purpose) {
  switch (purpose) {
    case LinkPurpose::upload: return "upload";
    case LinkPurpose::preview: return "preview";
  }
  return "upload";
}

std::string query_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    const bool unreserved = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

std::optional<std::string> query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string UrlSigner::signature(LinkPurpose purpose, const LinkClaims& claims) const {
  // Newline-separated: none of the parts may contain one (ids are [a-z0-9_], the expiry digits),
  // and a user id that did would still be signed unambiguously as the one part that may.
  const std::string message = "chatkit-link-v1\n" + std::string(link_purpose_name(purpose)) + "\n" +
                              claims.attachment_id + "\n" + std::to_string(claims.expires) + "\n" + claims.user_id;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), digest.data(), &length);
  return base64url(digest.data(), length);
}

std::string UrlSigner::query(LinkPurpose purpose, const LinkClaims& claims) const {
  return "u=" + query_encode(claims.user_id) + "&e=" + std::to_string(claims.expires) +
         "&s=" + signature(purpose, claims);
}

Result<LinkClaims> UrlSigner::verify(LinkPurpose purpose, std::string_view attachment_id, std::string_view query) const {
  const auto user = query_value(query, "u");
  const auto expires = query_value(query, "e");
  const auto given = query_value(query, "s");
  if (!user || !expires || !given || user->empty()) return invalid_link();
  LinkClaims claims{.user_id = *user, .attachment_id = std::string(attachment_id), .expires = 0};
  const auto [end, ec] = std::from_chars(expires->data(), expires->data() + expires->size(), claims.expires);
  if (ec != std::errc{} || end != expires->data() + expires->size()) return invalid_link();
  const std::string expected = signature(purpose, claims);
  if (given->size() != expected.size() || CRYPTO_memcmp(given->data(), expected.data(), expected.size()) != 0) {
    return invalid_link();
  }
  return claims;
}

Result<std::string> load_signing_key(const std::string& configured, const std::filesystem::path& file) {
  if (!configured.empty()) {
    if (configured.size() < kMinKeyLength) {
      return make_error(ErrorCode::invalid_request,
                        "the signing key must have at least " + std::to_string(kMinKeyLength) + " characters");
    }
    return configured;
  }
  if (std::ifstream in(file); in) {
    std::string key;
    std::getline(in, key);
    if (key.size() < kMinKeyLength) {
      return make_error(ErrorCode::internal, file.string() + " holds no signing key of " +
                                                 std::to_string(kMinKeyLength) + " characters or more");
    }
    return key;
  }
  auto created = write_new_key(file);
  if (created) return created;
  // Another server created it first: use theirs.
  if (std::ifstream in(file); in) {
    std::string key;
    std::getline(in, key);
    if (key.size() >= kMinKeyLength) return key;
  }
  return created;
}

}  // namespace chatkit::server
