#include "server/observability/log.hpp"

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/timestamp.hpp"

namespace chatkit::server {
namespace {

using namespace std::chrono_literals;

RequestLog sample_entry() {
  return RequestLog{.method = "POST",
                    .target = "/chatkit",
                    .request_type = "threads.create",
                    .user_id = "alice",
                    .status = 200,
                    .duration = 12345us,
                    .events_sent = 7,
                    .remote = "127.0.0.1:53422"};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(LogRequestLine, IsOneCompactJsonObjectWithEveryField) {
  const std::string line = format_request_log(sample_entry());
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_TRUE(line.starts_with("{\"ts\":\"")) << line;
  EXPECT_NE(line.find("\"duration_ms\":12.345,"), std::string::npos) << line;
  const json parsed = json::parse(line);
  EXPECT_EQ(parsed.at("level"), "info");
  EXPECT_EQ(parsed.at("msg"), "request");
  EXPECT_EQ(parsed.at("method"), "POST");
  EXPECT_EQ(parsed.at("target"), "/chatkit");
  EXPECT_EQ(parsed.at("type"), "threads.create");
  EXPECT_EQ(parsed.at("user"), "alice");
  EXPECT_EQ(parsed.at("status"), 200);
  EXPECT_DOUBLE_EQ(parsed.at("duration_ms").get<double>(), 12.345);
  EXPECT_EQ(parsed.at("events"), 7);
  EXPECT_EQ(parsed.at("remote"), "127.0.0.1:53422");
  EXPECT_FALSE(parsed.contains("error"));
  const std::string ts = parsed.at("ts");
  EXPECT_TRUE(ts.ends_with("Z")) << ts;
  EXPECT_TRUE(parse_iso8601(ts).ok()) << ts;
}

TEST(LogRequestLine, ErrorFieldOnlyWhenSet) {
  RequestLog entry = sample_entry();
  entry.status = 404;
  entry.error_code = "not_found";
  entry.user_id = "";
  const json parsed = json::parse(format_request_log(entry));
  EXPECT_EQ(parsed.at("error"), "not_found");
  EXPECT_EQ(parsed.at("user"), "");
  EXPECT_EQ(parsed.at("level"), "info");
}

TEST(LogRequestLine, ServerErrorsAreWarnings) {
  RequestLog entry = sample_entry();
  entry.status = 503;
  EXPECT_EQ(json::parse(format_request_log(entry)).at("level"), "warn");
}

TEST(LogRequestLine, DurationKeepsThreeExactDecimals) {
  RequestLog entry = sample_entry();
  entry.duration = 5us;
  EXPECT_NE(format_request_log(entry).find("\"duration_ms\":0.005,"), std::string::npos);
  entry.duration = 2'000'000us;
  EXPECT_NE(format_request_log(entry).find("\"duration_ms\":2000.000,"), std::string::npos);
}

TEST(LogRequestLine, EscapesControlCharactersAndSurvivesBadUtf8) {
  RequestLog entry = sample_entry();
  const std::string target = "/a\nb\r\x01\"c\\";
  entry.target = target;
  std::string line = format_request_log(entry);
  EXPECT_EQ(line.find_first_of("\n\r\x01"), std::string::npos) << line;
  EXPECT_EQ(json::parse(line).at("target"), target);

  const std::string bad_utf8 = "/\xff\xfe";
  entry.target = bad_utf8;
  line = format_request_log(entry);
  EXPECT_TRUE(json::parse(line).at("target").is_string()) << line;
}

TEST(LogLogger, WritesRequestsAtInfoAndServerErrorsAtWarn) {
  std::ostringstream out;
  Logger logger(LogLevel::warn, &out);
  logger.request(sample_entry());
  EXPECT_EQ(out.str(), "");
  RequestLog failed = sample_entry();
  failed.status = 500;
  failed.error_code = "internal";
  logger.request(failed);
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(json::parse(lines[0]).at("error"), "internal");
  EXPECT_EQ(out.str().back(), '\n');
}

TEST(LogLogger, FiltersByLevel) {
  std::ostringstream out;
  const Logger info(LogLevel::info, &out);
  EXPECT_FALSE(info.enabled(LogLevel::debug));
  EXPECT_TRUE(info.enabled(LogLevel::info));
  EXPECT_TRUE(info.enabled(LogLevel::error));
  EXPECT_FALSE(info.enabled(LogLevel::off));
  const Logger off(LogLevel::off, &out);
  for (LogLevel level : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error, LogLevel::off}) {
    EXPECT_FALSE(off.enabled(level));
  }
  const Logger debug(LogLevel::debug, &out);
  EXPECT_TRUE(debug.enabled(LogLevel::debug));
}

TEST(LogLogger, LogWritesMessageAndFields) {
  std::ostringstream out;
  Logger logger(LogLevel::info, &out);
  logger.log(LogLevel::debug, "hidden");
  logger.log(LogLevel::error, "listen failed", json{{"port", 8000}, {"reason", "in use"}, {"level", "spoof"}});
  logger.log(LogLevel::info, "started");
  logger.log(LogLevel::warn, "odd", json::array({1, 2}));
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 3u) << out.str();
  const json first = json::parse(lines[0]);
  EXPECT_EQ(first.at("level"), "error");
  EXPECT_EQ(first.at("msg"), "listen failed");
  EXPECT_EQ(first.at("port"), 8000);
  EXPECT_EQ(first.at("reason"), "in use");
  EXPECT_TRUE(first.contains("ts"));
  EXPECT_EQ(lines[0].find("spoof"), std::string::npos);
  EXPECT_EQ(json::parse(lines[1]).size(), 3u);  // ts, level, msg
  EXPECT_EQ(json::parse(lines[2]).at("fields"), json::array({1, 2}));
}

TEST(LogLogger, ConcurrentLinesNeverInterleave) {
  std::ostringstream out;
  Logger logger(LogLevel::info, &out);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&logger, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (i % 2 == 0)
          logger.request(sample_entry());
        else
          logger.log(LogLevel::info, "tick", json{{"thread", t}, {"i", i}});
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(kThreads * kPerThread));
  for (const std::string& line : lines) EXPECT_TRUE(json::accept(line)) << line;
}

}  // namespace
}  // namespace chatkit::server
