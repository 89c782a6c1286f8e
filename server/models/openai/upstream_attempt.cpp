#include "server/models/openai/upstream_attempt.hpp"

#include <memory>
#include <string>
#include <utility>

#include "server/models/openai/retry.hpp"
#include "server/models/openai/upstream_error.hpp"

namespace chatkit::server {
namespace {

constexpr std::size_t kMaxErrorBody = 64u << 10;

AttemptFailure retry_with(ModelError error, std::optional<std::chrono::milliseconds> after = std::nullopt) {
  return AttemptFailure{.next = AttemptFailure::Next::retry, .error = std::move(error), .retry_after = after};
}

// A transfer that failed below HTTP. Refused or broken connections may heal; a silent upstream
// is reported at once (trying again would only double the wait).
AttemptFailure transport_failure(const HttpFailure& failure) {
  const std::string detail = failure.what();
  switch (failure.kind()) {
    case HttpFailure::Kind::connect:
      return retry_with(ModelError(ModelFailure::unavailable, "could not connect to the model provider: " + detail));
    case HttpFailure::Kind::transfer:
      return retry_with(ModelError(ModelFailure::unavailable, "the connection to the model provider failed: " + detail));
    case HttpFailure::Kind::timeout:
      throw ModelError(ModelFailure::timeout, "the model provider did not answer in time: " + detail);
    case HttpFailure::Kind::too_large:
      throw ModelError(ModelFailure::malformed, "the model provider's answer is too large: " + detail);
  }
  throw ModelError(ModelFailure::unavailable, detail);
}

// A failure the parser found in the stream: an upstream hiccup may be tried again, the rest not.
AttemptFailure stream_failure(ModelError error) {
  switch (error.failure()) {
    case ModelFailure::unavailable:
    case ModelFailure::rate_limited: return retry_with(std::move(error));
    case ModelFailure::bad_credentials:
    case ModelFailure::content_filter:
    case ModelFailure::timeout:
    case ModelFailure::malformed:
    case ModelFailure::bad_request: throw std::move(error);
  }
  throw std::move(error);
}

// The body of an error answer, for its message; what a broken transfer left is enough.
awaitable<std::string> read_error_body(HttpExchange& exchange) {
  std::string body;
  try {
    while (body.size() < kMaxErrorBody) {
      std::optional<std::string> chunk = co_await exchange.next();
      if (!chunk) break;
      body += *chunk;
    }
  } catch (const HttpFailure&) {
  }
  co_return body;
}

awaitable<AttemptFailure> rejected(HttpExchange& exchange, const HttpResponseHead& head) {
  const std::string body = co_await read_error_body(exchange);
  StatusVerdict verdict = classify_status(head.status, body);
  switch (verdict.action) {
    case StatusVerdict::Action::fail: throw std::move(verdict.error);
    case StatusVerdict::Action::refresh_credential: {
      AttemptFailure refresh{.next = AttemptFailure::Next::refresh_credential, .error = std::move(verdict.error)};
      co_return refresh;
    }
    case StatusVerdict::Action::retry: break;
  }
  AttemptFailure retry = retry_with(std::move(verdict.error), retry_after(head, std::chrono::system_clock::now()));
  co_return retry;
}

// Reads the body through the parser; every event is delivered before a failure is reported.
awaitable<std::optional<AttemptFailure>> pump(HttpExchange& exchange, StreamParser& parser, CountingSink& sink) {
  for (;;) {
    std::optional<std::string> chunk;
    std::optional<HttpFailure> failure;
    try {
      chunk = co_await exchange.next();
    } catch (const HttpFailure& caught) {
      failure = caught;
    }
    ParseStep step = failure ? ParseStep{} : chunk ? parser.feed(*chunk) : parser.finish();
    for (auto& event : step.events) co_await sink.on_event(std::move(event));
    if (failure) co_return transport_failure(*failure);
    if (step.error) co_return stream_failure(std::move(*step.error));
    if (!chunk) co_return std::nullopt;
  }
}

}  // namespace

awaitable<void> CountingSink::on_event(ModelEvent event) {
  ++delivered_;
  co_await sink_.on_event(std::move(event));
}

awaitable<std::optional<AttemptFailure>> run_attempt(HttpClient& http, HttpRequest request, StreamParser& parser,
                                                     CountingSink& sink) {
  std::unique_ptr<HttpExchange> exchange;
  HttpResponseHead head;
  std::optional<HttpFailure> failure;
  try {
    exchange = co_await http.start(std::move(request));
    head = co_await exchange->head();
  } catch (const HttpFailure& caught) {
    failure = caught;
  }
  if (failure) co_return transport_failure(*failure);
  if (head.status < 200 || head.status > 299) co_return co_await rejected(*exchange, head);
  co_return co_await pump(*exchange, parser, sink);
}

}  // namespace chatkit::server
