#include "server/models/http/http_client.hpp"

#include <cctype>
#include <utility>

#include "server/models/http/curl_exchange.hpp"
#include "server/models/http/curl_transfer.hpp"
#include "server/models/http/curl_worker.hpp"
#include "server/models/http/request_label.hpp"
#include "server/models/http/transfer_state.hpp"

namespace chatkit::server {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// The libcurl client: one CurlWorker (thread + multi handle) for all of its transfers.
class CurlHttpClient final : public HttpClient {
 public:
  CurlHttpClient() : worker_(std::make_shared<CurlWorker>()) {}
  // Exchanges may outlive the client; their transfers have ended with "shut down" by then.
  ~CurlHttpClient() override { worker_->stop(); }

  awaitable<std::unique_ptr<HttpExchange>> start(HttpRequest request) override {
    auto state = std::make_shared<TransferState>();
    auto transfer = std::make_unique<CurlTransfer>(std::move(request), state);
    const auto id = worker_->submit(std::move(transfer));
    std::unique_ptr<HttpExchange> exchange = std::make_unique<CurlExchange>(worker_, id, std::move(state));
    co_return std::move(exchange);
  }

 private:
  std::shared_ptr<CurlWorker> worker_;
};

}  // namespace

std::optional<std::string> HttpResponseHead::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equal_ignoring_case(key, name)) return value;
  }
  return std::nullopt;
}

awaitable<HttpResponse> HttpClient::fetch(HttpRequest request) {
  const std::size_t limit = request.max_body_bytes;
  const std::string label = request_label(request.method, request.url);
  std::unique_ptr<HttpExchange> exchange = co_await start(std::move(request));
  HttpResponse response;
  response.head = co_await exchange->head();
  while (std::optional<std::string> bytes = co_await exchange->next()) {
    if (response.body.size() + bytes->size() > limit) {
      // Leaving destroys the exchange, which aborts the transfer.
      throw HttpFailure(HttpFailure::Kind::too_large,
                        label + ": the response body is larger than " + std::to_string(limit) + " bytes");
    }
    response.body += *bytes;
  }
  co_return response;
}

std::unique_ptr<HttpClient> make_curl_http_client() { return std::make_unique<CurlHttpClient>(); }

}  // namespace chatkit::server
