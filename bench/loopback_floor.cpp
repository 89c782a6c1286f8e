// loopback_floor: what N concurrent answers cost this machine with no server at all. N TCP
// connections over loopback in one process: one thread writes a small SSE-sized frame (default
// 120 bytes) to every connection every 20 ms, as a server sending bench:200:20's deltas would (one
// write per event: deltas 20 ms apart never share one), another reads them with epoll as
// bench/stream_gaps does. No HTTP, no JSON, no store: only the kernel's share and a minimal loop.
// Prints, per N: events a second, the CPU per event of the writer and the reader (user + system,
// per thread), the cores that takes, and the p99 gap between a connection's frames as read. The
// floor under bench/streams_bench.sh's figures (docs/BENCHMARKS.md): a server on these two cores
// can never cost less per event than the writer here, and shares them with the client.
//
//   loopback_floor [--streams "1000 2000 5000"] [--seconds 4] [--bytes 120] [--interval-ms 20]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::vector<int> steps = {1000, 2000, 5000};
  int seconds = 4;
  int bytes = 120;
  int interval_ms = 20;
};

double thread_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// N connected pairs over 127.0.0.1: first the writing ends, then the reading ends.
bool connect_pairs(int n, std::vector<int>& writers, std::vector<int>& readers) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener, 4096) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("listen");
    return false;
  }
  for (int i = 0; i < n; ++i) {
    const int client = socket(AF_INET, SOCK_STREAM, 0);
    if (client < 0 || connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      std::perror("connect");
      return false;
    }
    const int accepted = accept(listener, nullptr, nullptr);
    if (accepted < 0) {
      std::perror("accept");
      return false;
    }
    const int one = 1;
    setsockopt(accepted, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // as a server streaming SSE does
    writers.push_back(accepted);
    readers.push_back(client);
  }
  close(listener);
  return true;
}

struct Step {
  long events = 0;
  double writer_cpu = 0;
  double reader_cpu = 0;
  double p99_gap_ms = 0;
  double seconds = 0;  // measured: from the first write until the reader stopped
};

Step run_step(int n, const Options& options) {
  std::vector<int> writers;
  std::vector<int> readers;
  Step step;
  if (!connect_pairs(n, writers, readers)) std::exit(1);
  const std::string frame = "id: run_0123456789abcdef:42\ndata: " + std::string(static_cast<std::size_t>(options.bytes), 'x') + "\n\n";
  std::atomic<bool> writing{true};
  const auto interval = std::chrono::milliseconds(options.interval_ms);
  const auto end = Clock::now() + std::chrono::seconds(options.seconds);

  std::thread reader([&] {
    const double cpu0 = thread_cpu_seconds();
    const int poll = epoll_create1(0);
    for (int i = 0; i < n; ++i) {
      epoll_event event{};
      event.events = EPOLLIN;
      event.data.u32 = static_cast<std::uint32_t>(i);
      epoll_ctl(poll, EPOLL_CTL_ADD, readers[static_cast<std::size_t>(i)], &event);
    }
    std::vector<Clock::time_point> last(static_cast<std::size_t>(n));
    std::vector<double> gaps;
    gaps.reserve(static_cast<std::size_t>(n) * 300);
    std::vector<epoll_event> ready(1024);
    char buffer[65536];
    while (writing.load(std::memory_order_relaxed)) {
      const int count = epoll_wait(poll, ready.data(), static_cast<int>(ready.size()), 50);
      const auto now = Clock::now();
      for (int e = 0; e < count; ++e) {
        const auto i = ready[static_cast<std::size_t>(e)].data.u32;
        if (read(readers[i], buffer, sizeof buffer) <= 0) continue;
        if (last[i] != Clock::time_point{}) gaps.push_back(std::chrono::duration<double, std::milli>(now - last[i]).count());
        last[i] = now;
      }
    }
    step.reader_cpu = thread_cpu_seconds() - cpu0;
    std::sort(gaps.begin(), gaps.end());
    if (!gaps.empty()) step.p99_gap_ms = gaps[gaps.size() * 99 / 100];
    close(poll);
  });

  // The writer: each connection is due every interval, spread evenly over it (as streams that
  // started at different moments are); every millisecond it writes the frames that are due.
  const double cpu0 = thread_cpu_seconds();
  std::vector<Clock::time_point> due(static_cast<std::size_t>(n));
  const auto start = Clock::now();
  for (int i = 0; i < n; ++i) due[static_cast<std::size_t>(i)] = start + interval * i / n;
  // Connections fall due in index order, round and round: a cursor finds the next without a scan.
  std::size_t cursor = 0;
  while (Clock::now() < end) {
    const auto now = Clock::now();
    while (due[cursor] <= now) {
      if (write(writers[cursor], frame.data(), frame.size()) > 0) ++step.events;
      due[cursor] += interval;
      cursor = (cursor + 1) % due.size();
    }
    std::this_thread::sleep_until(now + std::chrono::milliseconds(1));
  }
  step.writer_cpu = thread_cpu_seconds() - cpu0;
  writing = false;
  reader.join();
  step.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (int fd : writers) close(fd);
  for (int fd : readers) close(fd);
  return step;
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    if (name == "--streams") {
      options.steps.clear();
      std::istringstream list(argv[i + 1]);
      for (int n = 0; list >> n;) options.steps.push_back(n);
    } else if (name == "--seconds") {
      options.seconds = std::atoi(argv[i + 1]);
    } else if (name == "--bytes") {
      options.bytes = std::atoi(argv[i + 1]);
    } else if (name == "--interval-ms") {
      options.interval_ms = std::atoi(argv[i + 1]);
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  std::printf("| streams | events/s | writer µs/event | reader µs/event | cores (writer + reader) | p99 gap ms |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|\n");
  for (int n : options.steps) {
    const Step step = run_step(n, options);
    const double rate = static_cast<double>(step.events) / step.seconds;
    const double writer_us = step.writer_cpu * 1e6 / static_cast<double>(std::max(1L, step.events));
    const double reader_us = step.reader_cpu * 1e6 / static_cast<double>(std::max(1L, step.events));
    std::printf("| %d | %.0f | %.2f | %.2f | %.2f | %.1f |\n", n, rate, writer_us, reader_us,
                (step.writer_cpu + step.reader_cpu) / step.seconds, step.p99_gap_ms);
    std::fflush(stdout);
  }
  return 0;
}
