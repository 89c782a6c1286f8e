#pragma once
// A bearer JWT (RFC 7519) in compact JWS form, checked step by step: its parts, its signature by
// one of the JWKS keys (RS256 or ES256 only), then its claims. Every refusal is unauthorized, with
// a message that says what is wrong and never contains the token.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "server/http/jwks.hpp"

namespace chatkit::server {

struct Jws {
  std::string alg;
  std::optional<std::string> kid;
  nlohmann::json claims;         // the payload, an object
  std::string_view signed_part;  // "header.payload", points into the token
  std::string signature;
};

// The token's parts: three base64url parts, a JSON header with an alg we verify, a JSON object payload.
chatkit::Result<Jws> parse_jws(std::string_view token);

// The key of `keys` the token names by kid (or the only one, for a token without kid); nullptr
// when none.
const PublicKey* find_key(const KeySet& keys, const Jws& jws);

// Ok when `key` fits the token's alg and its signature over the signed part verifies.
chatkit::Status verify_signature(const Jws& jws, const PublicKey& key);

struct ClaimRules {
  std::string issuer;    // "" = any
  std::string audience;  // "" = any; else equal to aud or one of an aud array
  std::string user_claim = "sub";
  std::chrono::seconds leeway{60};  // clock skew allowed on exp and nbf
};

// The user id of verified claims: exp required and not past, nbf (if any) reached, iss and aud
// as the rules say, and the user claim a non-empty printable string.
chatkit::Result<std::string> user_from_claims(const nlohmann::json& claims, const ClaimRules& rules,
                                              std::int64_t now_unix_seconds);

}  // namespace chatkit::server
