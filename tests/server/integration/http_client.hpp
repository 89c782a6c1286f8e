#pragma once
// A small blocking HTTP/1.1 client over loopback (POSIX sockets), for the integration tests.
// It sends raw bytes or whole requests, reads complete responses (Content-Length, chunked, or
// until close), and reads an SSE response incrementally so a test can stop mid-stream and close.
// Every read has a timeout, so a misbehaving server fails a test instead of hanging it.
// With CHATKIT_WIRE_TRANSCRIPT=FILE set, every response a connection read (head without Date, body
// de-chunked) is appended to FILE when it closes, under the running test's name: two builds'
// answers can then be compared byte for byte (scripts/wire_transcript.sh).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sse.hpp"

namespace chatkit::testing {

using json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  Headers headers;  // names lower-cased, in arrival order
  std::string body;

  // The first header with this (case-insensitive) name, or "".
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // The body parsed as JSON (a discarded value when it is not JSON).
  json json_body() const;
};

// One connection to 127.0.0.1:port.
class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  ~HttpConnection();
  HttpConnection(HttpConnection&& other) noexcept;
  HttpConnection& operator=(HttpConnection&&) = delete;
  HttpConnection(const HttpConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False when the peer has closed (or reset) the connection.
  bool send_raw(std::string_view bytes);
  // Sends a request with Host, Content-Length (when a body is given) and the extra headers.
  bool send_request(std::string_view method, std::string_view target, std::string_view body = {},
                    const Headers& headers = {});

  // Reads the status line and the headers of the next response; nullopt on EOF/timeout/garbage.
  std::optional<HttpResponse> read_head();
  // The next piece of the body of the response whose head was read (de-chunked): nullopt when
  // the body is over (or the connection ended).
  std::optional<std::string> read_body_piece();
  // Head + whole body.
  std::optional<HttpResponse> read_response();

  // True when the server closes the connection (EOF or reset) within `within`, discarding bytes.
  bool wait_closed(std::chrono::milliseconds within);
  // Abortive close: RST instead of FIN, like a browser tab going away.
  void reset();
  void close();

  // Whether the body of the response whose head was read arrived whole: its length, its last
  // chunk, or (without framing) the close. False when the connection died mid-body.
  bool body_complete() const { return body_complete_; }

  // Whether the last read failed because of the timeout.
  bool timed_out() const { return timed_out_; }

 private:
  std::optional<std::string> next_body_piece();
  // Reads more bytes into buffer_; false on EOF, error or timeout.
  bool fill();
  std::optional<std::string> read_line();

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::string buffer_;
  bool timed_out_ = false;
  // Body framing of the current response.
  enum class Framing { none, length, chunked, until_close } framing_ = Framing::none;
  std::size_t remaining_ = 0;  // length framing: bytes left
  bool body_done_ = true;
  bool body_complete_ = false;
  bool head_request_ = false;  // the last request was HEAD: its response has no body
  std::string received_;       // every byte read, kept only for CHATKIT_WIRE_TRANSCRIPT
};

// An SSE response read event by event.
class SseClient {
 public:
  // Sends POST /chatkit with `body` and reads the response head.
  SseClient(std::uint16_t port, const json& body, const Headers& headers = {});
  // Sends GET `target.path` (a run's events, PROTOCOL §4.7) and reads the response head.
  struct Get {
    std::string path;
  };
  SseClient(std::uint16_t port, const Get& target, const Headers& headers = {});

  const HttpResponse& head() const { return head_; }
  int status() const { return head_.status; }
  // The next event (parsed JSON of one `data:` line), nullopt at the end of the stream.
  std::optional<json> next();
  // Reads every remaining event.
  std::vector<json> rest();
  // The `id:` of the last event next() returned ("" before the first, or when it had none).
  const std::string& last_event_id() const { return last_id_; }
  // Raw bytes of the body read so far (de-chunked).
  const std::string& raw() const { return raw_; }
  // True when the stream ended with a complete last message (no truncated event) and its body
  // ended as its framing says (a server killed between two events is not a clean end).
  bool ended_cleanly() const { return ended_cleanly_; }
  HttpConnection& connection() { return connection_; }

 private:
  HttpConnection connection_;
  HttpResponse head_;
  SseDecoder decoder_;
  std::vector<json> queued_;
  std::vector<std::string> queued_ids_;
  std::string last_id_;
  std::size_t next_ = 0;
  std::string raw_;
  bool ended_ = false;
  bool ended_cleanly_ = false;
};

// One request on a fresh connection, the whole response (status 0 when none arrived).
HttpResponse http_request(std::uint16_t port, std::string_view method, std::string_view target,
                          std::string_view body = {}, const Headers& headers = {});
// POST /chatkit with a JSON body (for JSON requests and for error answers of streaming ones).
HttpResponse post_chatkit(std::uint16_t port, const json& body, const Headers& headers = {});
HttpResponse post_chatkit_raw(std::uint16_t port, std::string_view body, const Headers& headers = {});

// A whole streamed answer: the head, and every event in order.
struct StreamResult {
  int status = 0;
  HttpResponse head;
  std::vector<json> events;
  std::string raw;
  bool ended_cleanly = false;

  std::vector<std::string> types() const;
  // Index of the first event of this type, or -1.
  int index_of(std::string_view type) const;
};
StreamResult stream_chatkit(std::uint16_t port, const json& body, const Headers& headers = {});

// Authorization: Bearer <token>.
Headers bearer(std::string_view token);

}  // namespace chatkit::testing
