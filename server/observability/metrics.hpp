#pragma once
// The server's counters, gauges and request-duration histogram, rendered in the Prometheus text
// exposition format 0.0.4. Every method is thread-safe and cheap enough to call on every request.
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace chatkit::server {

class Metrics {
 public:
  // Upper bounds (le) of the request-duration histogram, in microseconds; +Inf comes after them.
  static constexpr std::array<std::int64_t, 14> kBucketBoundsMicros{500,       1'000,     2'500,     5'000,     10'000,
                                                                    25'000,    50'000,    100'000,   250'000,   500'000,
                                                                    1'000'000, 2'500'000, 5'000'000, 10'000'000};

  // One answered request: counts it by (type, status), times it, and adds its streamed events.
  void request_finished(std::string_view request_type, int http_status, std::chrono::microseconds duration,
                        std::size_t events_sent);
  void stream_opened();  // active streams gauge
  void stream_closed();
  void error_reported(std::string_view code);  // every error sent (HTTP error body or error event), by wire code
  void connection_opened();                    // open connections gauge
  void connection_closed();
  // One group commit of `writes` store writes (their ratio tells how well the streams' writes batch).
  void store_committed(std::size_t writes);

  // Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  std::atomic<std::int64_t> active_streams_{0};
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> events_sent_{0};
  std::atomic<std::uint64_t> store_commits_{0};
  std::atomic<std::uint64_t> store_writes_{0};
  // Per-bucket (not cumulative) counts, the last one for +Inf; made cumulative when rendered.
  std::array<std::atomic<std::uint64_t>, kBucketBoundsMicros.size() + 1> duration_buckets_{};
  std::atomic<std::uint64_t> duration_sum_micros_{0};

  // Labelled counters: few distinct keys, so a locked map is cheap; std::less<> finds by string_view.
  mutable std::mutex mutex_;
  std::map<std::string, std::map<int, std::uint64_t>, std::less<>> requests_;  // type -> status -> count
  std::map<std::string, std::uint64_t, std::less<>> errors_;                   // wire code -> count
};

}  // namespace chatkit::server
