#pragma once
// Reads one HTTP/1.x request from bytes as they arrive, with every limit applied before memory is
// spent on it. No socket: the session feeds it what it reads, and the fuzz target feeds it bytes.
//
// Beast's parser checks the header and body limits; three gaps of its own are closed here:
// - a chunked body's trailer and chunk-header lines are not counted against any limit by Beast (a
//   trailer is buffered whole until its blank line): here the bytes waiting to be parsed may never
//   exceed the header limit, and header + trailer together count against it;
// - a field of 64 KiB or more makes Beast throw std::length_error: caught, answered as 431;
// - a Transfer-Encoding other than exactly `chunked` would leave the body to be read as the next
//   request (request smuggling): refused, RFC 9112 §6.3.
#include <cstddef>
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "server/http/net.hpp"

namespace chatkit::server {

using HttpRequest = http::request<http::string_body>;

struct ReadLimits {
  std::size_t max_header_bytes = 16 * 1024;  // request line + headers, and also + trailers
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  // The largest body a streamed upload may have (0: none). Such a request leaves this reader at
  // header_ready (take_parser()); every other body is held to max_body_bytes by continue_body().
  std::size_t max_upload_bytes = 0;
};

class RequestReader {
 public:
  enum class State {
    reading_header,
    header_ready,  // the header is complete and checked: the caller may look at it, then continue_body()
    reading_body,
    complete,
    failed,
  };

  explicit RequestReader(ReadLimits limits);

  // Parses a prefix of `input` (all the bytes received and not yet used) and returns how many
  // bytes it used; the caller drops those and calls again with the rest plus what arrives next.
  std::size_t feed(std::string_view input);
  // The peer closed its side: the request is complete (a body that ends with the connection) or failed.
  void feed_eof();
  void continue_body();
  // The caller refuses the request (its Host, a timeout): the reader fails with that error.
  void refuse(Error error) { fail(std::move(error)); }

  State state() const { return state_; }
  bool started() const { return parser_.got_some(); }
  // Once failed: what to answer (always followed by closing the connection).
  const Error& error() const { return *error_; }
  // At header_ready, for a body read elsewhere (a streamed upload): the parser, its header done and
  // no body byte used. The reader is spent afterwards (request() still has the header: a copy).
  template <class Body>
  http::request_parser<Body> take_parser() {
    header_copy_ = parser_.get();  // the header, for request() and the log
    fail(make_error(ErrorCode::internal, "the request's body was read elsewhere"));
    return http::request_parser<Body>(std::move(parser_));
  }
  std::size_t max_header_bytes() const { return limits_.max_header_bytes; }
  // The request so far (the header once header_ready), and all of it once complete.
  HttpRequest& request() { return header_copy_ ? *header_copy_ : parser_.get(); }

 private:
  void fail(Error error);
  void after_header();
  void after_body();
  std::size_t parse(std::string_view input);

  ReadLimits limits_;
  http::request_parser<http::string_body> parser_;
  State state_ = State::reading_header;
  std::size_t consumed_ = 0;            // bytes parsed so far
  std::size_t header_bytes_ = 0;        // the bytes of the request line and headers
  std::size_t header_field_bytes_ = 0;  // of which fields (to tell the trailer's bytes at the end)
  std::optional<Error> error_;
  std::optional<HttpRequest> header_copy_;  // once the parser was taken
};

// The error that a failed read of Beast's means (none for a plain end of stream: just close).
std::optional<Error> read_error(const beast::error_code& ec);

}  // namespace chatkit::server
