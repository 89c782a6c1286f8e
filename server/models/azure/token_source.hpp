#pragma once
// Where a Microsoft Entra ID token comes from (a token endpoint), one request per call. The
// caching and the single flight are CachedTokenCredential's.
#include <chrono>
#include <string>

#include "server/common/async.hpp"

namespace chatkit::server {

struct TokenGrant {
  std::string access_token;
  std::chrono::seconds lifetime{0};  // from now
};

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // A new token. Throws ModelError(bad_credentials, ...) saying why there is none.
  virtual awaitable<TokenGrant> request() = 0;
  // The credential kind for logs and messages; never a secret.
  virtual std::string describe() const = 0;
};

}  // namespace chatkit::server
