#include "server/http/jwks.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <nlohmann/json.hpp>

#include "server/http/base64url.hpp"

namespace chatkit::server {
namespace {

using Json = nlohmann::json;

Error bad_jwks(std::string message) { return make_error(ErrorCode::invalid_request, "JWKS: " + std::move(message)); }

// A base64url member of a JWK, decoded; nothing when absent or malformed.
std::optional<std::string> member_bytes(const Json& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) return std::nullopt;
  return base64url_decode(it->get_ref<const std::string&>());
}

struct ParamsDeleter {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
  void operator()(BIGNUM* n) const { BN_free(n); }
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

// A public key of `type_name` ("RSA", "EC") from the parameters `build` pushes.
template <typename Push>
std::shared_ptr<EVP_PKEY> key_from_params(const char* type_name, Push push) {
  std::unique_ptr<OSSL_PARAM_BLD, ParamsDeleter> builder(OSSL_PARAM_BLD_new());
  std::vector<std::unique_ptr<BIGNUM, ParamsDeleter>> numbers;  // must outlive the params
  if (!builder || !push(builder.get(), numbers)) return nullptr;
  std::unique_ptr<OSSL_PARAM, ParamsDeleter> params(OSSL_PARAM_BLD_to_param(builder.get()));
  std::unique_ptr<EVP_PKEY_CTX, ParamsDeleter> context(EVP_PKEY_CTX_new_from_name(nullptr, type_name, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return nullptr;
  }
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

std::shared_ptr<EVP_PKEY> rsa_key(const std::string& n, const std::string& e) {
  return key_from_params("RSA", [&](OSSL_PARAM_BLD* builder, auto& numbers) {
    auto* modulus = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr);
    auto* exponent = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr);
    numbers.emplace_back(modulus);
    numbers.emplace_back(exponent);
    return modulus && exponent && OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, modulus) &&
           OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, exponent);
  });
}

// P-256 from its affine coordinates, as the uncompressed point 04 || x || y.
std::shared_ptr<EVP_PKEY> ec_p256_key(const std::string& x, const std::string& y) {
  const std::string point = std::string(1, '\x04') + x + y;
  return key_from_params("EC", [&](OSSL_PARAM_BLD* builder, auto&) {
    return OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
           OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  });
}

std::string text_member(const Json& jwk, const char* name) {
  const auto it = jwk.find(name);
  return it != jwk.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// One JWK: a key, nothing for a key type or use we do not verify with, or an error for a key
// that claims to be usable but is malformed.
Result<std::optional<PublicKey>> parse_jwk(const Json& jwk, std::size_t index) {
  const std::string where = "key " + std::to_string(index);
  if (!jwk.is_object()) return bad_jwks(where + " is not an object");
  const std::string kty = text_member(jwk, "kty");
  const std::string use = text_member(jwk, "use");
  if (!use.empty() && use != "sig") return std::optional<PublicKey>{};  // an encryption key
  PublicKey key{.kid = text_member(jwk, "kid"), .type = KeyType::rsa, .alg = text_member(jwk, "alg"), .key = nullptr};
  if (kty == "RSA") {
    const auto n = member_bytes(jwk, "n");
    const auto e = member_bytes(jwk, "e");
    if (!n || !e || n->size() < 256) return bad_jwks(where + ": RSA needs n (2048 bits or more) and e");
    key.key = rsa_key(*n, *e);
  } else if (kty == "EC") {
    if (text_member(jwk, "crv") != "P-256") return std::optional<PublicKey>{};
    const auto x = member_bytes(jwk, "x");
    const auto y = member_bytes(jwk, "y");
    if (!x || !y || x->size() != 32 || y->size() != 32) return bad_jwks(where + ": P-256 needs 32-byte x and y");
    key.type = KeyType::ec_p256;
    key.key = ec_p256_key(*x, *y);
  } else {
    return std::optional<PublicKey>{};  // "oct" and others: never used to verify
  }
  if (!key.key) return bad_jwks(where + ": OpenSSL refused the key (not a valid public key)");
  return std::optional<PublicKey>{std::move(key)};
}

}  // namespace

Result<KeySet> parse_jwks(std::string_view json_text) {
  const Json document = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return bad_jwks("not valid JSON");
  const auto keys = document.is_object() ? document.find("keys") : document.end();
  if (!document.is_object() || keys == document.end() || !keys->is_array()) {
    return bad_jwks("expected an object with a \"keys\" array");
  }
  KeySet set;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    auto key = parse_jwk((*keys)[i], i);
    if (!key) return key.error();
    if (*key) set.push_back(std::move(**key));
  }
  if (set.empty()) return bad_jwks("no RSA or EC P-256 signing key");
  return set;
}

}  // namespace chatkit::server
