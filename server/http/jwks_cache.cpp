#include "server/http/jwks_cache.hpp"

#include "server/http/jwks_fetch.hpp"

namespace chatkit::server {
namespace {

Result<KeySet> load_keys(const JwksCache::Options& options) {
  auto text = fetch_jwks_text(options.location, options.fetch_timeout);
  if (!text) return text.error();
  auto keys = parse_jwks(*text);
  if (!keys) return make_error(keys.error().code, options.location + ": " + keys.error().message);
  return keys;
}

}  // namespace

Result<std::unique_ptr<JwksCache>> JwksCache::open(Options options) {
  auto keys = load_keys(options);
  if (!keys) return keys.error();
  return std::unique_ptr<JwksCache>(new JwksCache(std::move(options), std::move(*keys)));
}

JwksCache::JwksCache(Options options, KeySet keys)
    : options_(std::move(options)), keys_(std::make_shared<const KeySet>(std::move(keys))), last_fetch_(Clock::now()) {}

std::shared_ptr<const KeySet> JwksCache::keys() const {
  std::lock_guard lock(mutex_);
  return keys_;
}

std::shared_ptr<const KeySet> JwksCache::refresh_for_unknown_kid() {
  {
    std::lock_guard lock(mutex_);
    if (fetching_ || Clock::now() - last_fetch_ < options_.min_refresh_interval) return keys_;
    fetching_ = true;
    last_fetch_ = Clock::now();  // a failed fetch counts too, so a dead host is not hammered
  }
  auto fresh = load_keys(options_);
  std::lock_guard lock(mutex_);
  fetching_ = false;
  if (fresh) keys_ = std::make_shared<const KeySet>(std::move(*fresh));
  return keys_;
}

}  // namespace chatkit::server
