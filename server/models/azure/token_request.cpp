#include "server/models/azure/token_request.hpp"

#include <chrono>
#include <optional>
#include <utility>

#include "server/models/azure/token_reply.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

HttpRequest token_http_request(std::string method, std::string url) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.headers.emplace_back("accept", "application/json");
  request.connect_timeout = std::chrono::seconds(10);
  request.head_timeout = std::chrono::seconds(30);
  request.idle_timeout = std::chrono::seconds(30);
  request.max_body_bytes = 1u << 20;
  return request;
}

awaitable<TokenGrant> request_token(HttpClient& http, HttpRequest request, std::string kind) {
  std::optional<HttpResponse> response;
  std::string failure;
  try {
    response = co_await http.fetch(std::move(request));
  } catch (const HttpFailure& error) {
    failure = error.what();
  }
  if (!response) throw ModelError(ModelFailure::bad_credentials, kind + ": cannot reach the token endpoint: " + failure);
  co_return parse_token_reply(*response, kind, std::chrono::system_clock::now());
}

}  // namespace chatkit::server
