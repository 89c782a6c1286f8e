#include "server/models/azure/cached_token_credential.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include "server/models/http/notifier.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kRefreshMargin = std::chrono::minutes(5);

// One token request, awaited by every caller that arrived while it ran.
struct Flight {
  std::shared_ptr<Notifier> done = Notifier::create();  // notified once, when it ends
  std::optional<std::string> token;                      // guarded by the cache's mutex
  std::optional<ModelError> failure;
};

struct CachedToken {
  std::string value;
  Clock::time_point refresh_at;
};

}  // namespace

class CachedTokenCredential::Cache : public std::enable_shared_from_this<Cache> {
 public:
  explicit Cache(std::shared_ptr<TokenSource> source) : source_(std::move(source)) {}

  // A token to use now, or else the flight to wait for (started here when none runs).
  struct Lookup {
    std::optional<std::string> token;
    std::shared_ptr<Flight> flight;
  };
  Lookup lookup(const net::any_io_executor& executor);
  // The token the flight obtained; throws its ModelError.
  std::string result_of(const Flight& flight);
  void forget();
  const TokenSource& source() const { return *source_; }

 private:
  static awaitable<void> refresh(std::shared_ptr<Cache> cache, std::shared_ptr<Flight> flight);
  void settle(Flight& flight, std::optional<TokenGrant> grant, std::optional<ModelError> failure);

  std::shared_ptr<TokenSource> source_;
  std::mutex mutex_;
  std::optional<CachedToken> token_;
  std::shared_ptr<Flight> flight_;
};

CachedTokenCredential::Cache::Lookup CachedTokenCredential::Cache::lookup(const net::any_io_executor& executor) {
  Lookup lookup;
  bool start = false;
  {
    std::lock_guard lock(mutex_);
    if (token_ && Clock::now() < token_->refresh_at) {
      lookup.token = token_->value;
      return lookup;
    }
    if (!flight_) {
      flight_ = std::make_shared<Flight>();
      start = true;
    }
    lookup.flight = flight_;
  }
  // Detached: no caller's cancellation reaches the request that the others wait for too.
  if (start) net::co_spawn(executor, refresh(shared_from_this(), lookup.flight), net::detached);
  return lookup;
}

awaitable<void> CachedTokenCredential::Cache::refresh(std::shared_ptr<Cache> cache, std::shared_ptr<Flight> flight) {
  std::optional<TokenGrant> grant;
  std::optional<ModelError> failure;
  try {
    grant = co_await cache->source_->request();
  } catch (const ModelError& error) {
    failure = error;
  } catch (const std::exception& error) {
    failure.emplace(ModelFailure::bad_credentials, cache->source_->describe() + ": " + error.what());
  }
  cache->settle(*flight, std::move(grant), std::move(failure));
}

void CachedTokenCredential::Cache::settle(Flight& flight, std::optional<TokenGrant> grant,
                                          std::optional<ModelError> failure) {
  {
    std::lock_guard lock(mutex_);
    if (grant) {
      const auto margin = std::min<std::chrono::seconds>(kRefreshMargin, grant->lifetime / 2);
      token_ = CachedToken{.value = grant->access_token, .refresh_at = Clock::now() + grant->lifetime - margin};
      flight.token = std::move(grant->access_token);
    } else {
      flight.failure = std::move(failure);
    }
    flight_.reset();
  }
  flight.done->notify();
}

std::string CachedTokenCredential::Cache::result_of(const Flight& flight) {
  std::lock_guard lock(mutex_);
  if (flight.token) return *flight.token;
  if (flight.failure) throw ModelError(*flight.failure);
  throw ModelError(ModelFailure::bad_credentials, source_->describe() + ": the token request ended without a result");
}

void CachedTokenCredential::Cache::forget() {
  std::lock_guard lock(mutex_);
  token_.reset();
}

CachedTokenCredential::CachedTokenCredential(std::shared_ptr<TokenSource> source)
    : cache_(std::make_shared<Cache>(std::move(source))) {}

awaitable<std::pair<std::string, std::string>> CachedTokenCredential::header() {
  const net::any_io_executor executor = co_await net::this_coro::executor;
  Cache::Lookup lookup = cache_->lookup(executor);
  if (!lookup.token) {
    co_await lookup.flight->done->wait_past(0);  // throws operation_aborted when cancelled
    lookup.token = cache_->result_of(*lookup.flight);
  }
  std::pair<std::string, std::string> header("authorization", "Bearer " + *lookup.token);
  co_return header;
}

void CachedTokenCredential::invalidate() { cache_->forget(); }

std::string CachedTokenCredential::describe() const { return cache_->source().describe(); }

}  // namespace chatkit::server
