#pragma once
// A JSON Web Key Set (RFC 7517) as OpenSSL public keys: the RSA and EC P-256 keys a bearer JWT
// may be signed with. Keys of other types are skipped; a set without one usable key is an error.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace chatkit::server {

enum class KeyType { rsa, ec_p256 };

struct PublicKey {
  std::string kid;  // may be empty: then it matches only a token without kid, in a one-key set
  KeyType type;
  std::string alg;  // the JWK's "alg" when given ("RS256", "ES256"); "" = any that fits the type
  std::shared_ptr<EVP_PKEY> key;
};

using KeySet = std::vector<PublicKey>;

// The usable keys of a JWKS document, or invalid_request saying what is wrong with it.
chatkit::Result<KeySet> parse_jwks(std::string_view json_text);

}  // namespace chatkit::server
