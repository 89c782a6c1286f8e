#pragma once
// CachedTokenCredential: sends "authorization: Bearer <token>" with a token from a TokenSource.
// The token is cached and refreshed once less than 5 minutes (or half its lifetime, for
// short-lived tokens) remain. Callers that need a token while it is being fetched share that one
// request (single flight); the request runs on its own, so a caller that is cancelled stops
// waiting without cancelling it for the others.
#include <memory>
#include <string>
#include <utility>

#include "server/models/azure/credential.hpp"
#include "server/models/azure/token_source.hpp"

namespace chatkit::server {

class CachedTokenCredential final : public Credential {
 public:
  explicit CachedTokenCredential(std::shared_ptr<TokenSource> source);

  awaitable<std::pair<std::string, std::string>> header() override;
  void invalidate() override;
  std::string describe() const override;

 private:
  class Cache;
  std::shared_ptr<Cache> cache_;  // shared with a refresh in progress, which may outlive us
};

}  // namespace chatkit::server
