#include "server/http/auth_jwt.hpp"

#include <chrono>

namespace chatkit::server {

JwtAuthenticator::JwtAuthenticator(std::unique_ptr<JwksCache> keys, ClaimRules rules, UnixClock clock)
    : keys_(std::move(keys)), rules_(std::move(rules)), clock_(std::move(clock)) {}

std::int64_t JwtAuthenticator::system_unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Result<RequestContext> JwtAuthenticator::authenticate(const AuthRequest& request) const {
  auto token = bearer_token(request.authorization);
  if (!token) return token.error();
  auto jws = parse_jws(*token);
  if (!jws) return jws.error();
  auto keys = keys_->keys();
  const PublicKey* key = find_key(*keys, *jws);
  if (key == nullptr) {
    // An unknown kid may be a rotated key: look again, as often as the cache allows.
    keys = keys_->refresh_for_unknown_kid();
    key = find_key(*keys, *jws);
  }
  if (key == nullptr) {
    return make_error(ErrorCode::unauthorized, "bearer token: signed by a key the JWKS does not have (kid)");
  }
  if (auto verified = verify_signature(*jws, *key); !verified) return verified.error();
  auto user = user_from_claims(jws->claims, rules_, clock_());
  if (!user) return user.error();
  return RequestContext{.user_id = std::move(*user), .locale = locale_from_accept_language(request.accept_language)};
}

}  // namespace chatkit::server
