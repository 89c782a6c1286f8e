#pragma once
// Builds an HttpResponseHead from the header lines libcurl hands over one at a time: the status
// line, "Name: value" lines, then the blank line that ends the head. Interim 1xx heads (100
// Continue) are dropped, so only the final head completes.
#include <optional>
#include <string_view>

#include "server/models/http/http_client.hpp"

namespace chatkit::server {

class ResponseHeadParser {
 public:
  // One line, with or without its CRLF. Returns the head once its blank line arrives.
  std::optional<HttpResponseHead> feed(std::string_view line);

 private:
  HttpResponseHead head_;
};

// "HTTP/1.1 429 Too Many Requests" -> 429; nullopt when the line is not a status line.
std::optional<int> parse_status_line(std::string_view line);

}  // namespace chatkit::server
