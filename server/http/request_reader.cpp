#include "server/http/request_reader.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/text.hpp"

namespace chatkit::server {

namespace {

// The bytes a header's fields take on the wire ("Name: value\r\n"), to tell a trailer's size.
std::size_t field_bytes(const HttpRequest& request) {
  std::size_t total = 0;
  for (const auto& field : request) total += field.name_string().size() + field.value().size() + 4;
  return total;
}

// RFC 9112 §6.1 and §6.3: the only transfer coding we accept is a single `chunked`; anything
// else (`gzip`, `chunked, gzip`, `xchunked`) cannot be framed, and guessing would let the body be
// read as a request of its own.
std::optional<Error> framing_error(const HttpRequest& request) {
  if (request.version() >= 11 && request.count(http::field::host) != 1) {
    return make_error(ErrorCode::invalid_request, request.count(http::field::host) == 0
                                                      ? "an HTTP/1.1 request needs a Host header"
                                                      : "more than one Host header");
  }
  const auto codings = request.count(http::field::transfer_encoding);
  if (codings == 0) return std::nullopt;
  const std::string_view value = request[http::field::transfer_encoding];
  if (codings > 1 || !iequals(trim(value), "chunked")) {
    return make_error(ErrorCode::invalid_request,
                      "Transfer-Encoding '" + clip(value, 60) + "' is not supported: only 'chunked' is");
  }
  if (request.version() < 11) {
    return make_error(ErrorCode::invalid_request, "Transfer-Encoding is not allowed in an HTTP/1.0 request");
  }
  if (request.count(http::field::content_length) > 0) {
    return make_error(ErrorCode::invalid_request, "both Transfer-Encoding and Content-Length");
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> read_error(const beast::error_code& ec) {
  if (ec == http::error::body_limit) return make_error(ErrorCode::payload_too_large, "");
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    return make_error(ErrorCode::headers_too_large, "");
  }
  if (ec == beast::error::timeout) return make_error(ErrorCode::request_timeout, "");
  const auto& http_errors = http::make_error_code(http::error::end_of_stream).category();
  if (ec.category() == http_errors && ec != http::error::end_of_stream) {
    return make_error(ErrorCode::invalid_request, "malformed HTTP request: " + ec.message());
  }
  return std::nullopt;
}

RequestReader::RequestReader(ReadLimits limits) : limits_(limits) {
  parser_.header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
  // Beast checks a Content-Length against the limit as the header completes, before anyone knows
  // whether the request is an upload: the larger limit then, and continue_body() sets the right one.
  parser_.body_limit(std::max(limits_.max_body_bytes, limits_.max_upload_bytes));
}

void RequestReader::fail(Error error) {
  state_ = State::failed;
  error_ = std::move(error);
}

std::size_t RequestReader::parse(std::string_view input) {
  if (input.empty()) return 0;
  beast::error_code ec;
  std::size_t used = 0;
  try {
    used = parser_.put(net::buffer(input.data(), input.size()), ec);
  } catch (const std::length_error&) {
    // Beast keeps a field in at most 64 KiB and throws beyond (only a trailer can get there).
    fail(make_error(ErrorCode::headers_too_large, "a header or trailer field of 64 KiB or more"));
    return 0;
  }
  if (ec && ec != http::error::need_more) {
    fail(read_error(ec).value_or(make_error(ErrorCode::invalid_request, "malformed HTTP request: " + ec.message())));
  }
  consumed_ += used;
  return used;
}

void RequestReader::after_header() {
  header_bytes_ = consumed_;
  header_field_bytes_ = field_bytes(parser_.get());
  if (auto error = framing_error(parser_.get())) return fail(std::move(*error));
  state_ = State::header_ready;
}

void RequestReader::after_body() {
  if (parser_.chunked()) {
    const std::size_t trailer = field_bytes(parser_.get()) - header_field_bytes_;
    if (header_bytes_ + trailer > limits_.max_header_bytes) {
      return fail(make_error(ErrorCode::headers_too_large, "the header and the trailer together exceed " +
                                                               std::to_string(limits_.max_header_bytes) + " bytes"));
    }
  }
  state_ = State::complete;
}

void RequestReader::continue_body() {
  if (state_ != State::header_ready) return;
  if (const auto length = parser_.content_length(); length && *length > limits_.max_body_bytes) {
    return fail(make_error(ErrorCode::payload_too_large, ""));
  }
  parser_.body_limit(limits_.max_body_bytes);
  state_ = State::reading_body;
  if (parser_.is_done()) after_body();
}


std::size_t RequestReader::feed(std::string_view input) {
  std::size_t used = 0;
  while (state_ == State::reading_header || state_ == State::reading_body) {
    const std::size_t step = parse(input.substr(used));
    used += step;
    if (state_ == State::failed) return used;
    if (state_ == State::reading_header && parser_.is_header_done()) {
      after_header();
      return used;  // the caller looks at the header first
    }
    if (parser_.is_done()) after_body();
    else if (step == 0) break;  // needs more input
  }
  // In the body, bytes wait unparsed only while a chunk-size line or the trailer is incomplete:
  // they may not exceed the header limit (Beast would buffer them without end).
  if (state_ == State::reading_body && input.size() - used > limits_.max_header_bytes) {
    fail(make_error(ErrorCode::headers_too_large, "a chunk-size line or trailer longer than " +
                                                      std::to_string(limits_.max_header_bytes) + " bytes"));
  }
  return used;
}

void RequestReader::feed_eof() {
  if (state_ != State::reading_body && state_ != State::reading_header) return;
  beast::error_code ec;
  parser_.put_eof(ec);
  if (ec) return fail(read_error(ec).value_or(make_error(ErrorCode::invalid_request, "the request was cut short")));
  if (parser_.is_done()) after_body();
}

}  // namespace chatkit::server
