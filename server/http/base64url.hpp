#pragma once
// Base64url without padding (RFC 7515 §2), the encoding of every part of a JWS and of JWK numbers.
#include <optional>
#include <string>
#include <string_view>

namespace chatkit::server {

std::string base64url_encode(std::string_view bytes);
// The bytes, or nothing when `text` has a character outside the alphabet, padding, or an
// impossible length (one character left over).
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace chatkit::server
