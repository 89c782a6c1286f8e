// The Todo flow through the real chatkit-server binary and a real provider over libcurl, with the
// node stand-in for the cloud on loopback speaking each upstream's streaming format: Chat
// Completions and the Responses API, with an API key and with each Entra ID credential kind. Also
// the faults seen from outside: a 429 then success, and a client that leaves (the upstream request
// is aborted).
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "../models/http_client_stand_in.hpp"
#include "http_client.hpp"
#include "process.hpp"
#include "server_harness.hpp"

namespace chatkit::testing {
namespace {

using namespace std::chrono_literals;

std::string sse(const json& event) { return "data: " + event.dump() + "\n\n"; }

json streamed(std::string body) {
  return {{"status", 200}, {"headers", {{"content-type", "text/event-stream"}}}, {"chunks", {{{"data", std::move(body)}}}}};
}

// Chat Completions: the add_todo call, its arguments split in the middle of a string, then usage.
json chat_tool_call() {
  const json first = {{"id", "chatcmpl-x"}, {"object", "chat.completion.chunk"},
                      {"choices", {{{"index", 0}, {"delta", {{"role", "assistant"}, {"tool_calls", {{{"index", 0}, {"id", "call_1"}, {"type", "function"}, {"function", {{"name", "add_todo"}, {"arguments", "{\"item\":\"buy mi"}}}}}}}}}}}};
  const json second = {{"id", "chatcmpl-x"}, {"object", "chat.completion.chunk"},
                       {"choices", {{{"index", 0}, {"delta", {{"tool_calls", {{{"index", 0}, {"function", {{"arguments", "lk\"}"}}}}}}}}, {"finish_reason", "tool_calls"}}}}};
  const json usage = {{"id", "chatcmpl-x"}, {"object", "chat.completion.chunk"}, {"choices", json::array()},
                      {"usage", {{"prompt_tokens", 120}, {"completion_tokens", 9}}}};
  // Azure sends its prompt-filter results first, in a chunk with no choices.
  const json filter = {{"id", ""}, {"object", ""}, {"choices", json::array()},
                       {"prompt_filter_results", {{{"prompt_index", 0}, {"content_filter_results", json::object()}}}}};
  return {{"status", 200}, {"headers", {{"content-type", "text/event-stream"}}},
          {"chunks", {{{"data", sse(filter) + sse(first)}}, {{"data", sse(second) + sse(usage) + "data: [DONE]\n\n"}}}}};
}

json chat_text(const std::string& text) {
  const json chunk = {{"id", "chatcmpl-x"}, {"object", "chat.completion.chunk"},
                      {"choices", {{{"index", 0}, {"delta", {{"role", "assistant"}, {"content", text}}}, {"finish_reason", "stop"}}}}};
  return streamed(sse(chunk) + "data: [DONE]\n\n");
}

json responses_tool_call() {
  const json call = {{"type", "function_call"}, {"id", "fc_1"}, {"call_id", "call_1"}, {"name", "add_todo"},
                     {"arguments", "{\"item\":\"buy milk\"}"}, {"status", "completed"}};
  return streamed(sse({{"type", "response.created"}, {"response", {{"id", "resp_1"}}}}) +
                  sse({{"type", "response.output_item.added"}, {"output_index", 0}, {"item", call}}) +
                  sse({{"type", "response.output_item.done"}, {"output_index", 0}, {"item", call}}) +
                  sse({{"type", "response.completed"},
                       {"response", {{"id", "resp_1"}, {"usage", {{"input_tokens", 100}, {"output_tokens", 8}}}}}}));
}

json responses_text(const std::string& text) {
  const json message = {{"type", "message"}, {"id", "msg_up"}, {"role", "assistant"}, {"status", "completed"},
                        {"content", {{{"type", "output_text"}, {"text", text}, {"annotations", json::array()}}}}};
  return streamed(
      sse({{"type", "response.output_item.added"}, {"output_index", 0},
           {"item", {{"type", "message"}, {"id", "msg_up"}, {"role", "assistant"}, {"content", json::array()}}}}) +
      sse({{"type", "response.content_part.added"}, {"output_index", 0}, {"item_id", "msg_up"}, {"content_index", 0},
           {"part", {{"type", "output_text"}, {"text", ""}, {"annotations", json::array()}}}}) +
      sse({{"type", "response.output_text.delta"}, {"output_index", 0}, {"item_id", "msg_up"}, {"content_index", 0}, {"delta", text}}) +
      sse({{"type", "response.output_text.done"}, {"output_index", 0}, {"item_id", "msg_up"}, {"content_index", 0}, {"text", text}}) +
      sse({{"type", "response.output_item.done"}, {"output_index", 0}, {"item", message}}) +
      sse({{"type", "response.completed"}, {"response", {{"id", "resp_2"}}}}));
}

// The model asks for the client tool get_local_time (no arguments) in each upstream's format.
json chat_client_tool_call() {
  const json chunk = {{"id", "chatcmpl-t"}, {"object", "chat.completion.chunk"},
                      {"choices", {{{"index", 0},
                                    {"delta", {{"role", "assistant"},
                                               {"tool_calls", {{{"index", 0}, {"id", "call_time"}, {"type", "function"},
                                                                {"function", {{"name", "get_local_time"},
                                                                              {"arguments", "{}"}}}}}}}},
                                    {"finish_reason", "tool_calls"}}}}};
  return streamed(sse(chunk) + "data: [DONE]\n\n");
}

json responses_client_tool_call() {
  const json call = {{"type", "function_call"}, {"id", "fc_time"}, {"call_id", "call_time"}, {"name", "get_local_time"},
                     {"arguments", "{}"}, {"status", "completed"}};
  return streamed(sse({{"type", "response.created"}, {"response", {{"id", "resp_t"}}}}) +
                  sse({{"type", "response.output_item.added"}, {"output_index", 0}, {"item", call}}) +
                  sse({{"type", "response.output_item.done"}, {"output_index", 0}, {"item", call}}) +
                  sse({{"type", "response.completed"}, {"response", {{"id", "resp_t"}}}}));
}

// What the browser answers get_local_time with.
const json kBrowserTime = {{"local_time", "2025-06-03T14:05:09+02:00"}, {"time_zone", "Europe/Paris"}};

struct Env {
  std::map<std::string, std::string> variables;
  Env(std::map<std::string, std::string> vars) : variables(std::move(vars)) {
    for (const auto& [k, v] : variables) ::setenv(k.c_str(), v.c_str(), 1);
  }
  ~Env() {
    for (const auto& [k, v] : variables) ::unsetenv(k.c_str());
  }
};

class ProviderFlowTest : public ::testing::Test {
 protected:
  void SetUp() override { stand_in().reset(); }
  static StandIn& stand_in() { return StandIn::shared(); }

  // Starts the binary with `--model MODEL`, says "add buy milk", returns the stream.
  StreamResult add_buy_milk(const std::string& model) {
    ServerProcess server(server_binary(), {"--port", "0", "--db", (dir_.path() / "db.sqlite").string(), "--model", model,
                                           "--use-case", "todo", "--log-level", "warn"},
                         dir_.path() / "stderr.txt");
    const auto port = server.wait_listening();
    EXPECT_NE(port, 0) << server.stderr_text();
    StreamResult stream = stream_chatkit(port, create_thread_request("add buy milk"));
    stderr_ = server.stderr_text();
    return stream;
  }

  // The model requests the stand-in received (token requests left out).
  std::vector<json> model_requests() {
    std::vector<json> requests;
    for (const auto& entry : stand_in().log()) {
      const std::string path = entry.value("path", "");
      if (path.find("token") == std::string::npos && path.find("msi") == std::string::npos) requests.push_back(entry);
    }
    return requests;
  }

  // The Entra ID token the first model request carried, checked to be one the stand-in issued.
  std::string entra_token() {
    if (model_requests().empty()) {
      ADD_FAILURE() << "no model request reached the stand-in";
      return {};
    }
    std::string token = model_requests()[0]["headers"].value("authorization", "");
    EXPECT_TRUE(token.starts_with("Bearer tok-")) << token;
    return token;
  }

  void expect_todo_flow(const StreamResult& stream, const std::string& reply, const std::string& authorization) {
    EXPECT_EQ(stream.status, 200) << stderr_;
    EXPECT_EQ(stream.index_of("error"), -1) << stream.raw << stderr_;
    EXPECT_NE(stream.raw.find(reply), std::string::npos) << stream.raw;
    EXPECT_NE(stream.raw.find("\"label\":\"buy milk\""), std::string::npos) << "the card shows the todo";
    EXPECT_NE(stream.raw.find("\"title\":\"Milk errands\""), std::string::npos) << "the model titled the thread";
    const auto requests = model_requests();
    ASSERT_EQ(requests.size(), 3u) << stand_in().log().dump();  // tool call, answer, title
    for (const auto& request : requests) {
      const json headers = request["headers"];
      const std::string header = headers.contains("api-key") ? "api-key " + headers.value("api-key", "")
                                                             : headers.value("authorization", "");
      EXPECT_EQ(header, authorization);
    }
    // The second request gives the model the tool's output, with the todo's id and title.
    const std::string second = requests[1].value("body", "");
    EXPECT_NE(second.find("call_1"), std::string::npos);
    EXPECT_NE(second.find("\\\"added\\\":{\\\"done\\\":false,\\\"id\\\":1,\\\"title\\\":\\\"buy milk\\\"}"), std::string::npos) << second;
  }

  // "what time is it?" with --model MODEL: the model calls get_local_time, the stream ends with it
  // pending; the browser's output then continues the answer. Both streams, in order.
  std::pair<StreamResult, StreamResult> ask_the_time(const std::string& model) {
    ServerProcess server(server_binary(),
                         {"--port", "0", "--db", (dir_.path() / "db.sqlite").string(), "--model", model, "--use-case",
                          "todo", "--log-level", "warn"},
                         dir_.path() / "stderr.txt");
    const auto port = server.wait_listening();
    EXPECT_NE(port, 0) << server.stderr_text();
    StreamResult asked = stream_chatkit(port, create_thread_request("what time is it?"));
    const std::string thread = asked.events.empty() ? "" : asked.events[0]["thread"].value("id", "");
    StreamResult answered = stream_chatkit(
        port, request("threads.add_client_tool_output", {{"thread_id", thread}, {"result", kBrowserTime}}));
    stderr_ = server.stderr_text();
    return {std::move(asked), std::move(answered)};
  }

  // The first stream ends with the pending call, as the model made it; the second says the answer.
  void expect_pending_then_answer(const StreamResult& asked, const StreamResult& answered) {
    EXPECT_EQ(asked.index_of("error"), -1) << asked.raw << stderr_;
    json item;  // the last item done: the user's message is the first
    for (const auto& event : asked.events) {
      if (event.value("type", "") == "thread.item.done") item = event["item"];
    }
    EXPECT_EQ(item.value("type", ""), "client_tool_call") << asked.raw;
    EXPECT_EQ(item.value("status", ""), "pending");
    EXPECT_EQ(item.value("call_id", ""), "call_time") << "the model's call id, so that the output pairs with it";
    EXPECT_EQ(item.value("name", ""), "get_local_time");
    EXPECT_EQ(item["arguments"], json::object());
    EXPECT_EQ(answered.status, 200) << answered.head.body;
    EXPECT_EQ(answered.index_of("error"), -1) << answered.raw << stderr_;
    EXPECT_NE(answered.raw.find("It is 14:05 in Paris."), std::string::npos) << answered.raw;
    const auto requests = model_requests();
    ASSERT_EQ(requests.size(), 3u) << stand_in().log().dump();  // the call, the title, the continuation
    EXPECT_NE(requests[0].value("body", "").find("\"get_local_time\""), std::string::npos) << "offered as a tool";
  }

  // The continuation's upstream body.
  json continuation_body() {
    const auto requests = model_requests();
    return requests.size() < 3 ? json() : json::parse(requests[2].value("body", "{}"), nullptr, false);
  }

  TempDir dir_{"chatkit_provider"};
  std::string stderr_;
};

TEST_F(ProviderFlowTest, OpenAiChatCompletionsWithAnApiKey) {
  Env env({{"OPENAI_BASE_URL", stand_in().url("/v1")}, {"OPENAI_API_KEY", "sk-test"}, {"OPENAI_MODEL", "gpt-test"}});
  stand_in().script(json::array({chat_tool_call(), chat_text("Added buy milk."), chat_text("Milk errands")}));
  expect_todo_flow(add_buy_milk("openai"), "Added buy milk.", "Bearer sk-test");
  EXPECT_EQ(model_requests()[0].value("path", ""), "/v1/chat/completions");
}

TEST_F(ProviderFlowTest, AzureResponsesWithAnApiKey) {
  Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
           {"AZURE_OPENAI_API_KEY", "azure-key"}});
  stand_in().script(json::array({responses_tool_call(), responses_text("Added buy milk."), responses_text("Milk errands")}));
  expect_todo_flow(add_buy_milk("azure"), "Added buy milk.", "api-key azure-key");
  EXPECT_TRUE(model_requests()[0].value("path", "").starts_with("/openai/responses?api-version=")) << model_requests()[0];
}

TEST_F(ProviderFlowTest, AzureResponsesWithAClientSecret) {
  Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
           {"AZURE_TENANT_ID", "tenant-1"}, {"AZURE_CLIENT_ID", "client-1"}, {"AZURE_CLIENT_SECRET", "good-secret"},
           {"AZURE_AUTHORITY_HOST", stand_in().base_url()}});
  stand_in().script(json::array({responses_tool_call(), responses_text("Added buy milk."), responses_text("Milk errands")}));
  const auto stream = add_buy_milk("azure");
  expect_todo_flow(stream, "Added buy milk.", entra_token());  // one token, cached for all three requests
}

TEST_F(ProviderFlowTest, AzureChatWithWorkloadIdentity) {
  const auto token_file = dir_.path() / "federated-token";
  std::ofstream(token_file) << "good-assertion\n";
  Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
           {"AZURE_OPENAI_API", "chat"}, {"AZURE_TENANT_ID", "tenant-1"}, {"AZURE_CLIENT_ID", "client-1"},
           {"AZURE_FEDERATED_TOKEN_FILE", token_file.string()}, {"AZURE_AUTHORITY_HOST", stand_in().base_url()}});
  stand_in().script(json::array({chat_tool_call(), chat_text("Added buy milk."), chat_text("Milk errands")}));
  const auto stream = add_buy_milk("azure");
  expect_todo_flow(stream, "Added buy milk.", entra_token());
  ASSERT_FALSE(model_requests().empty());
  EXPECT_TRUE(model_requests()[0].value("path", "").starts_with("/openai/deployments/gpt-dep/chat/completions?api-version="));
}

TEST_F(ProviderFlowTest, AzureResponsesWithManagedIdentityOfAppService) {
  Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
           {"IDENTITY_ENDPOINT", stand_in().url("/msi/token")}, {"IDENTITY_HEADER", "good-header"}});
  stand_in().script(json::array({responses_tool_call(), responses_text("Added buy milk."), responses_text("Milk errands")}));
  const auto stream = add_buy_milk("azure");
  expect_todo_flow(stream, "Added buy milk.", entra_token());
}

TEST_F(ProviderFlowTest, AzureResponsesWithManagedIdentityOfImds) {
  Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
           {"AZURE_POD_IDENTITY_AUTHORITY_HOST", stand_in().base_url()}});
  stand_in().script(json::array({responses_tool_call(), responses_text("Added buy milk."), responses_text("Milk errands")}));
  const auto stream = add_buy_milk("azure");
  expect_todo_flow(stream, "Added buy milk.", entra_token());
}

TEST_F(ProviderFlowTest, AClientToolCallThroughChatCompletions) {
  Env env({{"OPENAI_BASE_URL", stand_in().url("/v1")}, {"OPENAI_API_KEY", "sk-test"}});
  stand_in().script(json::array({chat_client_tool_call(), chat_text("Time"), chat_text("It is 14:05 in Paris.")}));
  const auto [asked, answered] = ask_the_time("openai");
  expect_pending_then_answer(asked, answered);
  // The call as an assistant message's tool call, then the browser's result as its tool message.
  const json messages = continuation_body()["messages"];
  ASSERT_TRUE(messages.is_array()) << continuation_body();
  ASSERT_GE(messages.size(), 2u);
  const json& call = messages[messages.size() - 2];
  EXPECT_EQ(call.value("role", ""), "assistant");
  EXPECT_EQ(call["tool_calls"][0].value("id", ""), "call_time");
  EXPECT_EQ(call["tool_calls"][0]["function"].value("name", ""), "get_local_time");
  const json& output = messages.back();
  EXPECT_EQ(output.value("role", ""), "tool");
  EXPECT_EQ(output.value("tool_call_id", ""), "call_time");
  EXPECT_EQ(json::parse(output.value("content", "null")), kBrowserTime);
}

TEST_F(ProviderFlowTest, AClientToolCallThroughResponses) {
  Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
           {"AZURE_OPENAI_API_KEY", "azure-key"}});
  stand_in().script(json::array({responses_client_tool_call(), responses_text("Time"),
                                 responses_text("It is 14:05 in Paris.")}));
  const auto [asked, answered] = ask_the_time("azure");
  expect_pending_then_answer(asked, answered);
  // function_call, then function_call_output with the browser's result.
  const json input = continuation_body()["input"];
  ASSERT_TRUE(input.is_array()) << continuation_body();
  ASSERT_GE(input.size(), 2u);
  const json& call = input[input.size() - 2];
  EXPECT_EQ(call.value("type", ""), "function_call");
  EXPECT_EQ(call.value("call_id", ""), "call_time");
  EXPECT_EQ(call.value("name", ""), "get_local_time");
  EXPECT_EQ(call.value("arguments", ""), "{}");
  const json& output = input.back();
  EXPECT_EQ(output.value("type", ""), "function_call_output");
  EXPECT_EQ(output.value("call_id", ""), "call_time");
  EXPECT_EQ(json::parse(output.value("output", "null")), kBrowserTime);
}

TEST_F(ProviderFlowTest, ABadSecretIsAClearErrorEvent) {
  Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
           {"AZURE_TENANT_ID", "tenant-1"}, {"AZURE_CLIENT_ID", "client-1"}, {"AZURE_CLIENT_SECRET", "wrong"},
           {"AZURE_AUTHORITY_HOST", stand_in().base_url()}});
  const auto stream = add_buy_milk("azure");
  ASSERT_NE(stream.index_of("error"), -1) << stream.raw;
  const json error = stream.events[static_cast<std::size_t>(stream.index_of("error"))];
  EXPECT_NE(error.value("message", "").find("AADSTS7000215"), std::string::npos) << error;
  EXPECT_FALSE(error.value("allow_retry", true));
  EXPECT_NE(stream.raw.find("\"text\":\"add buy milk\""), std::string::npos) << "the user's message is kept";
}

TEST_F(ProviderFlowTest, A429ThenSuccess) {
  Env env({{"OPENAI_BASE_URL", stand_in().url("/v1")}, {"OPENAI_API_KEY", "sk-test"}});
  const json too_many = {{"status", 429}, {"headers", {{"retry-after", "0"}, {"content-type", "application/json"}}},
                         {"chunks", {{{"data", R"({"error":{"message":"Rate limit reached","type":"requests"}})"}}}}};
  stand_in().script(json::array({too_many, chat_tool_call(), chat_text("Added buy milk."), chat_text("Milk errands")}));
  const auto stream = add_buy_milk("openai");
  EXPECT_EQ(stream.index_of("error"), -1) << stream.raw;
  EXPECT_NE(stream.raw.find("Added buy milk."), std::string::npos);
  EXPECT_EQ(model_requests().size(), 4u);
}

// An upstream answer that sends its first words and then hangs.
void script_hanging_answer(StandIn& stand_in) {
  const json partial = {{"id", "c"}, {"object", "chat.completion.chunk"},
                        {"choices", {{{"index", 0}, {"delta", {{"role", "assistant"}, {"content", "Thinking about it"}}}}}}};
  stand_in.script(json::array({{{"status", 200}, {"headers", {{"content-type", "text/event-stream"}}},
                                {"chunks", {{{"data", sse(partial)}}}}, {"end", "hang"}}}));
}

// Reads the stream until the upstream's first words arrived; the run id of its events.
std::string read_until_first_words(SseClient& client) {
  while (auto event = client.next()) {
    if (event->value("type", "") == "thread.item.updated") break;
  }
  const auto& id = client.last_event_id();
  return id.substr(0, id.rfind(':'));
}

TEST_F(ProviderFlowTest, AClientThatLeavesAbortsTheUpstreamRequestWithoutDetachGrace) {
  Env env({{"OPENAI_BASE_URL", stand_in().url("/v1")}, {"OPENAI_API_KEY", "sk-test"}});
  script_hanging_answer(stand_in());
  ServerProcess server(server_binary(), {"--port", "0", "--db", (dir_.path() / "db.sqlite").string(), "--model", "openai",
                                         "--log-level", "warn", "--detach-grace", "0"},
                       dir_.path() / "stderr.txt");
  const auto port = server.wait_listening();
  ASSERT_NE(port, 0) << server.stderr_text();
  SseClient client(port, create_thread_request("tell me something"));
  read_until_first_words(client);
  client.connection().close();
  EXPECT_TRUE(stand_in().wait_aborted(0)) << stand_in().log().dump();
}

// PROTOCOL §4.7: with the default grace a client that leaves does not stop the answer, but a cancel does,
// aborting the upstream request, before the cancel is answered.
TEST_F(ProviderFlowTest, CancellingTheRunAbortsTheUpstreamRequest) {
  Env env({{"OPENAI_BASE_URL", stand_in().url("/v1")}, {"OPENAI_API_KEY", "sk-test"}});
  script_hanging_answer(stand_in());
  ServerProcess server(server_binary(), {"--port", "0", "--db", (dir_.path() / "db.sqlite").string(), "--model", "openai",
                                         "--log-level", "warn"},
                       dir_.path() / "stderr.txt");
  const auto port = server.wait_listening();
  ASSERT_NE(port, 0) << server.stderr_text();
  SseClient client(port, create_thread_request("tell me something"));
  const auto run_id = read_until_first_words(client);
  ASSERT_TRUE(run_id.starts_with("run_")) << run_id;
  client.connection().close();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(stand_in().log()[0].value("aborted", true)) << "the answer was stopped by the disconnect";
  const auto asked = std::chrono::steady_clock::now();
  const auto cancelled = http_request(port, "POST", "/chatkit/runs/" + run_id + "/cancel");
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked);
  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json_body().value("status", ""), "cancelled");
  EXPECT_TRUE(stand_in().wait_aborted(0)) << stand_in().log().dump();
  std::cout << "[ figures ] cancel answered in " << took.count() << " ms, the upstream aborted\n";
}

}  // namespace
}  // namespace chatkit::testing
