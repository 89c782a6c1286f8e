#include "server/models/openai/retry.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <ctime>
#include <string>
#include <string_view>

namespace chatkit::server {
namespace {

using std::chrono::milliseconds;

// HttpResponseHead::header lives with the transport; the names are lower-cased already.
std::optional<std::string> header_value(const HttpResponseHead& head, std::string_view name) {
  for (const auto& [key, value] : head.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// A non-negative decimal number ("2", "0.5"), or nothing. from_chars: no locale involved.
std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text.front()))) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// An IMF-fixdate ("Wed, 21 Oct 2015 07:28:00 GMT"), the form RFC 9110 requires senders to use.
std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

milliseconds from_seconds(double seconds) {
  return milliseconds(static_cast<long long>(std::min(seconds, 1e9) * 1000.0));
}

}  // namespace

std::optional<milliseconds> retry_after(const HttpResponseHead& head, std::chrono::system_clock::time_point now) {
  if (auto ms = header_value(head, "retry-after-ms")) {
    if (auto number = parse_number(*ms)) return from_seconds(*number / 1000.0);
  }
  auto value = header_value(head, "retry-after");
  if (!value) return std::nullopt;
  if (auto seconds = parse_number(*value)) return from_seconds(*seconds);
  if (auto date = parse_http_date(*value)) {
    return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(*date - now));
  }
  return std::nullopt;
}

milliseconds retry_delay(const RetryPolicy& policy, int attempt, std::optional<milliseconds> upstream_hint,
                         double jitter) {
  if (upstream_hint) return std::min(*upstream_hint, policy.max_delay);
  const int doublings = std::clamp(attempt - 1, 0, 30);
  const double backoff = std::min(static_cast<double>(policy.base_delay.count()) * std::pow(2.0, doublings),
                                  static_cast<double>(policy.max_delay.count()));
  const double scaled = backoff * (0.5 + 0.5 * std::clamp(jitter, 0.0, 1.0));
  return milliseconds(static_cast<long long>(scaled));
}

}  // namespace chatkit::server
