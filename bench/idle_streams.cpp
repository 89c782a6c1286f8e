// idle_streams: opens N connections to a chatkit-server, sends threads.create on each and reads
// until the `stream_options` event has arrived. Against a server run with --model bench:1:600000
// the stream then idles (the single delta comes after ten minutes), so once every connection got
// that far the server holds N idle streams. The client prints how many are open, keeps them open
// until SIGTERM/SIGINT or --hold seconds, and reports any the server closed meanwhile.
//
// A benchmark, not a test: it prints figures and always exits 0 unless its arguments are wrong or
// the server is unreachable. bench/idle_streams.sh drives it and samples the server's RSS.
//
// Plain POSIX sockets and epoll: no Asio, so it builds in seconds and costs the client little.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  int connections = 10000;
  int batch = 500;          // connections in flight (not yet idle) at any time
  int timeout_s = 300;      // give up opening after this long
  int hold_s = 0;           // 0 = hold until SIGTERM/SIGINT
};

enum class State { connecting, sending, reading, idle, closed };

struct Conn {
  int fd = -1;
  State state = State::connecting;
  std::size_t sent = 0;
  std::string seen;  // response bytes up to the stream_options event; dropped once idle
  bool status_ok = false;
};

constexpr std::string_view kBody =
    R"({"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"hello"}],)"
    R"("attachments":[],"inference_options":{}}}})";

void usage() {
  std::fprintf(stderr,
               "usage: idle_streams --port PORT [--host 127.0.0.1] [--connections 10000] [--batch 500]\n"
               "                    [--timeout 300] [--hold SECONDS (0 = until SIGTERM)]\n");
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    if (flag == "--host") o.host = value;
    else if (flag == "--port") o.port = std::atoi(value);
    else if (flag == "--connections") o.connections = std::atoi(value);
    else if (flag == "--batch") o.batch = std::atoi(value);
    else if (flag == "--timeout") o.timeout_s = std::atoi(value);
    else if (flag == "--hold") o.hold_s = std::atoi(value);
    else return false;
  }
  return o.port > 0 && o.port < 65536 && o.connections > 0 && o.batch > 0;
}

void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    usage();
    return 2;
  }
  raise_descriptor_limit();
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  std::signal(SIGPIPE, SIG_IGN);

  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(o.port));
  if (inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr) != 1) {
    std::fprintf(stderr, "idle_streams: bad IPv4 host %s\n", o.host.c_str());
    return 2;
  }
  const std::string request = "POST /chatkit HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port) +
                              "\r\nContent-Type: application/json\r\nContent-Length: " +
                              std::to_string(kBody.size()) + "\r\n\r\n" + std::string(kBody);

  const int ep = epoll_create1(0);
  if (ep < 0) {
    std::perror("epoll_create1");
    return 1;
  }
  std::vector<Conn> conns(static_cast<std::size_t>(o.connections));
  int started = 0, in_flight = 0, idle = 0, failed = 0, closed_after_idle = 0;
  std::string first_error;
  const auto note_error = [&](const std::string& what) {
    if (first_error.empty()) first_error = what;
  };
  const auto close_conn = [&](std::size_t i, bool ok_to_fail) {
    Conn& c = conns[i];
    if (c.state == State::closed) return;
    if (c.state == State::idle) {
      --idle;
      ++closed_after_idle;
    } else {
      --in_flight;
      if (!ok_to_fail) ++failed;
    }
    epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    c.fd = -1;
    c.state = State::closed;
    c.seen.clear();
    c.seen.shrink_to_fit();
  };
  const auto open_one = [&]() -> bool {
    const auto i = static_cast<std::size_t>(started);
    Conn& c = conns[i];
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
      note_error(std::string("socket: ") + std::strerror(errno));
      ++started;
      ++failed;
      c.state = State::closed;
      return false;
    }
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++started;
    ++in_flight;
    const int rc = connect(c.fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    if (rc < 0 && errno != EINPROGRESS) {
      note_error(std::string("connect: ") + std::strerror(errno));
      close(c.fd);
      c.fd = -1;
      c.state = State::closed;
      --in_flight;
      ++failed;
      return false;
    }
    epoll_event ev{};
    ev.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    return true;
  };
  const auto on_writable = [&](std::size_t i) {
    Conn& c = conns[i];
    if (c.state == State::connecting) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) {
        note_error(std::string("connect: ") + std::strerror(err));
        close_conn(i, false);
        return;
      }
      c.state = State::sending;
    }
    if (c.state != State::sending) return;
    while (c.sent < request.size()) {
      const ssize_t n = send(c.fd, request.data() + c.sent, request.size() - c.sent, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        note_error(std::string("send: ") + std::strerror(errno));
        close_conn(i, false);
        return;
      }
      c.sent += static_cast<std::size_t>(n);
    }
    c.state = State::reading;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
  };
  const auto on_readable = [&](std::size_t i) {
    Conn& c = conns[i];
    char buf[4096];
    for (;;) {
      const ssize_t n = recv(c.fd, buf, sizeof buf, 0);
      if (n == 0) {
        if (c.state != State::idle) note_error("server closed the connection before stream_options");
        close_conn(i, false);
        return;
      }
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        note_error(std::string("recv: ") + std::strerror(errno));
        close_conn(i, false);
        return;
      }
      if (c.state == State::idle) continue;  // an idle stream that spoke after all: ignore
      c.seen.append(buf, static_cast<std::size_t>(n));
      if (!c.status_ok && c.seen.size() >= 12) {
        if (!c.seen.starts_with("HTTP/1.1 200")) {
          note_error("unexpected response: " + c.seen.substr(0, c.seen.find('\r')));
          close_conn(i, false);
          return;
        }
        c.status_ok = true;
      }
      if (c.status_ok && c.seen.find("\"stream_options\"") != std::string::npos) {
        c.state = State::idle;
        c.seen.clear();
        c.seen.shrink_to_fit();
        --in_flight;
        ++idle;
      }
    }
  };

  const auto start = std::chrono::steady_clock::now();
  std::vector<epoll_event> events(1024);
  const auto pump = [&](int timeout_ms) {
    const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), timeout_ms);
    for (int k = 0; k < n; ++k) {
      const auto i = static_cast<std::size_t>(events[k].data.u64);
      if (conns[i].state == State::closed) continue;
      const auto e = events[k].events;
      if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) on_readable(i);
      if (conns[i].state == State::closed) continue;
      if (e & EPOLLOUT) on_writable(i);
    }
  };

  // Open: at most `batch` connections in flight, so the listen backlog is never overrun.
  int last_report = 0;
  while (!g_stop && (started < o.connections || in_flight > 0)) {
    while (started < o.connections && in_flight < o.batch) open_one();
    pump(100);
    if (idle / 2000 != last_report / 2000) {
      std::fprintf(stderr, "idle_streams: %d idle after %.1f s\n", idle, seconds_since(start));
      last_report = idle;
    }
    if (seconds_since(start) > o.timeout_s) {
      note_error("timed out with " + std::to_string(in_flight) + " connections not yet idle");
      break;
    }
  }
  const double open_s = seconds_since(start);
  std::printf("idle_streams: requested=%d idle=%d failed=%d opened_in_s=%.2f\n", o.connections, idle, failed,
              open_s);
  if (!first_error.empty()) std::printf("idle_streams: first error: %s\n", first_error.c_str());
  std::printf("IDLE_READY %d\n", idle);  // the line bench/idle_streams.sh waits for
  std::fflush(stdout);

  // Hold: keep every stream open; notice any the server closes.
  const auto hold_start = std::chrono::steady_clock::now();
  while (!g_stop && (o.hold_s == 0 || seconds_since(hold_start) < o.hold_s)) pump(200);
  std::printf("idle_streams: held %.1f s; still open=%d, closed by the server while idle=%d\n",
              seconds_since(hold_start), idle, closed_after_idle);
  std::fflush(stdout);
  for (auto& c : conns) {
    if (c.fd >= 0) close(c.fd);
  }
  close(ep);
  return 0;
}
