#pragma once
// A streaming reader of multipart/form-data bodies (RFC 7578), for the uploads (docs/PROTOCOL.md
// §2.15): it hands each part's headers and then its bytes to a handler as they arrive, keeping only
// what a boundary split across two reads needs. Pure, no I/O.
//
// Our own: Beast has no multipart reader, and Debian has no C or C++ library that reads form data
// as a stream (GMime reads whole MIME messages into memory, on GLib).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace chatkit::server {

// The boundary of a "multipart/form-data; boundary=..." Content-Type; nullopt for another type or a
// boundary RFC 2046 does not allow (1-70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

struct MultipartPart {
  std::string name;                     // Content-Disposition's name
  std::optional<std::string> filename;  // filename* (RFC 5987) or filename, when given
  std::string content_type;             // as sent; empty when the part has none
};

class MultipartHandler {
 public:
  virtual ~MultipartHandler() = default;
  virtual Status begin_part(const MultipartPart& part) = 0;
  virtual Status part_data(std::string_view bytes) = 0;
  virtual Status end_part() = 0;
};

class MultipartReader {
 public:
  MultipartReader(std::string boundary, MultipartHandler& handler);
  // The next bytes of the body. A malformed body is invalid_request; the handler's errors pass through.
  Status feed(std::string_view bytes);
  // The body is over: it must have ended with the closing boundary.
  Status finish();

 private:
  enum class State { preamble, after_boundary, headers, data, epilogue };
  Status step(bool& progressed);
  Status read_headers(std::string_view block);

  std::string delimiter_;  // "\r\n--" + boundary
  MultipartHandler& handler_;
  State state_ = State::preamble;
  std::string pending_;  // bytes received and not yet used
};

}  // namespace chatkit::server
