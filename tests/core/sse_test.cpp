#include "core/sse.hpp"

#include <gtest/gtest.h>

namespace chatkit {
namespace {

std::vector<SseMessage> feed_in_pieces(std::string_view text, std::size_t piece) {
  SseDecoder decoder;
  std::vector<SseMessage> all;
  for (std::size_t i = 0; i < text.size(); i += piece) {
    auto messages = decoder.feed(text.substr(i, piece));
    EXPECT_TRUE(messages.ok()) << messages.error().message;
    if (messages.ok()) all.insert(all.end(), messages->begin(), messages->end());
  }
  EXPECT_TRUE(decoder.finish().ok());
  return all;
}

TEST(SseEncoder, WritesExactlyDataJsonAndTwoNewlines) {
  const ThreadStreamEvent event = StreamOptionsEvent{StreamOptions{true}};
  EXPECT_EQ(encode_sse(event), "data: {\"type\":\"stream_options\",\"stream_options\":{\"allow_cancel\":true}}\n\n");
  EXPECT_EQ(sse_frame("{}"), "data: {}\n\n");
}

TEST(SseEncoder, NewlinesInsideStringsStayEscaped) {
  ProgressUpdateEvent progress;
  progress.text = "line1\nline2\r\n";
  const std::string frame = encode_sse(progress);
  EXPECT_EQ(frame.find('\n'), frame.size() - 2);
  EXPECT_EQ(frame.find('\r'), std::string::npos);
}

TEST(SseDecoder, DecodesAtEveryChunkBoundary) {
  const std::string stream =
      "data: {\"a\":1}\n\n: heartbeat\n\nevent: delta\nid: 7\ndata: line1\ndata: line2\n\ndata:no-space\n\n";
  const std::vector<SseMessage> expected = {
      {"", "{\"a\":1}", ""}, {"delta", "line1\nline2", "7"}, {"", "no-space", "7"}};
  for (std::size_t piece = 1; piece <= stream.size(); ++piece) {
    SCOPED_TRACE(piece);
    EXPECT_EQ(feed_in_pieces(stream, piece), expected);
  }
}

TEST(SseDecoder, AcceptsCrLfAndBareCrLineEndsEvenWhenSplit) {
  const std::string crlf = "data: a\r\n\r\ndata: b\r\ndata: c\r\n\r\n";
  const std::string cr = "data: a\r\rdata: b\rdata: c\r\r";
  const std::vector<SseMessage> expected = {{"", "a", ""}, {"", "b\nc", ""}};
  for (std::size_t piece = 1; piece <= crlf.size(); ++piece) {
    EXPECT_EQ(feed_in_pieces(crlf, piece), expected) << "crlf piece " << piece;
    EXPECT_EQ(feed_in_pieces(cr, std::min(piece, cr.size())), expected) << "cr piece " << piece;
  }
}

TEST(SseDecoder, SkipsALeadingBomEvenWhenSplit) {
  const std::string stream = "\xEF\xBB\xBF" "data: x\n\n";
  for (std::size_t piece = 1; piece <= 4; ++piece) {
    EXPECT_EQ(feed_in_pieces(stream, piece), (std::vector<SseMessage>{{"", "x", ""}}));
  }
}

TEST(SseDecoder, IgnoresRetryUnknownFieldsAndMessagesWithoutData) {
  EXPECT_EQ(feed_in_pieces("retry: 10\nfoo: bar\n\nevent: ping\n\ndata: y\n\n", 5),
            (std::vector<SseMessage>{{"", "y", ""}}));
}

TEST(SseDecoder, ReportsATruncatedFinalEvent) {
  SseDecoder decoder;
  ASSERT_TRUE(decoder.feed("data: {\"a\"").ok());
  auto end = decoder.finish();
  ASSERT_FALSE(end.ok());
  EXPECT_NE(end.error().message.find("truncated"), std::string::npos);
}

TEST(SseDecoder, RefusesOverlongLinesAndStaysFailed) {
  SseDecoder decoder(SseLimits{.max_line_bytes = 16, .max_event_bytes = 64});
  auto first = decoder.feed("data: 0123456789abcdefghij");
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.error().message.find("longer than 16"), std::string::npos);
  EXPECT_FALSE(decoder.feed("\n\n").ok());
}

TEST(SseDecoder, RefusesOversizedEvents) {
  SseDecoder decoder(SseLimits{.max_line_bytes = 64, .max_event_bytes = 20});
  auto messages = decoder.feed("data: 0123456789\ndata: 0123456789\n\n");
  ASSERT_FALSE(messages.ok());
  EXPECT_NE(messages.error().message.find("larger than 20"), std::string::npos);
}

TEST(SseEvents, DecodeAWholeStreamIntoProtocolEvents) {
  const std::string stream = encode_sse(StreamOptionsEvent{StreamOptions{false}}) +
                             encode_sse(ThreadItemRemovedEvent{"msg_1"}) + encode_sse(make_error_event(ErrorCode::stream_error));
  auto events = decode_sse_events(stream);
  ASSERT_TRUE(events.ok()) << events.error().message;
  ASSERT_EQ(events->size(), 3u);
  EXPECT_FALSE(std::get<StreamOptionsEvent>((*events)[0]).stream_options.allow_cancel);
  EXPECT_EQ(std::get<ThreadItemRemovedEvent>((*events)[1]).item_id, "msg_1");
  EXPECT_TRUE(std::get<ErrorEvent>((*events)[2]).allow_retry);
}

}  // namespace
}  // namespace chatkit
