// The request reader without sockets: every limit applies however the bytes are split.
#include "server/http/request_reader.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace chatkit::server {
namespace {

using State = RequestReader::State;

// Feeds `bytes` in pieces of `piece` bytes, as a socket would deliver them, continuing past the
// header; the reader's final state.
std::unique_ptr<RequestReader> read_all(std::string_view bytes, std::size_t piece, ReadLimits limits = {}) {
  auto owned = std::make_unique<RequestReader>(limits);
  RequestReader& reader = *owned;
  std::string pending;
  for (std::size_t at = 0; at < bytes.size() && reader.state() != State::failed && reader.state() != State::complete;) {
    pending += bytes.substr(at, piece);
    at += piece;
    for (;;) {
      pending.erase(0, reader.feed(pending));
      if (reader.state() != State::header_ready) break;
      reader.continue_body();
    }
  }
  return owned;
}

const std::string kHead = "POST /chatkit HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n";

TEST(RequestReaderTest, ReadsAChunkedRequestInAnySplit) {
  const std::string request = kHead + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n";
  for (std::size_t piece : {1u, 3u, 7u, 1000u}) {
    auto reader = read_all(request, piece);
    ASSERT_EQ(reader->state(), State::complete) << piece;
    EXPECT_EQ(reader->request().body(), "hello world");
  }
}

TEST(RequestReaderTest, AHugeTrailerFieldIs431NotAnAbort) {
  // A single field over Beast's 64 KiB made it throw std::length_error out of the parser.
  const std::string request = kHead + "0\r\nX: " + std::string(70'000, 'a') + "\r\n\r\n";
  for (std::size_t piece : {1000u, 65536u, 200'000u}) {
    for (std::size_t limit : {1024u, 16384u, 65535u}) {
      auto reader = read_all(request, piece, {.max_header_bytes = limit});
      ASSERT_EQ(reader->state(), State::failed) << piece << " " << limit;
      EXPECT_EQ(reader->error().code, ErrorCode::headers_too_large) << reader->error().message;
    }
  }
}

TEST(RequestReaderTest, TrailersCountAgainstTheHeaderLimit) {
  // 40 fields of 1000 bytes: each small, together far over 16 KiB.
  std::string trailer;
  for (int i = 0; i < 40; ++i) trailer += "X-" + std::to_string(i) + ": " + std::string(1000, 'b') + "\r\n";
  const std::string request = kHead + "1\r\na\r\n0\r\n" + trailer + "\r\n";
  for (std::size_t piece : {100u, 4096u, 100'000u}) {
    auto reader = read_all(request, piece, {.max_header_bytes = 16384});
    ASSERT_EQ(reader->state(), State::failed) << piece;
    EXPECT_EQ(reader->error().code, ErrorCode::headers_too_large);
  }
  // Within the limit, a trailer is fine.
  EXPECT_EQ(read_all(kHead + "0\r\nX-A: 1\r\n\r\n", 10)->state(), State::complete);
}

TEST(RequestReaderTest, AChunkSizeLineCannotGrowWithoutEnd) {
  const std::string request = kHead + "1;" + std::string(100'000, 'e');
  auto reader = read_all(request, 4096, {.max_header_bytes = 16384});
  ASSERT_EQ(reader->state(), State::failed);
  EXPECT_EQ(reader->error().code, ErrorCode::headers_too_large);
}

TEST(RequestReaderTest, OnlyASingleChunkedTransferCodingIsAccepted) {
  for (std::string coding : {"gzip", "xchunked", "chunked, gzip", "gzip, chunked", "identity", "chunked;q=1"}) {
    const std::string request = "POST /chatkit HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: " + coding +
                                "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: h\r\n\r\n";
    auto reader = read_all(request, 1000);
    ASSERT_EQ(reader->state(), State::failed) << coding;
    EXPECT_EQ(reader->error().code, ErrorCode::invalid_request) << coding;
  }
  EXPECT_EQ(read_all("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked \r\n\r\n0\r\n\r\n", 5)->state(),
            State::complete);
  const std::string both = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(read_all(both, 1000)->state(), State::failed);
  const std::string old = "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
  EXPECT_EQ(read_all(old, 1000)->state(), State::failed);
}

TEST(RequestReaderTest, Http11NeedsExactlyOneHost) {
  auto none = read_all("GET / HTTP/1.1\r\n\r\n", 100);
  ASSERT_EQ(none->state(), State::failed);
  EXPECT_EQ(none->error().code, ErrorCode::invalid_request);
  EXPECT_NE(none->error().message.find("Host"), std::string::npos);
  EXPECT_EQ(read_all("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 100)->state(), State::failed);
  EXPECT_EQ(read_all("GET / HTTP/1.0\r\n\r\n", 100)->state(), State::complete);
}

TEST(RequestReaderTest, BodyAndHeaderLimitsHoldForLengthFramedRequests) {
  const std::string big_body = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2000\r\n\r\n" + std::string(2000, 'x');
  auto over = read_all(big_body, 512, {.max_header_bytes = 4096, .max_body_bytes = 1000});
  ASSERT_EQ(over->state(), State::failed);
  EXPECT_EQ(over->error().code, ErrorCode::payload_too_large);
  auto fits = read_all(big_body, 512, {.max_header_bytes = 4096, .max_body_bytes = 2000});
  ASSERT_EQ(fits->state(), State::complete);
  EXPECT_EQ(fits->request().body().size(), 2000u);
  const std::string big_head = "GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(5000, 'h') + "\r\n\r\n";
  auto head = read_all(big_head, 512, {.max_header_bytes = 4096});
  ASSERT_EQ(head->state(), State::failed);
  EXPECT_EQ(head->error().code, ErrorCode::headers_too_large);
}

TEST(RequestReaderTest, EndOfStreamCompletesOrFails) {
  RequestReader cut({});
  const std::string partial = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc";
  std::string pending = partial;
  pending.erase(0, cut.feed(pending));
  ASSERT_EQ(cut.state(), State::header_ready);
  cut.continue_body();
  pending.erase(0, cut.feed(pending));
  cut.feed_eof();
  ASSERT_EQ(cut.state(), State::failed);
  EXPECT_EQ(cut.error().code, ErrorCode::invalid_request);
}

}  // namespace
}  // namespace chatkit::server
