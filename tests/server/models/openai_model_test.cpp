// OpenAiModel against a scripted in-memory upstream: requests, retries, credentials, failures,
// cancellation and ids.
#include "server/models/openai/openai_model.hpp"

#include <gtest/gtest.h>

#include "server/models/openai/chat_request.hpp"
#include "server/models/openai_test_support.hpp"
#include "support/fixtures.hpp"

namespace chatkit::server {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::FakeCredential;
using testing::FakeHttpClient;
using testing::RecordingSink;
using testing::json_error;
using testing::model_error;
using testing::run_stream;
using testing::sse_response;

std::string fixture(const std::string& name) {
  return chatkit::testing::read_file(chatkit::testing::fixtures_dir() / "upstream" / (name + ".sse"));
}

// A fixture as it might arrive: in pieces of `size` bytes.
std::vector<std::string> pieces(const std::string& name, std::size_t size = 97) {
  const std::string body = fixture(name);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < body.size(); i += size) out.push_back(body.substr(i, size));
  return out;
}

OpenAiEndpoint endpoint(OpenAiEndpoint::Api api = OpenAiEndpoint::Api::chat) {
  OpenAiEndpoint e;
  e.api = api;
  e.url = api == OpenAiEndpoint::Api::chat ? "https://llm.example/v1/chat/completions" : "https://llm.example/v1/responses";
  e.model = "gpt-test";
  e.retry = RetryPolicy{.max_attempts = 3, .base_delay = milliseconds(1), .max_delay = milliseconds(20)};
  return e;
}

ModelRequest hello() {
  ModelRequest request;
  request.instructions = "Be brief.";
  request.input = {ModelMessage{.role = MessageRole::user, .text = "Hello"}};
  return request;
}

std::optional<std::string> header(const HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

int count_type(const RecordingSink& sink, const std::string& type) {
  int n = 0;
  for (const auto& event : sink.described()) n += event["type"] == type ? 1 : 0;
  return n;
}

class OpenAiModelTest : public ::testing::Test {
 protected:
  FakeHttpClient http;
  FakeCredential credential;
  RecordingSink sink;

  testing::RunOutcome run(const OpenAiEndpoint& e, std::optional<milliseconds> cancel_after = std::nullopt) {
    OpenAiModel model(e, http, credential, testing::counting_ids());
    return run_stream(model, hello(), sink, cancel_after);
  }
  ModelError expect_error(const testing::RunOutcome& outcome) {
    auto error = model_error(outcome.error);
    EXPECT_TRUE(error.has_value()) << "expected a ModelError";
    return error.value_or(ModelError(ModelFailure::malformed, "none"));
  }
};

TEST_F(OpenAiModelTest, StreamsAChatAnswerAfterSendingTheRightRequest) {
  http.script.push_back(sse_response(pieces("chat_usage")));
  OpenAiEndpoint e = endpoint();
  e.connect_timeout = milliseconds(1111);
  e.head_timeout = milliseconds(2222);
  e.idle_timeout = milliseconds(3333);
  const auto outcome = run(e);
  ASSERT_FALSE(outcome.error);
  ASSERT_EQ(http.requests.size(), 1u);
  const HttpRequest& sent = http.requests[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://llm.example/v1/chat/completions");
  EXPECT_EQ(header(sent, "authorization"), "Bearer token-1");
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(header(sent, "accept"), "text/event-stream");
  EXPECT_EQ(json::parse(sent.body), chat_completions_body(hello(), ChatBodyOptions{.model = "gpt-test"}));
  EXPECT_EQ(sent.connect_timeout, milliseconds(1111));
  EXPECT_EQ(sent.head_timeout, milliseconds(2222));
  EXPECT_EQ(sent.idle_timeout, milliseconds(3333));
  const auto events = sink.described();
  ASSERT_EQ(events.size(), 12u);
  EXPECT_EQ(events[10], (json{{"type", "message_done"}, {"item_id", "msg_1"}, {"parts", {"The capital of France is Paris."}}}));
  EXPECT_EQ(events[11], (json{{"type", "usage"}, {"input_tokens", 24}, {"output_tokens", 7}}));
}

TEST_F(OpenAiModelTest, StreamsAResponsesAnswer) {
  http.script.push_back(sse_response(pieces("responses_function_calls", 61)));
  const auto outcome = run(endpoint(OpenAiEndpoint::Api::responses));
  ASSERT_FALSE(outcome.error);
  const auto body = json::parse(http.requests.at(0).body);
  EXPECT_EQ(body["model"], "gpt-test");
  EXPECT_EQ(body["store"], false);
  EXPECT_EQ(count_type(sink, "tool_call"), 2);
  EXPECT_EQ(count_type(sink, "usage"), 1);
}

TEST_F(OpenAiModelTest, UsesMaxCompletionTokensOnlyWithApiOpenAiCom) {
  ModelRequest request = hello();
  request.max_output_tokens = 50;
  OpenAiEndpoint e = endpoint();
  e.url = "https://api.openai.com/v1/chat/completions";
  http.script.push_back(sse_response(pieces("chat_text")));
  OpenAiModel model(e, http, credential, testing::counting_ids());
  ASSERT_FALSE(run_stream(model, request, sink).error);
  EXPECT_EQ(json::parse(http.requests.at(0).body)["max_completion_tokens"], 50);
}

TEST_F(OpenAiModelTest, RetriesA429WithRetryAfterZeroThenSucceeds) {
  http.script.push_back(json_error(429, R"({"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}})",
                                   {{"retry-after", "0"}}));
  http.script.push_back(sse_response(pieces("chat_text")));
  OpenAiEndpoint e = endpoint();
  e.retry.base_delay = milliseconds(10'000);  // only Retry-After: 0 makes this quick
  e.retry.max_delay = milliseconds(20'000);
  const auto outcome = run(e);
  ASSERT_FALSE(outcome.error);
  EXPECT_EQ(http.requests.size(), 2u);
  EXPECT_LT(outcome.elapsed, milliseconds(2000));
  EXPECT_EQ(count_type(sink, "message_done"), 1);
}

TEST_F(OpenAiModelTest, WaitsAsLongAsRetryAfterMsSays) {
  http.script.push_back(json_error(503, "busy", {{"retry-after-ms", "150"}}));
  http.script.push_back(sse_response(pieces("chat_text")));
  OpenAiEndpoint e = endpoint();
  e.retry.max_delay = milliseconds(5000);
  const auto outcome = run(e);
  ASSERT_FALSE(outcome.error);
  EXPECT_GE(outcome.elapsed, milliseconds(150));
}

TEST_F(OpenAiModelTest, GivesUpOnRepeated500sAsUnavailable) {
  for (int i = 0; i < 3; ++i) http.script.push_back(json_error(500, R"({"error":{"message":"The server had an error"}})"));
  const auto error = expect_error(run(endpoint()));
  EXPECT_EQ(error.failure(), ModelFailure::unavailable);
  EXPECT_NE(std::string(error.what()).find("The server had an error"), std::string::npos);
  EXPECT_NE(std::string(error.what()).find("3 attempts"), std::string::npos) << error.what();
  EXPECT_EQ(http.requests.size(), 3u);
  EXPECT_TRUE(sink.events.empty());
}

TEST_F(OpenAiModelTest, GivesUpOnRepeated429sAsRateLimited) {
  for (int i = 0; i < 3; ++i) http.script.push_back(json_error(429, R"({"error":{"message":"slow down"}})"));
  EXPECT_EQ(expect_error(run(endpoint())).failure(), ModelFailure::rate_limited);
  EXPECT_EQ(http.requests.size(), 3u);
}

TEST_F(OpenAiModelTest, A401GetsOneFreshCredentialThenSucceeds) {
  http.script.push_back(json_error(401, R"({"error":{"message":"Token expired"}})"));
  http.script.push_back(sse_response(pieces("chat_text")));
  ASSERT_FALSE(run(endpoint()).error);
  EXPECT_EQ(credential.invalidations(), 1);
  ASSERT_EQ(http.requests.size(), 2u);
  EXPECT_EQ(header(http.requests[0], "authorization"), "Bearer token-1");
  EXPECT_EQ(header(http.requests[1], "authorization"), "Bearer token-2");
}

TEST_F(OpenAiModelTest, A401AgainAfterTheFreshCredentialIsBadCredentials) {
  http.script.push_back(json_error(401, R"({"error":{"message":"Invalid API key"}})"));
  http.script.push_back(json_error(401, R"({"error":{"message":"Invalid API key"}})"));
  const auto error = expect_error(run(endpoint()));
  EXPECT_EQ(error.failure(), ModelFailure::bad_credentials);
  EXPECT_NE(std::string(error.what()).find("Invalid API key"), std::string::npos);
  EXPECT_NE(std::string(error.what()).find("fake-token"), std::string::npos) << "says which credential";
  EXPECT_EQ(http.requests.size(), 2u);
}

TEST_F(OpenAiModelTest, ClientErrorsAreReportedAtOnce) {
  struct Case {
    int status;
    std::string body;
    ModelFailure failure;
  };
  const std::vector<Case> cases = {
      {403, R"({"error":{"message":"no access"}})", ModelFailure::bad_credentials},
      {400, R"({"error":{"message":"bad field"}})", ModelFailure::bad_request},
      {404, R"({"error":{"message":"The API deployment for this resource does not exist."}})", ModelFailure::bad_request},
      {422, R"({"error":{"message":"unprocessable"}})", ModelFailure::bad_request},
      {400, R"({"error":{"message":"filtered","code":"content_filter"}})", ModelFailure::content_filter},
  };
  for (const auto& c : cases) {
    http.requests.clear();
    http.script.push_back(json_error(c.status, c.body));
    const auto error = expect_error(run(endpoint()));
    EXPECT_EQ(error.failure(), c.failure) << c.status << " " << error.what();
    EXPECT_EQ(http.requests.size(), 1u) << c.status;
  }
}

TEST_F(OpenAiModelTest, RefusedConnectionsAreRetriedThenUnavailable) {
  for (int i = 0; i < 3; ++i) {
    testing::ScriptedResponse refused;
    refused.head_failure = HttpFailure(HttpFailure::Kind::connect, "Connection refused");
    http.script.push_back(refused);
  }
  const auto error = expect_error(run(endpoint()));
  EXPECT_EQ(error.failure(), ModelFailure::unavailable);
  EXPECT_NE(std::string(error.what()).find("Connection refused"), std::string::npos);
  EXPECT_EQ(http.requests.size(), 3u);
}

TEST_F(OpenAiModelTest, ARefusedConnectionThenSuccess) {
  testing::ScriptedResponse refused;
  refused.head_failure = HttpFailure(HttpFailure::Kind::connect, "Connection refused");
  http.script.push_back(refused);
  http.script.push_back(sse_response(pieces("chat_text")));
  ASSERT_FALSE(run(endpoint()).error);
  EXPECT_EQ(count_type(sink, "message_done"), 1);
}

TEST_F(OpenAiModelTest, ATimeoutIsReportedWithoutRetry) {
  testing::ScriptedResponse silent;
  silent.head_failure = HttpFailure(HttpFailure::Kind::timeout, "no response headers within 60000 ms");
  http.script.push_back(silent);
  const auto error = expect_error(run(endpoint()));
  EXPECT_EQ(error.failure(), ModelFailure::timeout);
  EXPECT_EQ(http.requests.size(), 1u);
}

TEST_F(OpenAiModelTest, AStreamCutMidToolCallRequestsNoCall) {
  OpenAiEndpoint e = endpoint();
  e.retry.max_attempts = 1;
  http.script.push_back(sse_response(pieces("chat_cut_mid_tool_call", 50)));
  const auto error = expect_error(run(e));
  EXPECT_EQ(error.failure(), ModelFailure::unavailable);
  EXPECT_NE(std::string(error.what()).find("ended before the answer was complete"), std::string::npos);
  EXPECT_EQ(count_type(sink, "tool_call"), 0);
}

TEST_F(OpenAiModelTest, AStreamCutBeforeAnyEventIsRetried) {
  http.script.push_back(sse_response(pieces("chat_cut_mid_tool_call", 50)));
  http.script.push_back(sse_response(pieces("chat_tool_calls_split", 50)));
  ASSERT_FALSE(run(endpoint()).error);
  EXPECT_EQ(http.requests.size(), 2u);
  const auto events = sink.described();
  ASSERT_EQ(count_type(sink, "tool_call"), 2);
  EXPECT_EQ(events[0]["call_id"], "call_Q8mF2xYk3LrT9vWn1PsZ") << "only the complete stream's calls";
}

TEST_F(OpenAiModelTest, AFailureAfterTextIsReportedNotRetried) {
  http.script.push_back(sse_response(pieces("chat_cut_mid_text", 40)));
  http.script.push_back(sse_response(pieces("chat_text")));  // must stay unused
  const auto error = expect_error(run(endpoint()));
  EXPECT_EQ(error.failure(), ModelFailure::unavailable);
  EXPECT_EQ(http.requests.size(), 1u);
  EXPECT_EQ(count_type(sink, "text_delta"), 3) << "the text already streamed is kept";
  EXPECT_EQ(count_type(sink, "message_done"), 0);
}

TEST_F(OpenAiModelTest, ATransferFailureAfterTextIsReported) {
  auto broken = sse_response(pieces("chat_cut_mid_text", 40));
  broken.body_failure = HttpFailure(HttpFailure::Kind::transfer, "Connection reset by peer");
  http.script.push_back(broken);
  const auto error = expect_error(run(endpoint()));
  EXPECT_EQ(error.failure(), ModelFailure::unavailable);
  EXPECT_NE(std::string(error.what()).find("Connection reset by peer"), std::string::npos);
  EXPECT_EQ(http.requests.size(), 1u);
}

TEST_F(OpenAiModelTest, NonJsonBytesAreMalformedAndQuoted) {
  http.script.push_back(sse_response(pieces("chat_not_json")));
  const auto error = expect_error(run(endpoint()));
  EXPECT_EQ(error.failure(), ModelFailure::malformed);
  EXPECT_NE(std::string(error.what()).find("upstream connect error"), std::string::npos) << error.what();
  EXPECT_EQ(count_type(sink, "text_delta"), 1);
}

TEST_F(OpenAiModelTest, AnHtmlPageWith200IsMalformedAndNotRetried) {
  http.script.push_back(sse_response(pieces("chat_not_event_stream")));
  const auto error = expect_error(run(endpoint()));
  EXPECT_EQ(error.failure(), ModelFailure::malformed);
  EXPECT_NE(std::string(error.what()).find("502 Bad Gateway"), std::string::npos) << error.what();
  EXPECT_EQ(http.requests.size(), 1u);
}

TEST_F(OpenAiModelTest, AFailedResponseBeforeAnyEventIsRetried) {
  http.script.push_back(sse_response(pieces("responses_failed")));
  http.script.push_back(sse_response(pieces("responses_text")));
  ASSERT_FALSE(run(endpoint(OpenAiEndpoint::Api::responses)).error);
  EXPECT_EQ(http.requests.size(), 2u);
  EXPECT_EQ(count_type(sink, "message_done"), 1);
}

TEST_F(OpenAiModelTest, AContentFilterStopIsReported) {
  http.script.push_back(sse_response(pieces("responses_content_filter")));
  EXPECT_EQ(expect_error(run(endpoint(OpenAiEndpoint::Api::responses))).failure(), ModelFailure::content_filter);
  EXPECT_EQ(http.requests.size(), 1u);
}

TEST_F(OpenAiModelTest, CancellationEndsAHangingHeadAtOnce) {
  testing::ScriptedResponse hanging;
  hanging.hang_head = true;
  http.script.push_back(hanging);
  const auto outcome = run(endpoint(), milliseconds(50));
  ASSERT_TRUE(outcome.finished);
  EXPECT_TRUE(testing::is_operation_aborted(outcome.error)) << "cancellation propagates as is";
  EXPECT_LT(outcome.elapsed, milliseconds(2000));
}

TEST_F(OpenAiModelTest, CancellationEndsARetryWaitAtOnce) {
  http.script.push_back(json_error(503, "busy", {{"retry-after", "30"}}));
  OpenAiEndpoint e = endpoint();
  e.retry.max_delay = milliseconds(60'000);
  const auto outcome = run(e, milliseconds(50));
  EXPECT_TRUE(testing::is_operation_aborted(outcome.error));
  EXPECT_LT(outcome.elapsed, milliseconds(2000));
  EXPECT_EQ(http.requests.size(), 1u);
}

TEST_F(OpenAiModelTest, CancellationMidStreamKeepsWhatWasDelivered) {
  auto stalled = sse_response(pieces("chat_cut_mid_text", 40));
  stalled.hang_body = true;
  http.script.push_back(stalled);
  const auto outcome = run(endpoint(), milliseconds(50));
  EXPECT_TRUE(testing::is_operation_aborted(outcome.error));
  EXPECT_EQ(count_type(sink, "text_delta"), 3);
}

TEST_F(OpenAiModelTest, MessagesOfResponsesSharingOneUpstreamIdGetDistinctIdsOfOurs) {
  // Issue 36 of the reference SDK: a server that gives every response the same chatcmpl id.
  const std::string same = "data: {\"id\":\"chatcmpl-same\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                           "\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                           "data: {\"id\":\"chatcmpl-same\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                           "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
  http.script.push_back(sse_response({same}));
  http.script.push_back(sse_response({same}));
  OpenAiModel model(endpoint(), http, credential);  // the real random ids
  ASSERT_FALSE(run_stream(model, hello(), sink).error);
  ASSERT_FALSE(run_stream(model, hello(), sink).error);
  std::vector<std::string> started;
  for (const auto& event : sink.events) {
    if (const auto* s = std::get_if<MessageStarted>(&event)) started.push_back(s->item_id);
  }
  ASSERT_EQ(started.size(), 2u);
  EXPECT_NE(started[0], started[1]);
  for (const auto& id : started) {
    EXPECT_TRUE(id.starts_with("msg_")) << id;
    EXPECT_EQ(id.find("chatcmpl"), std::string::npos) << id;
  }
}

TEST_F(OpenAiModelTest, NameIsTheDisplayNameOrDescribesTheEndpoint) {
  OpenAiEndpoint e = endpoint();
  EXPECT_EQ(OpenAiModel(e, http, credential).name(), "openai:gpt-test (chat)");
  e.display_name = "azure:gpt-4o (responses)";
  EXPECT_EQ(OpenAiModel(e, http, credential).name(), "azure:gpt-4o (responses)");
}

}  // namespace
}  // namespace chatkit::server
