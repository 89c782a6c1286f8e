#include "server/common/clock.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>

namespace chatkit::server {

Timestamp monotonic_now() {
  static std::atomic<std::int64_t> last{0};
  const auto wall = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  std::int64_t previous = last.load(std::memory_order_relaxed);
  std::int64_t next = 0;
  do {
    next = wall > previous ? wall : previous + 1;
  } while (!last.compare_exchange_weak(previous, next, std::memory_order_relaxed));
  return Timestamp{next};
}

namespace {

std::uint64_t random_bits() {
  // One generator per thread, seeded from the OS: no lock on the hot path.
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  return generator();
}

}  // namespace

std::int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string random_id(IdKind kind) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return make_ordered_id(kind, static_cast<std::uint64_t>(millis), random_bits());
}

std::string random_wide_id(IdKind kind) { return make_wide_id(kind, random_bits()); }

}  // namespace chatkit::server
