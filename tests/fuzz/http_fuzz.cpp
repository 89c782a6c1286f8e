// Fuzzes the HTTP edge: bytes as one connection's input, cut into reads of fuzzer-chosen sizes
// (TCP delivers them at arbitrary boundaries), fed to RequestReader exactly as the session's
// read_request does (header_ready → Host check → continue_body; keep-alive with the leftover
// bytes carried to the next request), and every complete request answered by answer_request
// against real server parts (SQLite store, chat use case, bench model, static files, CORS).
//
// Input: byte 0 shapes the reads (low 4 bits: the largest read is 2^n bytes, at most the
// session's 16 KiB; bit 6: the client closes its side after the last byte), byte 1 seeds the read
// sizes, the rest is what the client sends. Seeds start with "N0": 16 KiB reads, then the close.
//
// Invariants (a failure traps): a refused request gets a 4xx (and, as in the session, what follows
// it is never read); every reply head is well formed (no CR or LF inside a header: no response
// splitting); every JSON body parses, and an error's carries error.code; every error status is
// named in the exchange (for the log and metrics); buffered bytes stay within the header limit
// between reads; every stream slot is given back.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <variant>

#include "server/chatkit/chatkit_server.hpp"
#include "server/http/edge.hpp"
#include "server/http/request_reader.hpp"
#include "server/models/catalog/model_spec.hpp"
#include "server/store/sqlite_store.hpp"
#include "use_cases/chat/chat_use_case.hpp"

namespace {

using namespace chatkit;
using namespace chatkit::server;
namespace fs = std::filesystem;

constexpr std::size_t kHeaderLimit = 4 * 1024;
constexpr std::size_t kBodyLimit = 64 * 1024;
constexpr std::size_t kLargestRead = 16 * 1024;  // the session's read size
constexpr std::string_view kThreadId = "thr_fuzz";

void check(bool holds) {
  if (!holds) __builtin_trap();
}

template <class T>
T must(Result<T> result) {
  check(result.ok());
  return std::move(result).value();
}

// The fuzzed client's reads: the input cut into pieces of pseudo-random sizes.
class Reads {
 public:
  explicit Reads(std::string_view input) {
    if (input.size() < 2) return;
    const auto shape = static_cast<std::uint8_t>(input[0]);
    largest_ = std::min<std::size_t>(std::size_t{1} << (shape & 0x0F), kLargestRead);
    closes_ = (shape & 0x40) != 0;
    state_ = static_cast<std::uint8_t>(input[1]) * 2654435761u + 1;
    rest_ = input.substr(2);
  }

  bool done() const { return rest_.empty(); }
  bool closes() const { return closes_; }
  std::size_t largest() const { return largest_; }

  std::string_view next() {
    state_ = state_ * 1103515245u + 12345u;  // any cheap sequence does: the fuzzer steers the seed
    const std::size_t size = std::min<std::size_t>(1 + (state_ >> 8) % largest_, rest_.size());
    const auto piece = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return piece;
  }

 private:
  std::string_view rest_;
  std::size_t largest_ = 1;
  bool closes_ = false;
  std::uint32_t state_ = 0;
};

// The server's parts, built once: reused by every input, as a server's are by every connection.
class Edge {
 public:
  Edge()
      : dir_(fs::temp_directory_path() / ("chatkit_http_fuzz_" + std::to_string(::getpid()))),
        store_(open_store(dir_)),
        model_(must(make_model("bench:1:0"))),
        chatkit_(*store_, use_case_, *model_),
        static_files_(make_web(dir_)),
        cors_(must(CorsPolicy::parse("https://app.example"))),
        logger_(LogLevel::off),
        parts_{.chatkit = chatkit_, .static_files = static_files_, .cors = cors_, .auth = auth_,
               .metrics = metrics_, .logger = logger_,
               .limits = {.max_body_bytes = kBodyLimit, .max_header_bytes = kHeaderLimit}} {}
  ~Edge() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  Edge(const Edge&) = delete;
  Edge& operator=(const Edge&) = delete;

  ServerParts& parts() { return parts_; }

  // One thread with one message, so that requests naming it reach the handlers; put back when
  // an input deleted it, so that every input starts from the same store.
  void restore_thread() {
    if (store_->load_thread(std::string(kThreadId), context()).ok()) return;
    ThreadMetadata thread;
    thread.id = kThreadId;
    check(store_->save_thread(thread, context()).ok());
    UserMessageItem message;
    message.id = "msg_fuzz";
    message.thread_id = kThreadId;
    message.content.push_back(InputTextContent{.text = "hello"});
    check(store_->add_thread_item(thread.id, ThreadItem{std::move(message)}, context()).ok());
  }

 private:
  static RequestContext context() { return {.user_id = std::string(LocalUserAuthenticator::kUserId), .locale = {}}; }

  static std::unique_ptr<SqliteStore> open_store(const fs::path& dir) {
    fs::create_directories(dir);
    return must(SqliteStore::open((dir / "fuzz.db").string()));
  }

  static fs::path make_web(const fs::path& dir) {
    const auto web = dir / "web";
    fs::create_directories(web);
    std::ofstream(web / "index.html") << "<!doctype html><title>fuzz</title>";
    std::ofstream(web / "app.js") << "console.log('fuzz');";
    return web;
  }

  fs::path dir_;
  std::unique_ptr<SqliteStore> store_;
  use_cases::ChatUseCase use_case_;
  std::unique_ptr<Model> model_;
  ChatKitServer chatkit_;
  StaticFiles static_files_;
  CorsPolicy cors_;
  LocalUserAuthenticator auth_;
  Metrics metrics_;
  Logger logger_;
  ServerParts parts_;
};

Edge& edge() {
  static Edge instance;
  return instance;
}

// No bare CR or LF anywhere but at line ends, and one blank line, at the end.
void check_head(const std::string& head) {
  check(head.starts_with("HTTP/1."));
  check(head.ends_with("\r\n\r\n"));
  check(head.find("\r\n\r\n") == head.size() - 4);
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\r') check(i + 1 < head.size() && head[i + 1] == '\n');
    if (head[i] == '\n') check(i > 0 && head[i - 1] == '\r');
  }
}

void check_json_body(const Reply& reply) {
  if (reply.content_type != "application/json" || !reply.body) return;
  const json body = json::parse(*reply.body, nullptr, /*allow_exceptions=*/false);
  check(!body.is_discarded());
  if (reply.status < 400) return;
  check(body.contains("error") && body["error"].is_object() && body["error"].contains("code") &&
        body["error"]["code"].is_string());
}

void check_reply(const Reply& reply, const HttpRequest& request, const Exchange& exchange) {
  check(reply.status >= 100 && reply.status <= 599);
  if (reply.status >= 400) check(!exchange.error_code.empty());
  if (request.method() == http::verb::head) check(reply.head_only);
  check_json_body(reply);
  check_head(format_head(reply, exchange.keep_alive && request.keep_alive(), request.version()));
}

// What the session answers a refused request with, before it closes.
void answer_refusal(const RequestReader& reader) {
  const auto& info = error_info(reader.error().code);
  check(info.http_status >= 400 && info.http_status <= 499);
  const Reply reply = error_reply(reader.error());
  check_json_body(reply);
  check_head(format_head(reply, false, 11));
}

enum class ReadOutcome { request, refused, gone };

// session.cpp's read_request, with the fuzzer's reads for the socket's.
ReadOutcome read_request(Reads& reads, std::string& pending, RequestReader& reader, ServerParts& parts) {
  for (;;) {
    check(pending.size() <= kHeaderLimit + reads.largest());
    pending.erase(0, reader.feed(pending));
    switch (reader.state()) {
      case RequestReader::State::complete: return ReadOutcome::request;
      case RequestReader::State::failed: return ReadOutcome::refused;
      case RequestReader::State::header_ready: {
        const bool named = reader.request().count(http::field::host) > 0;
        if (auto refusal = named ? parts.hosts.check(reader.request()[http::field::host]) : std::nullopt) {
          reader.refuse(std::move(*refusal));
          return ReadOutcome::refused;
        }
        reader.continue_body();  // (the session would write "100 Continue" here: nothing to check)
        continue;
      }
      case RequestReader::State::reading_header:
      case RequestReader::State::reading_body: break;
    }
    check(pending.size() <= kHeaderLimit);  // what waits for more bytes is bounded
    check(reader.request().body().size() <= kBodyLimit);
    if (reads.done()) {
      if (!reads.closes() || !reader.started()) return ReadOutcome::gone;
      reader.feed_eof();
      if (reader.state() == RequestReader::State::complete) return ReadOutcome::request;
      return reader.state() == RequestReader::State::failed ? ReadOutcome::refused : ReadOutcome::gone;
    }
    pending.append(reads.next());
  }
}

// Answers one complete request; false when the connection closes after it.
bool answer(const HttpRequest& request, ServerParts& parts) {
  Exchange exchange;
  auto answered = answer_request(request, parts, exchange);
  if (std::holds_alternative<StreamStart>(answered)) {
    // Running it needs a socket; dropping it gives back its slot and its thread's claim.
    return request.keep_alive() && request.version() != 10;
  }
  // A preview's bytes and a transcription are written or awaited by the session.
  if (!std::holds_alternative<Reply>(answered)) return request.keep_alive();
  const auto& reply = std::get<Reply>(answered);
  check_reply(reply, request, exchange);
  return request.keep_alive();
}

// session.cpp's run_session loop: one request after another while the connection stays open.
void serve_connection(Reads& reads, ServerParts& parts) {
  std::string pending;
  for (;;) {
    if (pending.empty()) {
      if (reads.done()) return;
      pending.append(reads.next());
    }
    RequestReader reader({.max_header_bytes = kHeaderLimit, .max_body_bytes = kBodyLimit});
    switch (read_request(reads, pending, reader, parts)) {
      case ReadOutcome::gone: return;
      case ReadOutcome::refused: answer_refusal(reader); return;  // nothing after it is read
      case ReadOutcome::request:
        if (!answer(reader.request(), parts)) return;
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& server = edge();
  server.restore_thread();
  Reads reads(std::string_view(reinterpret_cast<const char*>(data), size));
  serve_connection(reads, server.parts());
  check(server.parts().active_streams.load() == 0);  // every dropped stream gave its slot back
  return 0;
}
