#include "server/http/jwt.hpp"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <algorithm>
#include <memory>

#include "server/http/base64url.hpp"

namespace chatkit::server {
namespace {

using Json = nlohmann::json;

Error refused(std::string message) {
  return make_error(ErrorCode::unauthorized, "bearer token: " + std::move(message));
}

constexpr std::size_t kMaxUserIdBytes = 256;

Result<Json> decode_json_part(std::string_view part, std::string_view name) {
  const auto bytes = base64url_decode(part);
  if (!bytes) return refused(std::string(name) + " is not base64url");
  Json value = Json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return refused(std::string(name) + " is not a JSON object");
  return value;
}

// Why an alg is refused: none (unsigned), HS* (the public key is no secret), anything else unknown.
Status check_alg(const std::string& alg) {
  if (alg == "RS256" || alg == "ES256") return Ok{};
  if (alg.empty() || alg == "none") return refused("unsigned tokens (alg none) are refused");
  if (alg.starts_with("HS")) return refused("HMAC-signed tokens (" + alg + ") are refused; use RS256 or ES256");
  return refused("unsupported alg (use RS256 or ES256)");
}

Result<std::string> header_text(const Json& header, const char* name) {
  const auto it = header.find(name);
  if (it == header.end()) return std::string();
  if (!it->is_string()) return refused(std::string("header ") + name + " is not a string");
  return it->get<std::string>();
}

// JWS carries an ECDSA signature as r || s (RFC 7518 §3.4); OpenSSL verifies DER.
std::optional<std::string> ecdsa_der(std::string_view raw) {
  if (raw.size() != 64) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  const int size = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (size <= 0) return std::nullopt;
  std::string der(static_cast<std::size_t>(size), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig.get(), &out);
  return der;
}

bool digest_verify(EVP_PKEY* key, std::string_view data, std::string_view signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!context || EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) != 1) return false;
  return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

std::optional<std::int64_t> numeric_date(const Json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  return static_cast<std::int64_t>(it->get<double>());
}

bool audience_matches(const Json& claims, const std::string& audience) {
  const auto it = claims.find("aud");
  if (it == claims.end()) return false;
  if (it->is_string()) return it->get_ref<const std::string&>() == audience;
  if (!it->is_array()) return false;
  return std::ranges::any_of(
      *it, [&](const Json& a) { return a.is_string() && a.get_ref<const std::string&>() == audience; });
}

bool printable_id(const std::string& id) {
  return !id.empty() && id.size() <= kMaxUserIdBytes &&
         std::ranges::all_of(id, [](char c) { return c > ' ' && c < 0x7f; });
}

}  // namespace

Result<Jws> parse_jws(std::string_view token) {
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return refused("not a JWT (expected header.payload.signature)");
  }
  auto header = decode_json_part(token.substr(0, first), "header");
  if (!header) return header.error();
  auto alg = header_text(*header, "alg");
  if (!alg) return alg.error();
  if (auto ok = check_alg(*alg); !ok) return ok.error();
  if (header->contains("crit")) return refused("critical header extensions are not supported");
  auto kid = header_text(*header, "kid");
  if (!kid) return kid.error();
  auto claims = decode_json_part(token.substr(first + 1, second - first - 1), "payload");
  if (!claims) return claims.error();
  auto signature = base64url_decode(token.substr(second + 1));
  if (!signature || signature->empty()) return refused("signature is missing or not base64url");
  return Jws{.alg = *alg,
             .kid = header->contains("kid") ? std::optional<std::string>(*kid) : std::nullopt,
             .claims = std::move(*claims),
             .signed_part = token.substr(0, second),
             .signature = std::move(*signature)};
}

const PublicKey* find_key(const KeySet& keys, const Jws& jws) {
  if (!jws.kid) return keys.size() == 1 ? &keys.front() : nullptr;
  const auto it = std::ranges::find_if(keys, [&](const PublicKey& key) { return key.kid == *jws.kid; });
  return it == keys.end() ? nullptr : &*it;
}

Status verify_signature(const Jws& jws, const PublicKey& key) {
  const KeyType wanted = jws.alg == "RS256" ? KeyType::rsa : KeyType::ec_p256;
  if (key.type != wanted || (!key.alg.empty() && key.alg != jws.alg)) {
    return refused("alg " + jws.alg + " does not match the key it names");
  }
  std::optional<std::string> der;
  if (key.type == KeyType::ec_p256) {
    der = ecdsa_der(jws.signature);
    if (!der) return refused("an ES256 signature is 64 bytes");
  }
  if (!digest_verify(key.key.get(), jws.signed_part, der ? *der : jws.signature)) {
    return refused("signature does not verify");
  }
  return Ok{};
}

Result<std::string> user_from_claims(const Json& claims, const ClaimRules& rules, std::int64_t now) {
  const auto leeway = static_cast<std::int64_t>(rules.leeway.count());
  const auto exp = numeric_date(claims, "exp");
  if (!exp) return refused("exp is missing or not a number");
  if (now >= *exp + leeway) return refused("expired");
  if (claims.contains("nbf")) {
    const auto nbf = numeric_date(claims, "nbf");
    if (!nbf) return refused("nbf is not a number");
    if (now + leeway < *nbf) return refused("not valid yet (nbf)");
  }
  if (!rules.issuer.empty()) {
    const auto iss = claims.find("iss");
    if (iss == claims.end() || !iss->is_string() || iss->get_ref<const std::string&>() != rules.issuer) {
      return refused("wrong issuer (iss)");
    }
  }
  if (!rules.audience.empty() && !audience_matches(claims, rules.audience)) return refused("wrong audience (aud)");
  const auto user = claims.find(rules.user_claim);
  if (user == claims.end() || !user->is_string() || !printable_id(user->get_ref<const std::string&>())) {
    return refused("the " + rules.user_claim + " claim must be a printable string of at most 256 bytes");
  }
  return user->get<std::string>();
}

}  // namespace chatkit::server
