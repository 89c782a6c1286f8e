#pragma once
// CurlTransfer: one request's libcurl easy handle. It sets the handle's options from the
// HttpRequest, publishes the head and body bytes to the TransferState from curl's callbacks, and
// knows its deadlines (no head yet, no body bytes for too long), which the curl thread enforces.
// Used on the curl thread only, once constructed.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <curl/curl.h>

#include "server/models/http/http_client.hpp"
#include "server/models/http/response_head_parser.hpp"
#include "server/models/http/transfer_state.hpp"

namespace chatkit::server {

class CurlTransfer {
 public:
  using Clock = std::chrono::steady_clock;

  // Throws HttpFailure when libcurl cannot make a handle.
  CurlTransfer(HttpRequest request, std::shared_ptr<TransferState> state);
  ~CurlTransfer();
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  CURL* handle() const { return easy_; }
  std::uint64_t id() const { return id_; }
  void set_id(std::uint64_t id) { id_ = id; }

  // The transfer joins the multi handle now: the head deadline starts.
  void started(Clock::time_point now);
  // When the transfer times out unless something arrives first.
  Clock::time_point deadline() const;
  // What that timeout means, for the failure.
  HttpFailure timeout_failure() const;

  // The transfer is over, as curl reports it.
  void complete(CURLcode code);
  // The transfer is over because of us (timeout, abort, shutdown).
  void fail(HttpFailure failure);
  const std::string& label() const { return label_; }

 private:
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  void set_options();
  void set_method_and_body();
  void set_headers();
  // Publishes a head from the status code when curl never gave us a complete one (HTTP/0.9).
  void ensure_head();
  HttpFailure failure_for(CURLcode code) const;

  HttpRequest request_;
  std::string label_;
  std::shared_ptr<TransferState> state_;
  CURL* easy_ = nullptr;
  curl_slist* headers_ = nullptr;
  char error_[CURL_ERROR_SIZE] = {};
  std::uint64_t id_ = 0;
  ResponseHeadParser parser_;
  bool head_seen_ = false;
  Clock::time_point started_{};
  Clock::time_point last_activity_{};
};

}  // namespace chatkit::server
