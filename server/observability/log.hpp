#pragma once
// Structured logging: one compact JSON line per request, and a leveled logger that writes whole
// lines atomically, so lines from several I/O threads never interleave.
#include <chrono>
#include <cstddef>
#include <iostream>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

#include "core/json_io.hpp"

namespace chatkit::server {

enum class LogLevel { debug, info, warn, error, off };

// "debug", "info", "warn", "error" or "off".
std::string_view log_level_name(LogLevel level);

// What one request did, for its log line. The views must outlive the call that formats it.
struct RequestLog {
  std::string_view method, target, request_type, user_id;  // user_id may be empty (unauthenticated)
  int status = 0;
  std::chrono::microseconds duration{};
  std::size_t events_sent = 0;
  std::string_view error_code;  // empty when none
  std::string_view remote;      // "127.0.0.1:53422"
};

// One compact JSON object, no newline:
// {"ts":"<ISO-8601 UTC>","level":"info","msg":"request","method":...,"target":...,"type":...,
//  "user":...,"status":...,"duration_ms":<3 decimals>,"events":...,"error":<only when set>,"remote":...}
// The level is "warn" for a status of 500 or more, else "info".
std::string format_request_log(const RequestLog& entry);

class Logger {
 public:
  explicit Logger(LogLevel level, std::ostream* out = &std::cerr);

  bool enabled(LogLevel level) const;
  // At info level (warn for status >= 500).
  void request(const RequestLog& entry);
  // {"ts","level","msg",...fields}; fields named ts, level or msg are dropped, a non-object
  // `fields` is logged under "fields".
  void log(LogLevel level, std::string_view message, const chatkit::json& fields = chatkit::json::object());

 private:
  void write_line(std::string line);

  LogLevel level_;
  std::ostream* out_;
  std::mutex mutex_;
};

}  // namespace chatkit::server
