// stream_gaps: opens N streams at once against a ChatKit server (POST /chatkit threads.create, one
// per connection) and reads each to its last text delta, noting when every delta arrives. Prints
// one line of figures: streams completed and failed, deltas, the gaps between consecutive deltas
// of one stream as the client sees them (p50, p99, max), which is what a reader notices when a
// server falls behind, and the most streams that were answering at the same moment (a server that
// accepts slowly serves its streams one after the other, not at once, and its gaps look fine). bench/streams_bench.sh drives it against chatkit-server and the Node
// SDK alike; the server's side (CPU, RSS) is sampled by the script.
//
// A benchmark, not a test: it prints figures and judges nothing. Plain POSIX sockets and epoll, so
// the client costs little next to the servers it measures.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int port = 0;
  int streams = 250;
  int deltas = 200;
  int batch = 256;       // connections opened but not yet answering, at most
  int timeout_s = 300;
};

constexpr std::string_view kBody =
    R"({"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"hello"}],)"
    R"("attachments":[],"inference_options":{}}}})";
constexpr std::string_view kNeedle = "content_part.text_delta";

struct Stream {
  int fd = -1;
  std::string request;
  std::size_t sent = 0;
  bool answering = false;  // the first byte arrived
  int deltas = 0;
  Clock::time_point last_delta{};
  std::string tail;        // the end of the previous read, so a needle split across reads is found
  bool done = false;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view name = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (name == "--port") options.port = value;
    else if (name == "--streams") options.streams = value;
    else if (name == "--deltas") options.deltas = value;
    else if (name == "--batch") options.batch = value;
    else if (name == "--timeout") options.timeout_s = value;
  }
  if (options.port <= 0 || options.streams <= 0) {
    std::fprintf(stderr, "usage: stream_gaps --port PORT --streams N [--deltas 200] [--batch 256] [--timeout 300]\n");
    std::exit(2);
  }
  return options;
}

void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int open_connection(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 && errno != EINPROGRESS) {
    ::close(fd);
    return -1;
  }
  return fd;
}

double percentile(std::vector<float>& values, double p) {
  if (values.empty()) return 0;
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(at), values.end());
  return values[at];
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  raise_descriptor_limit();
  const std::string request = "POST /chatkit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                              "Connection: close\r\nContent-Length: " + std::to_string(kBody.size()) + "\r\n\r\n" +
                              std::string(kBody);
  std::vector<Stream> streams(static_cast<std::size_t>(options.streams));
  std::vector<float> gaps;
  gaps.reserve(static_cast<std::size_t>(options.streams) * static_cast<std::size_t>(options.deltas));
  const int epoll = ::epoll_create1(0);
  int opened = 0, waiting = 0, finished = 0, failed = 0, answering = 0, peak = 0;
  long total_deltas = 0;
  const auto start = Clock::now();
  Clock::time_point all_open{};
  std::vector<char> buffer(64 * 1024);
  std::vector<epoll_event> events(1024);

  auto fail = [&](Stream& s) {
    if (!s.answering) --waiting;
    else --answering;
    ::epoll_ctl(epoll, EPOLL_CTL_DEL, s.fd, nullptr);
    ::close(s.fd);
    s.done = true;
    ++failed;
    ++finished;
  };
  while (finished < options.streams) {
    while (opened < options.streams && waiting < options.batch) {
      Stream& s = streams[static_cast<std::size_t>(opened)];
      s.fd = open_connection(options.port);
      ++opened;
      if (s.fd < 0) {
        s.done = true;
        ++failed;
        ++finished;
        continue;
      }
      ++waiting;
      epoll_event event{.events = EPOLLIN | EPOLLOUT, .data = {.u32 = static_cast<std::uint32_t>(opened - 1)}};
      ::epoll_ctl(epoll, EPOLL_CTL_ADD, s.fd, &event);
      if (opened == options.streams) all_open = Clock::now();
    }
    if (Clock::now() - start > std::chrono::seconds(options.timeout_s)) break;
    const int n = ::epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 100);
    const auto now = Clock::now();
    for (int i = 0; i < n; ++i) {
      Stream& s = streams[events[static_cast<std::size_t>(i)].data.u32];
      if (s.done) continue;
      if ((events[static_cast<std::size_t>(i)].events & EPOLLOUT) && s.sent < request.size()) {
        const auto w = ::send(s.fd, request.data() + s.sent, request.size() - s.sent, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN) {
          fail(s);
          continue;
        }
        if (w > 0) s.sent += static_cast<std::size_t>(w);
        if (s.sent == request.size()) {
          epoll_event event{.events = EPOLLIN, .data = events[static_cast<std::size_t>(i)].data};
          ::epoll_ctl(epoll, EPOLL_CTL_MOD, s.fd, &event);
        }
      }
      if (!(events[static_cast<std::size_t>(i)].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      const auto r = ::recv(s.fd, buffer.data(), buffer.size(), 0);
      if (r < 0 && errno == EAGAIN) continue;
      if (r <= 0) {
        fail(s);  // closed before the last delta
        continue;
      }
      if (!s.answering) {
        s.answering = true;
        --waiting;
        peak = std::max(peak, ++answering);
      }
      std::string text = s.tail;
      text.append(buffer.data(), static_cast<std::size_t>(r));
      for (auto at = text.find(kNeedle); at != std::string::npos; at = text.find(kNeedle, at + kNeedle.size())) {
        if (s.deltas > 0) gaps.push_back(std::chrono::duration<float, std::milli>(now - s.last_delta).count());
        s.last_delta = now;
        ++s.deltas;
        ++total_deltas;
      }
      s.tail = text.substr(text.size() > kNeedle.size() ? text.size() - kNeedle.size() + 1 : 0);
      if (s.deltas >= options.deltas) {
        --answering;
        ::epoll_ctl(epoll, EPOLL_CTL_DEL, s.fd, nullptr);
        ::close(s.fd);
        s.done = true;
        ++finished;
      }
    }
  }
  const double total_s = std::chrono::duration<double>(Clock::now() - start).count();
  const double open_s = all_open == Clock::time_point{} ? total_s : std::chrono::duration<double>(all_open - start).count();
  const int completed = finished - failed;
  const double p50 = percentile(gaps, 0.50), p99 = percentile(gaps, 0.99), max = percentile(gaps, 1.0);
  std::printf("streams %d completed %d failed %d unfinished %d deltas %ld gap_p50_ms %.1f gap_p99_ms %.1f "
              "gap_max_ms %.1f open_s %.2f total_s %.2f peak_concurrent %d\n",
              options.streams, completed, failed, options.streams - finished, total_deltas, p50, p99, max, open_s,
              total_s, peak);
  return 0;
}
