#include "server/observability/metrics.hpp"

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

using namespace std::chrono_literals;

// The exposition text read back: samples by their "name{labels}" and the TYPE of each family.
struct Exposition {
  std::map<std::string, std::string> samples;
  std::map<std::string, std::string> types;
  std::set<std::string> helps;
};

Exposition parse(const std::string& text) {
  Exposition parsed;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string first, name, type;
    if (line.starts_with("# TYPE ")) {
      words >> first >> first >> name >> type;
      EXPECT_TRUE(parsed.types.emplace(name, type).second) << "TYPE repeated: " << line;
    } else if (line.starts_with("# HELP ")) {
      words >> first >> first >> name;
      parsed.helps.insert(name);
    } else {
      const auto space = line.rfind(' ');
      EXPECT_NE(space, std::string::npos) << line;
      parsed.samples[line.substr(0, space)] = line.substr(space + 1);
    }
  }
  return parsed;
}

double value(const Exposition& parsed, const std::string& key) {
  const auto found = parsed.samples.find(key);
  EXPECT_NE(found, parsed.samples.end()) << key;
  return found == parsed.samples.end() ? -1 : std::stod(found->second);
}

TEST(MetricsRender, EveryFamilyHasHelpAndType) {
  Metrics metrics;
  metrics.request_finished("threads.create", 200, 3ms, 5);
  metrics.error_reported("not_found");
  const std::string text = metrics.render();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const Exposition parsed = parse(text);
  const std::map<std::string, std::string> expected = {
      {"chatkit_requests_total", "counter"},      {"chatkit_active_streams", "gauge"},
      {"chatkit_open_connections", "gauge"},      {"chatkit_events_sent_total", "counter"},
      {"chatkit_errors_total", "counter"},        {"chatkit_request_duration_seconds", "histogram"},
      {"chatkit_store_commits_total", "counter"}, {"chatkit_store_writes_total", "counter"},
  };
  EXPECT_EQ(parsed.types, expected);
  for (const auto& [name, type] : expected) EXPECT_TRUE(parsed.helps.contains(name)) << name;
  // Every sample belongs to a declared family.
  for (const auto& [key, sample] : parsed.samples) {
    const std::string name = key.substr(0, key.find('{'));
    const bool declared = parsed.types.contains(name) || parsed.types.contains(name.substr(0, name.rfind('_')));
    EXPECT_TRUE(declared) << key;
  }
}

TEST(MetricsRender, CountsRequestsEventsErrorsAndGauges) {
  Metrics metrics;
  metrics.request_finished("threads.create", 200, 1ms, 7);
  metrics.request_finished("threads.create", 200, 1ms, 3);
  metrics.request_finished("threads.create", 500, 1ms, 0);
  metrics.request_finished("static", 404, 1ms, 0);
  metrics.error_reported("not_found");
  metrics.error_reported("not_found");
  metrics.error_reported("stream.error");
  metrics.stream_opened();
  metrics.stream_opened();
  metrics.stream_closed();
  metrics.connection_opened();
  metrics.connection_opened();
  metrics.connection_opened();
  metrics.connection_closed();
  metrics.store_committed(5);
  metrics.store_committed(1);
  const Exposition parsed = parse(metrics.render());
  EXPECT_EQ(value(parsed, "chatkit_requests_total{type=\"threads.create\",status=\"200\"}"), 2);
  EXPECT_EQ(value(parsed, "chatkit_requests_total{type=\"threads.create\",status=\"500\"}"), 1);
  EXPECT_EQ(value(parsed, "chatkit_requests_total{type=\"static\",status=\"404\"}"), 1);
  EXPECT_EQ(value(parsed, "chatkit_events_sent_total"), 10);
  EXPECT_EQ(value(parsed, "chatkit_errors_total{code=\"not_found\"}"), 2);
  EXPECT_EQ(value(parsed, "chatkit_errors_total{code=\"stream.error\"}"), 1);
  EXPECT_EQ(value(parsed, "chatkit_active_streams"), 1);
  EXPECT_EQ(value(parsed, "chatkit_open_connections"), 2);
  EXPECT_EQ(value(parsed, "chatkit_store_commits_total"), 2);
  EXPECT_EQ(value(parsed, "chatkit_store_writes_total"), 6);
}

TEST(MetricsRender, EmptyMetricsRenderZeros) {
  const Exposition parsed = parse(Metrics{}.render());
  EXPECT_EQ(value(parsed, "chatkit_events_sent_total"), 0);
  EXPECT_EQ(value(parsed, "chatkit_active_streams"), 0);
  EXPECT_EQ(value(parsed, "chatkit_store_commits_total"), 0);
  EXPECT_EQ(value(parsed, "chatkit_request_duration_seconds_count"), 0);
  EXPECT_EQ(value(parsed, "chatkit_request_duration_seconds_bucket{le=\"+Inf\"}"), 0);
}

TEST(MetricsHistogram, BucketsAreCumulativeAndInclusive) {
  Metrics metrics;
  for (auto duration : {100us, 500us, 501us, 2'000'000us, 20'000'000us}) {
    metrics.request_finished("threads.list", 200, duration, 0);
  }
  const Exposition parsed = parse(metrics.render());
  const std::vector<std::pair<std::string, double>> buckets = {
      {"0.0005", 2}, {"0.001", 3}, {"0.0025", 3}, {"0.005", 3}, {"0.01", 3}, {"0.025", 3}, {"0.05", 3}, {"0.1", 3},
      {"0.25", 3},   {"0.5", 3},   {"1", 3},      {"2.5", 4},   {"5", 4},    {"10", 4},    {"+Inf", 5}};
  for (const auto& [le, count] : buckets) {
    EXPECT_EQ(value(parsed, "chatkit_request_duration_seconds_bucket{le=\"" + le + "\"}"), count) << le;
  }
  EXPECT_EQ(value(parsed, "chatkit_request_duration_seconds_count"), 5);
  EXPECT_EQ(parsed.samples.at("chatkit_request_duration_seconds_sum"), "22.001101");
}

TEST(MetricsHistogram, NegativeDurationsCountAsZero) {
  Metrics metrics;
  metrics.request_finished("healthz", 200, -5us, 0);
  const Exposition parsed = parse(metrics.render());
  EXPECT_EQ(value(parsed, "chatkit_request_duration_seconds_bucket{le=\"0.0005\"}"), 1);
  EXPECT_EQ(parsed.samples.at("chatkit_request_duration_seconds_sum"), "0.000000");
}

TEST(MetricsRender, EscapesLabelValues) {
  Metrics metrics;
  metrics.request_finished("a\"b\\c\nd", 400, 1ms, 0);
  metrics.error_reported("x\"y");
  const std::string text = metrics.render();
  EXPECT_NE(text.find("chatkit_requests_total{type=\"a\\\"b\\\\c\\nd\",status=\"400\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("chatkit_errors_total{code=\"x\\\"y\"} 1\n"), std::string::npos) << text;
}

TEST(MetricsConcurrency, FourThreadsGiveExactTotals) {
  Metrics metrics;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&metrics, t] {
      const std::string type = t % 2 == 0 ? "threads.create" : "messages.send";
      for (int i = 0; i < kPerThread; ++i) {
        metrics.connection_opened();
        metrics.stream_opened();
        metrics.request_finished(type, 200, std::chrono::microseconds(i % 3000), 2);
        metrics.error_reported("internal");
        metrics.stream_closed();
        if (i % 2 == 0) metrics.connection_closed();
        if (i % 100 == 0) (void)metrics.render();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const Exposition parsed = parse(metrics.render());
  constexpr double kTotal = kThreads * kPerThread;
  EXPECT_EQ(value(parsed, "chatkit_requests_total{type=\"threads.create\",status=\"200\"}"), kTotal / 2);
  EXPECT_EQ(value(parsed, "chatkit_requests_total{type=\"messages.send\",status=\"200\"}"), kTotal / 2);
  EXPECT_EQ(value(parsed, "chatkit_events_sent_total"), 2 * kTotal);
  EXPECT_EQ(value(parsed, "chatkit_errors_total{code=\"internal\"}"), kTotal);
  EXPECT_EQ(value(parsed, "chatkit_request_duration_seconds_count"), kTotal);
  EXPECT_EQ(value(parsed, "chatkit_active_streams"), 0);
  EXPECT_EQ(value(parsed, "chatkit_open_connections"), kTotal / 2);
}

}  // namespace
}  // namespace chatkit::server
