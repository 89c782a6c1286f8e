#include "server/observability/metrics.hpp"

#include <algorithm>

namespace chatkit::server {
namespace {

// The histogram bounds as Prometheus `le` labels, in seconds, matching kBucketBoundsMicros.
constexpr std::array<std::string_view, Metrics::kBucketBoundsMicros.size() + 1> kBucketLabels{
    "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};

// Relaxed is enough: each counter is independent, and render() is a snapshot, not a transaction.
constexpr auto kRelaxed = std::memory_order_relaxed;

// Label values escape backslash, double quote and line feed (exposition format 0.0.4).
std::string escape_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

void add_header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

// Exact decimal seconds from integer microseconds ("1.250000"), with no floating-point rounding.
std::string seconds_text(std::uint64_t micros) {
  std::string fraction = std::to_string(micros % 1'000'000);
  fraction.insert(0, 6 - fraction.size(), '0');
  return std::to_string(micros / 1'000'000) + "." + fraction;
}

std::size_t bucket_index(std::int64_t micros) {
  const auto& bounds = Metrics::kBucketBoundsMicros;
  // `le` is inclusive: a request of exactly 1 ms belongs to the 0.001 bucket.
  return static_cast<std::size_t>(std::ranges::lower_bound(bounds, micros) - bounds.begin());
}

using RequestCounts = std::map<std::string, std::map<int, std::uint64_t>, std::less<>>;
using ErrorCounts = std::map<std::string, std::uint64_t, std::less<>>;

void render_requests(std::string& out, const RequestCounts& requests) {
  add_header(out, "chatkit_requests_total", "counter", "Requests answered, by request type and HTTP status.");
  for (const auto& [type, statuses] : requests) {
    for (const auto& [status, count] : statuses) {
      out.append("chatkit_requests_total{type=\"").append(escape_label(type)).append("\",status=\"");
      out.append(std::to_string(status)).append("\"} ").append(std::to_string(count)).append("\n");
    }
  }
}

void render_errors(std::string& out, const ErrorCounts& errors) {
  add_header(out, "chatkit_errors_total", "counter", "Errors sent (HTTP error bodies and error events), by code.");
  for (const auto& [code, count] : errors) {
    out.append("chatkit_errors_total{code=\"").append(escape_label(code)).append("\"} ");
    out.append(std::to_string(count)).append("\n");
  }
}

void render_histogram(std::string& out, const std::array<std::uint64_t, kBucketLabels.size()>& buckets,
                      std::uint64_t sum_micros) {
  constexpr std::string_view kName = "chatkit_request_duration_seconds";
  add_header(out, kName, "histogram", "Time from a request's arrival to its last byte sent.");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    cumulative += buckets[i];
    out.append(kName).append("_bucket{le=\"").append(kBucketLabels[i]).append("\"} ");
    out.append(std::to_string(cumulative)).append("\n");
  }
  out.append(kName).append("_sum ").append(seconds_text(sum_micros)).append("\n");
  // The count is the +Inf bucket, so the two always agree even while requests are recorded.
  out.append(kName).append("_count ").append(std::to_string(cumulative)).append("\n");
}

void render_value(std::string& out, std::string_view name, std::string_view type, std::string_view help,
                  std::int64_t value) {
  add_header(out, name, type, help);
  out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

}  // namespace

void Metrics::request_finished(std::string_view request_type, int http_status, std::chrono::microseconds duration,
                               std::size_t events_sent) {
  const std::int64_t micros = std::max<std::int64_t>(duration.count(), 0);
  duration_buckets_[bucket_index(micros)].fetch_add(1, kRelaxed);
  duration_sum_micros_.fetch_add(static_cast<std::uint64_t>(micros), kRelaxed);
  events_sent_.fetch_add(events_sent, kRelaxed);
  const std::lock_guard lock(mutex_);
  auto type = requests_.find(request_type);
  if (type == requests_.end())
    type = requests_.emplace(std::string(request_type), std::map<int, std::uint64_t>{}).first;
  ++type->second[http_status];
}

void Metrics::stream_opened() { active_streams_.fetch_add(1, kRelaxed); }
void Metrics::stream_closed() { active_streams_.fetch_sub(1, kRelaxed); }
void Metrics::connection_opened() { open_connections_.fetch_add(1, kRelaxed); }
void Metrics::connection_closed() { open_connections_.fetch_sub(1, kRelaxed); }

void Metrics::store_committed(std::size_t writes) {
  store_commits_.fetch_add(1, kRelaxed);
  store_writes_.fetch_add(writes, kRelaxed);
}

void Metrics::error_reported(std::string_view code) {
  const std::lock_guard lock(mutex_);
  auto entry = errors_.find(code);
  if (entry == errors_.end()) entry = errors_.emplace(std::string(code), 0).first;
  ++entry->second;
}

std::string Metrics::render() const {
  // Copy the labelled counters, so the lock is not held while formatting.
  RequestCounts requests;
  ErrorCounts errors;
  {
    const std::lock_guard lock(mutex_);
    requests = requests_;
    errors = errors_;
  }
  std::array<std::uint64_t, kBucketLabels.size()> buckets{};
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] = duration_buckets_[i].load(kRelaxed);

  std::string out;
  render_requests(out, requests);
  render_histogram(out, buckets, duration_sum_micros_.load(kRelaxed));
  render_value(out, "chatkit_events_sent_total", "counter", "Stream events sent.",
               static_cast<std::int64_t>(events_sent_.load(kRelaxed)));
  render_errors(out, errors);
  render_value(out, "chatkit_store_commits_total", "counter", "Group commits of store writes.",
               static_cast<std::int64_t>(store_commits_.load(kRelaxed)));
  render_value(out, "chatkit_store_writes_total", "counter", "Store writes committed in group commits.",
               static_cast<std::int64_t>(store_writes_.load(kRelaxed)));
  render_value(out, "chatkit_active_streams", "gauge", "SSE streams open now.", active_streams_.load(kRelaxed));
  render_value(out, "chatkit_open_connections", "gauge", "Client connections open now.",
               open_connections_.load(kRelaxed));
  return out;
}

}  // namespace chatkit::server
