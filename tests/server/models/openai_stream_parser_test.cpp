// The Chat Completions and Responses stream parsers, over the recorded-style upstream streams of
// tests/fixtures/upstream/: each <name>.sse must give the events of <name>.events.jsonl, however
// its bytes are split.
#include "server/models/openai/chat_stream_parser.hpp"
#include "server/models/openai/responses_stream_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <sstream>

#include "server/models/openai_test_support.hpp"
#include "support/fixtures.hpp"

namespace chatkit::server {
namespace {

using nlohmann::json;
using testing::counting_ids;
using testing::parse_all;

std::unique_ptr<StreamParser> parser_for(const std::string& fixture_name) {
  if (fixture_name.starts_with("chat_")) return std::make_unique<ChatStreamParser>(counting_ids());
  return std::make_unique<ResponsesStreamParser>(counting_ids());
}

std::vector<json> parse_chunks(const std::string& name, const std::vector<std::string>& chunks) {
  auto parser = parser_for(name);
  return parse_all(*parser, chunks);
}

std::vector<json> read_expected(const std::filesystem::path& path) {
  std::vector<json> out;
  std::istringstream lines(chatkit::testing::read_file(path));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

// Errors are compared by kind and by a part of their message (the rest is free wording).
void expect_matches(const std::vector<json>& actual, const std::vector<json>& expected, const std::string& how) {
  ASSERT_EQ(actual.size(), expected.size()) << how << "\nactual: " << json(actual).dump(1);
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (expected[i]["type"] == "error") {
      EXPECT_EQ(actual[i]["type"], "error") << how << " event " << i;
      EXPECT_EQ(actual[i]["failure"], expected[i]["failure"]) << how << " " << actual[i].dump();
      EXPECT_NE(actual[i].value("message", "").find(expected[i]["message_contains"].get<std::string>()),
                std::string::npos)
          << how << " " << actual[i].dump();
    } else {
      EXPECT_EQ(actual[i], expected[i]) << how << " event " << i;
    }
  }
}

std::vector<std::string> split_at(const std::string& bytes, std::vector<std::size_t> cuts) {
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::string> chunks;
  std::size_t start = 0;
  for (const auto cut : cuts) {
    chunks.push_back(bytes.substr(start, cut - start));
    start = cut;
  }
  chunks.push_back(bytes.substr(start));
  return chunks;
}

class UpstreamFixture : public ::testing::TestWithParam<std::filesystem::path> {
 protected:
  std::string name() const { return GetParam().stem().string(); }
  std::string bytes() const { return chatkit::testing::read_file(GetParam()); }
  std::vector<json> expected() const {
    auto path = GetParam();
    return read_expected(path.replace_extension(".events.jsonl"));
  }
};

TEST_P(UpstreamFixture, WholeBodyGivesTheRecordedEvents) {
  expect_matches(parse_chunks(name(), {bytes()}), expected(), "whole");
}

TEST_P(UpstreamFixture, OneByteAtATimeGivesTheSameEvents) {
  const std::string body = bytes();
  std::vector<std::string> chunks;
  for (const char c : body) chunks.emplace_back(1, c);
  expect_matches(parse_chunks(name(), chunks), expected(), "byte by byte");
}

// Byte by byte already cuts at every boundary at once; these cut in two at the start (where the
// body is recognised as an event stream) and at evenly spread places (JSON parsing under the
// sanitizers is too slow to parse every fixture once per byte).
TEST_P(UpstreamFixture, TwoWaySplitsGiveTheSameEvents) {
  const std::string body = bytes();
  const auto want = parse_chunks(name(), {body});
  std::vector<std::size_t> cuts;
  for (std::size_t cut = 1; cut < std::min<std::size_t>(body.size(), 16); ++cut) cuts.push_back(cut);
  for (std::size_t i = 1; i < 48; ++i) cuts.push_back(body.size() * i / 48);
  for (const auto cut : cuts) {
    const auto got = parse_chunks(name(), split_at(body, {cut}));
    ASSERT_EQ(got, want) << "split at byte " << cut;
  }
}

TEST_P(UpstreamFixture, RandomSplitsGiveTheSameEvents) {
  const std::string body = bytes();
  const auto want = parse_chunks(name(), {body});
  std::mt19937 random(1234);
  for (int run = 0; run < 40; ++run) {
    std::uniform_int_distribution<std::size_t> position(0, body.size());
    std::vector<std::size_t> cuts(1 + run % 12);
    for (auto& cut : cuts) cut = position(random);
    const auto got = parse_chunks(name(), split_at(body, cuts));
    ASSERT_EQ(got, want) << "run " << run;
  }
}

std::string fixture_test_name(const ::testing::TestParamInfo<std::filesystem::path>& info) {
  return chatkit::testing::case_name(info.param);
}

INSTANTIATE_TEST_SUITE_P(Upstream, UpstreamFixture,
                         ::testing::ValuesIn(chatkit::testing::list_files("upstream", ".sse")), fixture_test_name);

TEST(UpstreamFixtures, CoverBothApis) {
  const auto files = chatkit::testing::list_files("upstream", ".sse");
  EXPECT_GE(std::count_if(files.begin(), files.end(),
                          [](const auto& p) { return p.filename().string().starts_with("chat_"); }),
            10);
  EXPECT_GE(std::count_if(files.begin(), files.end(),
                          [](const auto& p) { return p.filename().string().starts_with("responses_"); }),
            10);
}

// --- Chat Completions cases not worth a recorded fixture.

std::string chunk(const json& choice_delta, const json& finish = nullptr, const std::string& id = "chatcmpl-x") {
  json body = {{"id", id},
               {"object", "chat.completion.chunk"},
               {"choices", json::array({json{{"index", 0}, {"delta", choice_delta}, {"finish_reason", finish}}})}};
  return "data: " + body.dump() + "\n\n";
}

std::vector<json> chat(const std::vector<std::string>& chunks) {
  ChatStreamParser parser(counting_ids());
  return parse_all(parser, chunks);
}

TEST(ChatStreamParser, InventsACallIdWhenTheServerGivesNone) {
  const auto events = chat({chunk({{"tool_calls", json::array({{{"index", 0}, {"function", {{"name", "ping"}, {"arguments", "{}"}}}}})}}),
                            chunk(json::object(), "tool_calls"), "data: [DONE]\n\n"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], (json{{"type", "tool_call"}, {"call_id", "call_gen_1"}, {"name", "ping"}, {"arguments", "{}"}}));
}

TEST(ChatStreamParser, CallsWithoutIndexAreSeparatedByTheirIds) {
  // Some compatible servers omit `index`; each fragment with an id starts a new call.
  const auto events = chat({chunk({{"tool_calls", json::array({{{"id", "a"}, {"function", {{"name", "one"}, {"arguments", "{\"x\":"}}}}})}}),
                            chunk({{"tool_calls", json::array({{{"function", {{"arguments", "1}"}}}}})}}),
                            chunk({{"tool_calls", json::array({{{"id", "b"}, {"function", {{"name", "two"}}}}})}}),
                            chunk(json::object(), "tool_calls"), "data: [DONE]\n\n"});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["call_id"], "a");
  EXPECT_EQ(events[0]["arguments"], "{\"x\":1}");
  EXPECT_EQ(events[1]["call_id"], "b");
  EXPECT_EQ(events[1]["arguments"], "{}") << "a call without arguments gets an empty object";
}

TEST(ChatStreamParser, CallsAreRequestedInIndexOrder) {
  const auto events = chat({chunk({{"tool_calls", json::array({{{"index", 1}, {"id", "second"}, {"function", {{"name", "b"}}}}})}}),
                            chunk({{"tool_calls", json::array({{{"index", 0}, {"id", "first"}, {"function", {{"name", "a"}}}}})}}),
                            chunk(json::object(), "tool_calls"), "data: [DONE]\n\n"});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["call_id"], "first");
  EXPECT_EQ(events[1]["call_id"], "second");
}

TEST(ChatStreamParser, ACallWithoutNameIsMalformed) {
  const auto events = chat({chunk({{"tool_calls", json::array({{{"index", 0}, {"id", "c"}, {"function", {{"arguments", "{}"}}}}})}}),
                            chunk(json::object(), "tool_calls"), "data: [DONE]\n\n"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["failure"], "malformed");
}

TEST(ChatStreamParser, AFinishReasonWithoutDoneCompletesTheAnswer) {
  const auto events = chat({chunk({{"content", "Hi"}}), chunk(json::object(), "stop")});
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[4]["type"], "message_done");
}

TEST(ChatStreamParser, ALastMessageWithoutItsBlankLineStillCounts) {
  const auto events = chat({chunk({{"content", "Hi"}}), chunk(json::object(), "stop"), "data: [DONE]\n"});
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[4]["type"], "message_done");
}

TEST(ChatStreamParser, AnEmptyBodyEndedBeforeTheAnswer) {
  const auto events = chat({});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["failure"], "unavailable");
}

TEST(ChatStreamParser, NothingIsReadAfterDone) {
  const auto events = chat({chunk({{"content", "Hi"}}), chunk(json::object(), "stop"), "data: [DONE]\n\n",
                            "data: not json\n\n"});
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[4]["type"], "message_done");
}

TEST(ChatStreamParser, EachResponseGetsItsOwnMessageIdWhateverTheUpstreamId) {
  // Issue 36 of the reference SDK: servers that reuse one chatcmpl id for every response.
  auto ids = counting_ids();
  ChatStreamParser a(ids);
  ChatStreamParser b(ids);
  const auto one = parse_all(a, {chunk({{"content", "A"}}, nullptr, "chatcmpl-same"), chunk(json::object(), "stop")});
  const auto two = parse_all(b, {chunk({{"content", "B"}}, nullptr, "chatcmpl-same"), chunk(json::object(), "stop")});
  EXPECT_EQ(one[0]["item_id"], "msg_1");
  EXPECT_EQ(two[0]["item_id"], "msg_2");
}

TEST(ChatStreamParser, DataOverTheLineLimitIsMalformedNotACrash) {
  std::string huge = "data: {\"x\":\"" + std::string(9u << 20, 'a');
  const auto events = chat({huge});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["failure"], "malformed");
}

TEST(ChatStreamParser, QuotesAShortPrefixOfDataThatIsNotJson) {
  const auto events = chat({"data: " + std::string(500, 'x') + "\n\n"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["failure"], "malformed");
  const std::string message = events[0]["message"];
  EXPECT_NE(message.find("'xxxx"), std::string::npos);
  EXPECT_LT(message.size(), 200u) << "only a prefix is quoted";
}

// --- Responses cases.

std::string event(json body) { return "event: " + body["type"].get<std::string>() + "\ndata: " + body.dump() + "\n\n"; }

std::vector<json> responses(const std::vector<std::string>& chunks) {
  ResponsesStreamParser parser(counting_ids());
  return parse_all(parser, chunks);
}

TEST(ResponsesStreamParser, UnknownEventsAndItemsAreIgnored) {
  const auto events = responses({
      event({{"type", "response.output_item.added"}, {"output_index", 0}, {"item", {{"type", "web_search_call"}, {"id", "ws_1"}}}}),
      event({{"type", "response.web_search_call.searching"}, {"output_index", 0}, {"item_id", "ws_1"}}),
      event({{"type", "response.output_item.done"}, {"output_index", 0}, {"item", {{"type", "web_search_call"}, {"id", "ws_1"}}}}),
      event({{"type", "response.completed"}, {"response", {{"usage", {{"input_tokens", 1}, {"output_tokens", 2}}}}}})});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], (json{{"type", "usage"}, {"input_tokens", 1}, {"output_tokens", 2}}));
}

TEST(ResponsesStreamParser, AMessageDoneWithoutItsDeltasStillGivesItsText) {
  // Some proxies forward only the finished items.
  const auto events = responses({
      event({{"type", "response.output_item.done"}, {"output_index", 0},
             {"item", {{"type", "message"}, {"id", "m"}, {"content", json::array({{{"type", "output_text"}, {"text", "Hello"}}})}}}}),
      event({{"type", "response.completed"}, {"response", json::object()}})});
  const std::vector<json> want = {
      {{"type", "message_started"}, {"item_id", "msg_1"}},
      {{"type", "text_part_started"}, {"item_id", "msg_1"}, {"content_index", 0}},
      {{"type", "text_part_done"}, {"item_id", "msg_1"}, {"content_index", 0}, {"text", "Hello"}},
      {{"type", "message_done"}, {"item_id", "msg_1"}, {"parts", {"Hello"}}},
  };
  EXPECT_EQ(events, want);
}

TEST(ResponsesStreamParser, ACallWithoutCallIdGetsOneOfOurs) {
  const auto events = responses({
      event({{"type", "response.output_item.done"}, {"output_index", 0},
             {"item", {{"type", "function_call"}, {"id", "fc"}, {"name", "ping"}, {"arguments", ""}}}}),
      event({{"type", "response.completed"}, {"response", json::object()}})});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], (json{{"type", "tool_call"}, {"call_id", "call_gen_1"}, {"name", "ping"}, {"arguments", "{}"}}));
}

TEST(ResponsesStreamParser, AFailedResponseWithoutErrorStillSaysSo) {
  const auto events = responses({event({{"type", "response.failed"}, {"response", {{"error", nullptr}}}})});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["failure"], "unavailable");
  EXPECT_NE(events[0]["message"].get<std::string>().find("failed"), std::string::npos);
}

TEST(ResponsesStreamParser, AnIncompleteResponseForAnotherReasonEndsTheAnswer) {
  const auto events = responses({event({{"type", "response.incomplete"},
                                        {"response", {{"incomplete_details", {{"reason", "max_output_tokens"}}}}}})});
  EXPECT_TRUE(events.empty());
}

TEST(ResponsesStreamParser, ANonJsonBodyIsQuoted) {
  const auto events = responses({"{\"error\":{\"message\":\"stream not supported\"}}"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["failure"], "malformed");
  EXPECT_NE(events[0]["message"].get<std::string>().find("stream not supported"), std::string::npos);
}

}  // namespace
}  // namespace chatkit::server
