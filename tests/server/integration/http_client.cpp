#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>

#include <gtest/gtest.h>

namespace chatkit::testing {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

const char* transcript_path() {
  static const char* path = std::getenv("CHATKIT_WIRE_TRANSCRIPT");
  return path && *path ? path : nullptr;
}

// Appends what one connection received, under the running test's name.
void append_to_transcript(const std::string& received) {
  static std::mutex mutex;
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string name = test ? std::string(test->test_suite_name()) + "." + test->name() : "(no test)";
  std::lock_guard lock(mutex);
  std::ofstream out(transcript_path(), std::ios::app | std::ios::binary);
  out << "=== " << name << " (" << received.size() << " bytes)\n" << received << "\n";
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  const auto wanted = lower(name);
  for (const auto& [key, value] : headers) {
    if (key == wanted) return value;
  }
  return {};
}

bool HttpResponse::has_header(std::string_view name) const {
  const auto wanted = lower(name);
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return h.first == wanted; });
}

json HttpResponse::json_body() const { return json::parse(body, nullptr, /*allow_exceptions=*/false); }

HttpConnection::HttpConnection(std::uint16_t port, std::chrono::milliseconds timeout) : port_(port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

HttpConnection::~HttpConnection() { close(); }

HttpConnection::HttpConnection(HttpConnection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      port_(other.port_),
      buffer_(std::move(other.buffer_)),
      timed_out_(other.timed_out_),
      framing_(other.framing_),
      remaining_(other.remaining_),
      body_done_(other.body_done_),
      head_request_(other.head_request_),
      received_(std::move(other.received_)) {
  other.received_.clear();
}

void HttpConnection::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (transcript_path() && !received_.empty()) append_to_transcript(received_);
  received_.clear();
}

void HttpConnection::reset() {
  if (fd_ < 0) return;
  linger hard{.l_onoff = 1, .l_linger = 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  close();
}

bool HttpConnection::send_raw(std::string_view bytes) {
  while (!bytes.empty()) {
    if (fd_ < 0) return false;
    const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool HttpConnection::send_request(std::string_view method, std::string_view target, std::string_view body,
                                  const Headers& headers) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  bool has_host = false;
  for (const auto& [name, value] : headers) has_host = has_host || lower(name) == "host";
  if (!has_host) out += "Host: 127.0.0.1:" + std::to_string(port_) + "\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST") out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "\r\n";
  out.append(body);
  head_request_ = method == "HEAD";
  return send_raw(out);
}

bool HttpConnection::fill() {
  if (fd_ < 0) return false;
  char chunk[16384];
  for (;;) {
    const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    timed_out_ = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    return false;
  }
}

std::optional<std::string> HttpConnection::read_line() {
  for (;;) {
    const auto end = buffer_.find("\r\n");
    if (end != std::string::npos) {
      std::string line = buffer_.substr(0, end);
      buffer_.erase(0, end + 2);
      return line;
    }
    if (!fill()) return std::nullopt;
  }
}

std::optional<HttpResponse> HttpConnection::read_head() {
  auto status_line = read_line();
  if (!status_line || !status_line->starts_with("HTTP/1.")) return std::nullopt;
  HttpResponse response;
  const auto space = status_line->find(' ');
  if (space == std::string::npos) return std::nullopt;
  response.status = std::atoi(status_line->c_str() + space + 1);
  for (;;) {
    auto line = read_line();
    if (!line) return std::nullopt;
    if (line->empty()) break;
    const auto colon = line->find(':');
    if (colon == std::string::npos) return std::nullopt;
    response.headers.emplace_back(lower(trim(line->substr(0, colon))), trim(line->substr(colon + 1)));
  }
  if (transcript_path()) {  // the head as the client sees it; the Date header is the one that varies
    received_ += *status_line + "\n";
    for (const auto& [name, value] : response.headers) {
      if (name != "date") received_ += name + ": " + value + "\n";
    }
    received_ += "\n";
  }
  body_done_ = body_complete_ = false;
  if (head_request_ || response.status == 204 || response.status == 304 || response.status / 100 == 1) {
    framing_ = Framing::none;
    body_done_ = body_complete_ = true;
  } else if (lower(response.header("transfer-encoding")).find("chunked") != std::string::npos) {
    framing_ = Framing::chunked;
  } else if (response.has_header("content-length")) {
    framing_ = Framing::length;
    remaining_ = std::stoull(response.header("content-length"));
    if (remaining_ == 0) body_done_ = body_complete_ = true;
  } else {
    framing_ = Framing::until_close;
  }
  return response;
}

std::optional<std::string> HttpConnection::read_body_piece() {
  auto piece = next_body_piece();
  if (piece && transcript_path()) received_ += *piece;  // de-chunked: chunk sizes follow timing
  return piece;
}

std::optional<std::string> HttpConnection::next_body_piece() {
  if (body_done_) return std::nullopt;
  switch (framing_) {
    case Framing::none: body_done_ = true; return std::nullopt;
    case Framing::length: {
      if (buffer_.empty() && !fill()) {
        body_done_ = true;
        return std::nullopt;
      }
      const auto n = std::min(remaining_, buffer_.size());
      std::string piece = buffer_.substr(0, n);
      buffer_.erase(0, n);
      remaining_ -= n;
      if (remaining_ == 0) body_done_ = body_complete_ = true;
      return piece;
    }
    case Framing::until_close: {
      if (buffer_.empty() && !fill()) {
        body_done_ = body_complete_ = true;
        return std::nullopt;
      }
      return std::exchange(buffer_, {});
    }
    case Framing::chunked: {
      auto size_line = read_line();
      if (!size_line) {
        body_done_ = true;
        return std::nullopt;
      }
      const auto size = std::stoull(size_line->substr(0, size_line->find(';')), nullptr, 16);
      if (size == 0) {
        for (;;) {  // trailers, then the blank line
          auto trailer = read_line();
          if (!trailer || trailer->empty()) break;
        }
        body_done_ = body_complete_ = true;
        return std::nullopt;
      }
      while (buffer_.size() < size + 2) {
        if (!fill()) {
          body_done_ = true;
          return std::nullopt;
        }
      }
      std::string piece = buffer_.substr(0, size);
      buffer_.erase(0, size + 2);
      return piece;
    }
  }
  return std::nullopt;
}

std::optional<HttpResponse> HttpConnection::read_response() {
  auto response = read_head();
  if (!response) return std::nullopt;
  while (auto piece = read_body_piece()) response->body += *piece;
  return response;
}

bool HttpConnection::wait_closed(std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  buffer_.clear();
  while (fd_ >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    char chunk[4096];
    const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n == 0) return true;
    if (n < 0 && errno != EINTR && errno != EAGAIN) return true;  // reset
    if (n > 0) buffer_.append(chunk, static_cast<std::size_t>(n));
  }
  return true;
}

SseClient::SseClient(std::uint16_t port, const json& body, const Headers& headers) : connection_(port) {
  Headers all = headers;
  all.emplace_back("Content-Type", "application/json");
  if (!connection_.send_request("POST", "/chatkit", body.dump(), all)) return;
  if (auto head = connection_.read_head()) head_ = std::move(*head);
}

SseClient::SseClient(std::uint16_t port, const Get& target, const Headers& headers) : connection_(port) {
  if (!connection_.send_request("GET", target.path, {}, headers)) return;
  if (auto head = connection_.read_head()) head_ = std::move(*head);
}

std::optional<json> SseClient::next() {
  while (next_ >= queued_.size()) {
    if (ended_) return std::nullopt;
    auto piece = connection_.read_body_piece();
    if (!piece) {
      ended_ = true;
      ended_cleanly_ = decoder_.finish().ok() && connection_.body_complete();
      return std::nullopt;
    }
    raw_ += *piece;
    auto messages = decoder_.feed(*piece);
    if (!messages) {
      ended_ = true;
      return std::nullopt;
    }
    for (auto& message : *messages) {
      queued_.push_back(json::parse(message.data, nullptr, /*allow_exceptions=*/false));
      queued_ids_.push_back(message.id);
    }
  }
  last_id_ = queued_ids_[next_];
  return queued_[next_++];
}

std::vector<json> SseClient::rest() {
  std::vector<json> events;
  while (auto event = next()) events.push_back(std::move(*event));
  return events;
}

HttpResponse http_request(std::uint16_t port, std::string_view method, std::string_view target,
                          std::string_view body, const Headers& headers) {
  HttpConnection connection(port);
  Headers all = headers;
  all.emplace_back("Connection", "close");
  if (!connection.send_request(method, target, body, all)) return {};
  return connection.read_response().value_or(HttpResponse{});
}

HttpResponse post_chatkit_raw(std::uint16_t port, std::string_view body, const Headers& headers) {
  Headers all = headers;
  all.emplace_back("Content-Type", "application/json");
  return http_request(port, "POST", "/chatkit", body, all);
}

HttpResponse post_chatkit(std::uint16_t port, const json& body, const Headers& headers) {
  return post_chatkit_raw(port, body.dump(), headers);
}

std::vector<std::string> StreamResult::types() const {
  std::vector<std::string> out;
  for (const auto& event : events) out.push_back(event.value("type", std::string("<no type>")));
  return out;
}

int StreamResult::index_of(std::string_view type) const {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].value("type", std::string()) == type) return static_cast<int>(i);
  }
  return -1;
}

StreamResult stream_chatkit(std::uint16_t port, const json& body, const Headers& headers) {
  SseClient client(port, body, headers);
  StreamResult result;
  result.status = client.status();
  result.head = client.head();
  if (client.status() == 200 && client.head().header("content-type") == "text/event-stream") {
    result.events = client.rest();
    result.ended_cleanly = client.ended_cleanly();
  } else {
    while (auto piece = client.connection().read_body_piece()) result.head.body += *piece;
  }
  result.raw = client.raw();
  return result;
}

Headers bearer(std::string_view token) { return {{"Authorization", "Bearer " + std::string(token)}}; }

}  // namespace chatkit::testing
