#pragma once
// HTTP for the model providers, over libcurl. One client owns a curl multi handle driven by its
// own thread, so no server I/O thread ever blocks on a model; results are posted back to the
// awaiting coroutine's executor. Awaiting head() or next() under Asio cancellation (the client of
// the chat went away) aborts the transfer at once. Destroying an exchange aborts it too.
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/common/async.hpp"

namespace chatkit::server {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds head_timeout{60'000};   // from start to the response headers
  std::chrono::milliseconds idle_timeout{60'000};   // no body bytes for this long
  std::size_t max_body_bytes = 64u << 20;           // fetch() only
};

struct HttpResponseHead {
  int status = 0;
  HttpHeaders headers;  // names lower-cased
  // The first header of that name (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
};

struct HttpResponse {
  HttpResponseHead head;
  std::string body;
};

// The transfer failed below HTTP: no connection, a timeout, a reset, a body over the limit.
class HttpFailure : public std::runtime_error {
 public:
  enum class Kind { connect, timeout, transfer, too_large };
  HttpFailure(Kind kind, std::string message) : std::runtime_error(std::move(message)), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// One request in flight.
class HttpExchange {
 public:
  virtual ~HttpExchange() = default;
  // The status and headers. Throws HttpFailure.
  virtual awaitable<HttpResponseHead> head() = 0;
  // The next bytes of the body as they arrive; nullopt once it is complete. Throws HttpFailure.
  virtual awaitable<std::optional<std::string>> next() = 0;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Starts a request; the transfer runs while the caller awaits head()/next().
  virtual awaitable<std::unique_ptr<HttpExchange>> start(HttpRequest request) = 0;
  // A whole response (tokens, small JSON). Throws HttpFailure.
  awaitable<HttpResponse> fetch(HttpRequest request);
};

// The libcurl implementation (http_client.cpp).
std::unique_ptr<HttpClient> make_curl_http_client();

}  // namespace chatkit::server
