#pragma once
// The signing keys of --auth-jwks, loaded at start-up and re-fetched when a token names a kid the
// cache does not know (the issuer rotated its keys), at most once per `min_refresh_interval`, so a
// flood of made-up kids costs the JWKS host one request per interval.
//
// Why the re-fetch runs on the calling (I/O) thread: it happens only for an unknown kid, at most
// once per interval, under a short timeout (`fetch_timeout`, 3 s by default), and only one
// request performs it; requests that arrive meanwhile use the cached keys without waiting. A
// background thread would let the first token signed by a rotated key fail for no reason.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.hpp"
#include "server/http/jwks.hpp"

namespace chatkit::server {

class JwksCache {
 public:
  struct Options {
    std::string location;  // URL or file path
    std::chrono::milliseconds min_refresh_interval{std::chrono::seconds(10)};
    std::chrono::milliseconds fetch_timeout{std::chrono::seconds(3)};
  };

  // The cache with its first load done: an unreachable or malformed JWKS is a start-up error.
  static chatkit::Result<std::unique_ptr<JwksCache>> open(Options options);

  std::shared_ptr<const KeySet> keys() const;
  // The keys after a re-fetch, when the interval allows one and no other thread is fetching;
  // the cached keys otherwise (or when the fetch fails: the old keys stay).
  std::shared_ptr<const KeySet> refresh_for_unknown_kid();

 private:
  using Clock = std::chrono::steady_clock;
  JwksCache(Options options, KeySet keys);

  Options options_;
  mutable std::mutex mutex_;  // guards keys_, last_fetch_ and fetching_; never held while fetching
  std::shared_ptr<const KeySet> keys_;
  Clock::time_point last_fetch_;
  bool fetching_ = false;
};

}  // namespace chatkit::server
