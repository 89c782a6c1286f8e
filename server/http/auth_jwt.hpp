#pragma once
// Bearer JWTs signed by a key of a JWKS (--auth-jwks): the user is a claim of the verified token.
#include <functional>
#include <memory>

#include "server/http/auth.hpp"
#include "server/http/jwks_cache.hpp"
#include "server/http/jwt.hpp"

namespace chatkit::server {

class JwtAuthenticator final : public Authenticator {
 public:
  using UnixClock = std::function<std::int64_t()>;  // seconds since the epoch; tests set it
  JwtAuthenticator(std::unique_ptr<JwksCache> keys, ClaimRules rules, UnixClock clock = system_unix_seconds);

  chatkit::Result<RequestContext> authenticate(const AuthRequest& request) const override;

  static std::int64_t system_unix_seconds();

 private:
  std::unique_ptr<JwksCache> keys_;
  ClaimRules rules_;
  UnixClock clock_;
};

}  // namespace chatkit::server
