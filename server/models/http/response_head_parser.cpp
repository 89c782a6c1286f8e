#include "server/models/http/response_head_parser.hpp"

#include <cctype>
#include <charconv>
#include <string>
#include <utility>

#include "core/text.hpp"

namespace chatkit::server {
namespace {

}  // namespace

std::optional<int> parse_status_line(std::string_view line) {
  if (!line.starts_with("HTTP/")) return std::nullopt;
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view code = trim(line.substr(space + 1)).substr(0, 3);
  int status = 0;
  const auto [end, error] = std::from_chars(code.data(), code.data() + code.size(), status);
  if (error != std::errc() || end != code.data() + code.size() || code.size() != 3) return std::nullopt;
  return status;
}

std::optional<HttpResponseHead> ResponseHeadParser::feed(std::string_view line) {
  line = trim(line);
  if (auto status = parse_status_line(line)) {
    head_ = HttpResponseHead{};  // a new head starts (after a 1xx, or on a retried connection)
    head_.status = *status;
    return std::nullopt;
  }
  if (line.empty()) {
    // An interim head (100 Continue, 103 Early Hints) is followed by the real one.
    if (head_.status < 200) return std::nullopt;
    return std::exchange(head_, HttpResponseHead{});
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || head_.status == 0) return std::nullopt;  // not a header line
  head_.headers.emplace_back(ascii_lowercase(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  return std::nullopt;
}

}  // namespace chatkit::server
