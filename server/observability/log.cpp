#include "server/observability/log.hpp"

#include <algorithm>

#include "core/timestamp.hpp"

namespace chatkit::server {
namespace {

std::string now_iso8601() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return format_iso8601(Timestamp{std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count()});
}

// A JSON string literal. to_wire escapes control characters and replaces invalid UTF-8 (a request
// target is raw client bytes), so a log line can neither break nor throw.
std::string quote(std::string_view text) { return to_wire(json(std::string(text))); }

// Exact milliseconds with 3 decimals from integer microseconds ("12.345").
std::string millis_text(std::chrono::microseconds duration) {
  const std::int64_t micros = std::max<std::int64_t>(duration.count(), 0);
  std::string fraction = std::to_string(micros % 1000);
  fraction.insert(0, 3 - fraction.size(), '0');
  return std::to_string(micros / 1000) + "." + fraction;
}

LogLevel request_level(int status) { return status >= 500 ? LogLevel::warn : LogLevel::info; }

// `{"ts":...,"level":...,"msg":...` without the closing brace.
std::string open_line(LogLevel level, std::string_view message) {
  return "{\"ts\":" + quote(now_iso8601()) + ",\"level\":" + quote(log_level_name(level)) +
         ",\"msg\":" + quote(message);
}

void add_field(std::string& line, std::string_view key, std::string_view json_value) {
  line.append(",").append(quote(key)).append(":").append(json_value);
}

bool reserved_key(std::string_view key) { return key == "ts" || key == "level" || key == "msg"; }

}  // namespace

std::string format_request_log(const RequestLog& entry) {
  std::string line = open_line(request_level(entry.status), "request");
  add_field(line, "method", quote(entry.method));
  add_field(line, "target", quote(entry.target));
  add_field(line, "type", quote(entry.request_type));
  add_field(line, "user", quote(entry.user_id));
  add_field(line, "status", std::to_string(entry.status));
  add_field(line, "duration_ms", millis_text(entry.duration));
  add_field(line, "events", std::to_string(entry.events_sent));
  if (!entry.error_code.empty()) add_field(line, "error", quote(entry.error_code));
  add_field(line, "remote", quote(entry.remote));
  line += "}";
  return line;
}

Logger::Logger(LogLevel level, std::ostream* out) : level_(level), out_(out) {}

bool Logger::enabled(LogLevel level) const { return level != LogLevel::off && level >= level_; }

void Logger::request(const RequestLog& entry) {
  if (!enabled(request_level(entry.status))) return;
  write_line(format_request_log(entry));
}

void Logger::log(LogLevel level, std::string_view message, const json& fields) {
  if (!enabled(level)) return;
  std::string line = open_line(level, message);
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      // A second "level" or "ts" would make the line ambiguous to log processors.
      if (!reserved_key(key)) add_field(line, key, to_wire(value));
    }
  } else if (!fields.is_null()) {
    add_field(line, "fields", to_wire(fields));
  }
  line += "}";
  write_line(std::move(line));
}

// One write per line under the lock, so concurrent lines never interleave.
void Logger::write_line(std::string line) {
  line += '\n';
  const std::lock_guard lock(mutex_);
  out_->write(line.data(), static_cast<std::streamsize>(line.size()));
  out_->flush();
}

std::string_view log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
    case LogLevel::off: return "off";
  }
  return "unknown";
}

}  // namespace chatkit::server
