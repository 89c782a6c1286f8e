#pragma once
// How a provider authenticates each request: an API key, or a Microsoft Entra ID token obtained
// from one of the Azure credential kinds (client secret, workload identity, managed identity).
// Token credentials cache their token and refresh it before it expires; concurrent requests
// share one refresh.
#include <string>
#include <utility>

#include "server/common/async.hpp"

namespace chatkit::server {

class Credential {
 public:
  virtual ~Credential() = default;
  // The header to send, e.g. {"api-key", KEY} or {"authorization", "Bearer TOKEN"}.
  // Throws ModelError(bad_credentials, ...) when no token can be obtained, saying why.
  virtual awaitable<std::pair<std::string, std::string>> header() = 0;
  // Forget a cached token (the upstream answered 401 with it).
  virtual void invalidate() {}
  // For logs: "api-key", "client-secret", "workload-identity", "managed-identity (IMDS)", ...
  virtual std::string describe() const = 0;
};

}  // namespace chatkit::server
