#include "server/models/openai/retry_wait.hpp"

#include <random>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "server/models/openai/retry.hpp"

namespace chatkit::server {

namespace {

double jitter() {
  thread_local std::mt19937 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace

awaitable<void> wait_before_retry(const RetryPolicy& policy, int attempt,
                                  std::optional<std::chrono::milliseconds> upstream_hint) {
  net::steady_timer timer(co_await net::this_coro::executor);
  timer.expires_after(retry_delay(policy, attempt, upstream_hint, jitter()));
  co_await timer.async_wait(net::use_awaitable);
}

ModelError gave_up(const ModelError& last, int attempts) {
  if (attempts <= 1) return last;
  return ModelError(last.failure(), std::string(last.what()) + " (gave up after " + std::to_string(attempts) + " attempts)");
}

}  // namespace chatkit::server
