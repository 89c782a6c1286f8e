// The request bodies of both APIs (exact JSON) and the URL helpers.
#include "server/models/openai/chat_request.hpp"
#include "server/models/openai/responses_request.hpp"
#include "server/models/openai/endpoint.hpp"

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

using nlohmann::json;

// Every input kind: a user message, assistant text followed by two calls, both outputs, and the
// final user message; two tools, one without a schema.
ModelRequest every_input_kind() {
  ModelRequest request;
  request.instructions = "You are terse.";
  request.input = {
      ModelMessage{.role = MessageRole::user, .text = "Weather in Paris and the time?"},
      ModelMessage{.role = MessageRole::assistant, .text = "Checking."},
      FunctionCall{.call_id = "call_1", .name = "get_weather", .arguments = R"({"city":"Paris"})"},
      FunctionCall{.call_id = "call_2", .name = "get_time", .arguments = "{}"},
      FunctionOutput{.call_id = "call_1", .output = R"({"temp_c":21})"},
      FunctionOutput{.call_id = "call_2", .output = R"("12:00")"},
      ModelMessage{.role = MessageRole::user, .text = "Thanks"},
  };
  request.tools = {
      ToolSpec{.name = "get_weather",
               .description = "Current weather",
               .parameters = std::make_shared<const json>(
                   json{{"type", "object"}, {"properties", {{"city", {{"type", "string"}}}}}, {"required", {"city"}}})},
      ToolSpec{.name = "get_time", .description = "Local time", .parameters = nullptr},
  };
  request.max_output_tokens = 256;
  return request;
}

TEST(ChatCompletionsBody, CarriesEveryInputKindAndTheTools) {
  const json body = chat_completions_body(every_input_kind(), ChatBodyOptions{.model = "gpt-4o-mini"});
  const json want = json::parse(R"({
    "model": "gpt-4o-mini",
    "stream": true,
    "stream_options": {"include_usage": true},
    "messages": [
      {"role": "system", "content": "You are terse."},
      {"role": "user", "content": "Weather in Paris and the time?"},
      {"role": "assistant", "content": "Checking.", "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
        {"id": "call_2", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}
      ]},
      {"role": "tool", "tool_call_id": "call_1", "content": "{\"temp_c\":21}"},
      {"role": "tool", "tool_call_id": "call_2", "content": "\"12:00\""},
      {"role": "user", "content": "Thanks"}
    ],
    "tools": [
      {"type": "function", "function": {"name": "get_weather", "description": "Current weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}},
      {"type": "function", "function": {"name": "get_time", "description": "Local time",
        "parameters": {"type": "object", "properties": {}}}}
    ],
    "max_tokens": 256
  })");
  EXPECT_EQ(body, want) << body.dump(2);
}

TEST(ChatCompletionsBody, CallsAfterAToolOutputOpenANewAssistantMessage) {
  ModelRequest request;
  request.input = {
      ModelMessage{.role = MessageRole::user, .text = "Go"},
      FunctionCall{.call_id = "a", .name = "step", .arguments = "{}"},
      FunctionOutput{.call_id = "a", .output = "1"},
      FunctionCall{.call_id = "b", .name = "step", .arguments = "{}"},
  };
  const json messages = chat_completions_body(request, {})["messages"];
  ASSERT_EQ(messages.size(), 4u) << messages.dump(2);
  EXPECT_EQ(messages[1], json::parse(R"({"role":"assistant","content":null,"tool_calls":[
      {"id":"a","type":"function","function":{"name":"step","arguments":"{}"}}]})"));
  EXPECT_EQ(messages[3]["tool_calls"][0]["id"], "b");
  EXPECT_TRUE(messages[3]["content"].is_null());
}

TEST(ChatCompletionsBody, OmitsWhatIsNotSet) {
  ModelRequest request;
  request.input = {ModelMessage{.role = MessageRole::user, .text = "Hi"}};
  const json body = chat_completions_body(request, ChatBodyOptions{.model = ""});
  EXPECT_EQ(body, json::parse(R"({"stream":true,"stream_options":{"include_usage":true},
                                  "messages":[{"role":"user","content":"Hi"}]})"));
}

TEST(ChatCompletionsBody, UsesMaxCompletionTokensWhenAsked) {
  ModelRequest request;
  request.max_output_tokens = 16;
  const json body = chat_completions_body(
      request, ChatBodyOptions{.model = "o4-mini", .token_limit_field = TokenLimitField::max_completion_tokens});
  EXPECT_EQ(body["max_completion_tokens"], 16);
  EXPECT_FALSE(body.contains("max_tokens"));
}

TEST(ResponsesBody, CarriesEveryInputKindAndTheTools) {
  const json body = responses_body(every_input_kind(), "gpt-4o");
  const json want = json::parse(R"({
    "model": "gpt-4o",
    "stream": true,
    "instructions": "You are terse.",
    "input": [
      {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Weather in Paris and the time?"}]},
      {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Checking."}]},
      {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{\"city\":\"Paris\"}"},
      {"type": "function_call", "call_id": "call_2", "name": "get_time", "arguments": "{}"},
      {"type": "function_call_output", "call_id": "call_1", "output": "{\"temp_c\":21}"},
      {"type": "function_call_output", "call_id": "call_2", "output": "\"12:00\""},
      {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Thanks"}]}
    ],
    "tools": [
      {"type": "function", "name": "get_weather", "description": "Current weather",
       "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}, "strict": false},
      {"type": "function", "name": "get_time", "description": "Local time",
       "parameters": {"type": "object", "properties": {}}, "strict": false}
    ],
    "store": false,
    "max_output_tokens": 256
  })");
  EXPECT_EQ(body, want) << body.dump(2);
}

TEST(ResponsesBody, OmitsWhatIsNotSet) {
  ModelRequest request;
  request.input = {ModelMessage{.role = MessageRole::user, .text = "Hi"}};
  EXPECT_EQ(responses_body(request, "gpt-4o"),
            json::parse(R"({"model":"gpt-4o","stream":true,"store":false,
              "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}]})"));
}

// A user message with one file of each kind: an image, a PDF, a text file, something else, and a
// deleted image (its bytes gone).
ModelRequest files_of_every_kind() {
  ModelRequest request;
  ModelMessage message{.role = MessageRole::user, .text = "What are these?", .files = {}};
  message.files.push_back({.kind = AttachedFile::Kind::image, .name = "a.png", .mime_type = "image/png", .size = 3,
                           .data = "PNG", .missing = {}});
  message.files.push_back({.kind = AttachedFile::Kind::pdf, .name = "r.pdf", .mime_type = "application/pdf", .size = 4,
                           .data = "%PDF", .missing = {}});
  message.files.push_back({.kind = AttachedFile::Kind::text, .name = "n.txt", .mime_type = "text/plain", .size = 9,
                           .data = "milk\neggs", .missing = {}});
  message.files.push_back({.kind = AttachedFile::Kind::other, .name = "x.bin", .mime_type = "application/zip",
                           .size = 1234, .data = {}, .missing = {}});
  message.files.push_back({.kind = AttachedFile::Kind::image, .name = "gone.png", .mime_type = "image/png", .size = 0,
                           .data = {}, .missing = "it was deleted since"});
  request.input = {std::move(message)};
  return request;
}

constexpr std::string_view kTextFile = "File \"n.txt\" (text/plain):\nmilk\neggs";
constexpr std::string_view kOtherFile =
    "The user attached \"x.bin\" (application/zip, 1234 bytes); its content cannot be shown to you.";
constexpr std::string_view kGoneFile =
    "The user attached \"gone.png\" (image/png, 0 bytes), but its content is not available: it was deleted since.";

TEST(ChatCompletionsBody, FilesAreImagePartsFilePartsAndText) {
  const json body = chat_completions_body(files_of_every_kind(), {});
  const json want = json::parse(R"({"role": "user", "content": [
      {"type": "text", "text": "What are these?"},
      {"type": "image_url", "image_url": {"url": "data:image/png;base64,UE5H"}},
      {"type": "file", "file": {"filename": "r.pdf", "file_data": "data:application/pdf;base64,JVBERg=="}}
    ]})");
  json expected = want;
  expected["content"].push_back({{"type", "text"}, {"text", kTextFile}});
  expected["content"].push_back({{"type", "text"}, {"text", kOtherFile}});
  expected["content"].push_back({{"type", "text"}, {"text", kGoneFile}});
  EXPECT_EQ(body["messages"][0], expected) << body["messages"].dump(2);
}

TEST(ResponsesBody, FilesAreInputImagesInputFilesAndText) {
  const json body = responses_body(files_of_every_kind(), "gpt-4o");
  json expected = json::parse(R"({"type": "message", "role": "user", "content": [
      {"type": "input_text", "text": "What are these?"},
      {"type": "input_image", "image_url": "data:image/png;base64,UE5H", "detail": "auto"},
      {"type": "input_file", "filename": "r.pdf", "file_data": "data:application/pdf;base64,JVBERg=="}
    ]})");
  expected["content"].push_back({{"type", "input_text"}, {"text", kTextFile}});
  expected["content"].push_back({{"type", "input_text"}, {"text", kOtherFile}});
  expected["content"].push_back({{"type", "input_text"}, {"text", kGoneFile}});
  EXPECT_EQ(body["input"][0], expected) << body["input"].dump(2);
}

TEST(ChatCompletionsBody, AMessageOfFilesAloneHasNoEmptyTextPart) {
  ModelRequest request = files_of_every_kind();
  auto& message = std::get<ModelMessage>(request.input[0]);
  message.text.clear();
  message.files.resize(1);
  EXPECT_EQ(chat_completions_body(request, {})["messages"][0]["content"],
            json::parse(R"([{"type": "image_url", "image_url": {"url": "data:image/png;base64,UE5H"}}])"));
  EXPECT_EQ(responses_body(request, "m")["input"][0]["content"].size(), 1u);
}

TEST(OpenAiUrl, AppendsThePathOfEachApi) {
  using Api = OpenAiEndpoint::Api;
  EXPECT_EQ(openai_url("https://api.openai.com/v1", Api::chat), "https://api.openai.com/v1/chat/completions");
  EXPECT_EQ(openai_url("https://api.openai.com/v1/", Api::responses), "https://api.openai.com/v1/responses");
  EXPECT_EQ(openai_url("http://localhost:11434/v1//", Api::chat), "http://localhost:11434/v1/chat/completions");
}

TEST(AzureUrl, NamesTheDeploymentForChatAndTheResourceForResponses) {
  using Api = OpenAiEndpoint::Api;
  EXPECT_EQ(azure_url("https://contoso.openai.azure.com/", "gpt-4o", "2024-10-21", Api::chat),
            "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
  EXPECT_EQ(azure_url("https://contoso.openai.azure.com", "gpt-4o", "2025-03-01-preview", Api::responses),
            "https://contoso.openai.azure.com/openai/responses?api-version=2025-03-01-preview");
  EXPECT_EQ(azure_url("https://x.openai.azure.com", "my dep/../x", "v", Api::chat),
            "https://x.openai.azure.com/openai/deployments/my%20dep%2F..%2Fx/chat/completions?api-version=v");
}

}  // namespace
}  // namespace chatkit::server
