#include "server/models/http/curl_transfer.hpp"

#include <string_view>
#include <utility>

#include "server/models/http/request_label.hpp"

namespace chatkit::server {
namespace {

constexpr const char* kUserAgent = "chatkit-cpp/0.1";
// Loopback and the instance metadata service must never go through a proxy from the environment.
constexpr const char* kNoProxy = "127.0.0.1,localhost,::1,169.254.169.254";

long milliseconds(std::chrono::milliseconds duration) { return static_cast<long>(duration.count()); }

bool is_connect_error(CURLcode code) {
  return code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY ||
         code == CURLE_COULDNT_CONNECT || code == CURLE_SSL_CONNECT_ERROR ||
         code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE ||
         code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL;
}

}  // namespace

CurlTransfer::CurlTransfer(HttpRequest request, std::shared_ptr<TransferState> state)
    : request_(std::move(request)),
      label_(request_label(request_.method, request_.url)),
      state_(std::move(state)),
      easy_(curl_easy_init()) {
  if (easy_ == nullptr) throw HttpFailure(HttpFailure::Kind::connect, label_ + ": libcurl could not make a handle");
  set_options();
}

CurlTransfer::~CurlTransfer() {
  curl_easy_cleanup(easy_);
  curl_slist_free_all(headers_);
}

void CurlTransfer::set_options() {
  curl_easy_setopt(easy_, CURLOPT_URL, request_.url.c_str());
  curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);  // we are one thread among many
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, kUserAgent);
  curl_easy_setopt(easy_, CURLOPT_NOPROXY, kNoProxy);
  curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request_.connect_timeout));
  curl_easy_setopt(easy_, CURLOPT_TCP_KEEPALIVE, 1L);  // model streams sit idle for a while
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &CurlTransfer::on_header);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &CurlTransfer::on_body);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  set_method_and_body();
  set_headers();
}

void CurlTransfer::set_method_and_body() {
  const std::string& method = request_.method;
  if (method == "GET") {
    curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L);
    return;
  }
  if (method == "HEAD") {
    curl_easy_setopt(easy_, CURLOPT_NOBODY, 1L);
    return;
  }
  // The body stays alive in request_ for as long as the handle.
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request_.body.size()));
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, request_.body.data());
  if (method != "POST") curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, method.c_str());
}

void CurlTransfer::set_headers() {
  for (const auto& [name, value] : request_.headers) {
    // "Name;" is curl's way to send a header with an empty value.
    const std::string line = value.empty() ? name + ";" : name + ": " + value;
    headers_ = curl_slist_append(headers_, line.c_str());
  }
  // No "Expect: 100-continue" round trip before larger bodies.
  headers_ = curl_slist_append(headers_, "Expect:");
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
}

void CurlTransfer::started(Clock::time_point now) {
  started_ = now;
  last_activity_ = now;
}

CurlTransfer::Clock::time_point CurlTransfer::deadline() const {
  if (!head_seen_) return started_ + request_.head_timeout;
  return last_activity_ + request_.idle_timeout;
}

HttpFailure CurlTransfer::timeout_failure() const {
  if (!head_seen_) {
    return HttpFailure(HttpFailure::Kind::timeout, label_ + ": no response head within " +
                                                       std::to_string(request_.head_timeout.count()) + " ms");
  }
  return HttpFailure(HttpFailure::Kind::timeout, label_ + ": no data for " +
                                                     std::to_string(request_.idle_timeout.count()) +
                                                     " ms (idle timeout)");
}

void CurlTransfer::complete(CURLcode code) {
  if (code != CURLE_OK) {
    state_->finish(failure_for(code));
    return;
  }
  ensure_head();
  state_->finish(std::nullopt);
}

void CurlTransfer::fail(HttpFailure failure) { state_->finish(std::move(failure)); }

HttpFailure CurlTransfer::failure_for(CURLcode code) const {
  const std::string detail = error_[0] != '\0' ? error_ : curl_easy_strerror(code);
  if (is_connect_error(code)) return HttpFailure(HttpFailure::Kind::connect, label_ + ": could not connect: " + detail);
  // We set no overall timeout, so this is the connect timeout.
  if (code == CURLE_OPERATION_TIMEDOUT) return HttpFailure(HttpFailure::Kind::timeout, label_ + ": timed out: " + detail);
  return HttpFailure(HttpFailure::Kind::transfer, label_ + ": transfer failed: " + detail);
}

void CurlTransfer::ensure_head() {
  if (head_seen_) return;
  head_seen_ = true;
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  HttpResponseHead head;
  head.status = static_cast<int>(status);
  state_->publish_head(std::move(head));
}

std::size_t CurlTransfer::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  auto& transfer = *static_cast<CurlTransfer*>(self);
  const std::size_t length = size * count;
  if (transfer.head_seen_) return length;  // trailers after a chunked body: not used
  try {
    if (auto head = transfer.parser_.feed(std::string_view(data, length))) {
      transfer.head_seen_ = true;
      transfer.last_activity_ = Clock::now();  // the idle timeout starts with the head
      transfer.state_->publish_head(std::move(*head));
    }
  } catch (...) {
    return 0;  // out of memory: curl ends the transfer with a write error
  }
  return length;
}

std::size_t CurlTransfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto& transfer = *static_cast<CurlTransfer*>(self);
  const std::size_t length = size * count;
  try {
    transfer.ensure_head();
    transfer.last_activity_ = Clock::now();
    transfer.state_->publish_body(std::string(data, length));
  } catch (...) {
    return 0;
  }
  return length;
}

}  // namespace chatkit::server
