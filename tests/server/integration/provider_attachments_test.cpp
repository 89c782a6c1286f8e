// Attachments and dictation through the real chatkit-server binary and a real provider over
// libcurl, against the node stand-in for the cloud on loopback (docs/PROTOCOL.md §2.17, §8.4): the
// exact image, file and text parts each API is sent (Chat Completions and Responses, OpenAI and
// Azure OpenAI), the transcription request with its multipart body, and upstream errors mapped as
// for chat (a 429 retried, bad credentials and a refused request answered with what went wrong).
#include <cstdlib>

#include <gtest/gtest.h>

#include "../models/http_client_stand_in.hpp"
#include "http_client.hpp"
#include "process.hpp"
#include "server_harness.hpp"
#include "support/media_samples.hpp"

namespace chatkit::testing {
namespace {

std::string sse(const json& event) { return "data: " + event.dump() + "\n\n"; }

json streamed(std::string body) {
  return {{"status", 200}, {"headers", {{"content-type", "text/event-stream"}}}, {"chunks", {{{"data", std::move(body)}}}}};
}

json chat_text(const std::string& text) {
  const json chunk = {{"id", "chatcmpl-x"}, {"object", "chat.completion.chunk"},
                      {"choices", {{{"index", 0}, {"delta", {{"role", "assistant"}, {"content", text}}}, {"finish_reason", "stop"}}}}};
  return streamed(sse(chunk) + "data: [DONE]\n\n");
}

json responses_text(const std::string& text) {
  const json message = {{"type", "message"}, {"id", "msg_up"}, {"role", "assistant"}, {"status", "completed"},
                        {"content", {{{"type", "output_text"}, {"text", text}, {"annotations", json::array()}}}}};
  return streamed(
      sse({{"type", "response.output_item.added"}, {"output_index", 0},
           {"item", {{"type", "message"}, {"id", "msg_up"}, {"role", "assistant"}, {"content", json::array()}}}}) +
      sse({{"type", "response.output_text.delta"}, {"output_index", 0}, {"item_id", "msg_up"}, {"content_index", 0}, {"delta", text}}) +
      sse({{"type", "response.output_item.done"}, {"output_index", 0}, {"item", message}}) +
      sse({{"type", "response.completed"}, {"response", {{"id", "resp_2"}}}}));
}

// Our own encoder, so that the expectation does not come from the code under test.
std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (unsigned char c : bytes) {
    bits = bits << 8 | c;
    count += 8;
    while (count >= 6) out += kAlphabet[(bits >> (count -= 6)) & 63];
  }
  if (count > 0) out += kAlphabet[(bits << (6 - count)) & 63];
  while (out.size() % 4) out += '=';
  return out;
}

std::string unbase64(std::string_view text) {
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    const auto at = std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/").find(c);
    if (at == std::string_view::npos) continue;
    bits = bits << 6 | static_cast<std::uint32_t>(at);
    count += 6;
    if (count >= 8) out += static_cast<char>((bits >> (count -= 8)) & 0xFF);
  }
  return out;
}

struct Env {
  std::map<std::string, std::string> variables;
  explicit Env(std::map<std::string, std::string> vars) : variables(std::move(vars)) {
    for (const auto& [k, v] : variables) ::setenv(k.c_str(), v.c_str(), 1);
  }
  ~Env() {
    for (const auto& [k, v] : variables) ::unsetenv(k.c_str());
  }
};

const std::string kPng = png_bytes(4, 3);
const std::string kText = "milk\neggs\n";

class ProviderAttachmentsTest : public ::testing::Test {
 protected:
  void SetUp() override { StandIn::shared().reset(); }
  StandIn& stand_in() { return StandIn::shared(); }

  std::uint16_t start(const std::string& model) {
    server_ = std::make_unique<ServerProcess>(
        server_binary(),
        std::vector<std::string>{"--port", "0", "--db", (dir_.path() / "db.sqlite").string(), "--attachments-dir",
                                 (dir_.path() / "attachments").string(), "--model", model, "--use-case", "chat",
                                 "--log-level", "warn"},
        dir_.path() / "stderr.txt");
    port_ = server_->wait_listening();
    EXPECT_NE(port_, 0) << server_->stderr_text();
    return port_;
  }

  // A PNG by the two-phase upload, a PDF and a text file by the direct one: their ids.
  std::vector<json> upload_three() {
    const auto created = post_chatkit(port_, request("attachments.create", {{"name", "photo.png"}, {"size", kPng.size()}, {"mime_type", "image/png"}}));
    const json record = created.json_body();
    const std::string url = record["upload_descriptor"]["url"];
    const auto put = http_request(port_, "PUT", url.substr(url.find("/chatkit/")), kPng, {{"Content-Type", "image/png"}});
    EXPECT_EQ(put.status, 200) << put.body;
    std::vector<json> ids{record["id"]};
    for (const auto& [name, type, bytes] : {std::tuple{"report.pdf", "application/pdf", pdf_bytes()},
                                            std::tuple{"notes.txt", "text/plain", kText}}) {
      const std::string body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + std::string(name) +
                               "\"\r\nContent-Type: " + type + "\r\n\r\n" + bytes + "\r\n--b--\r\n";
      const auto uploaded = http_request(port_, "POST", "/chatkit/attachments", body,
                                         {{"Content-Type", "multipart/form-data; boundary=b"}});
      EXPECT_EQ(uploaded.status, 200) << uploaded.body;
      ids.push_back(uploaded.json_body()["id"]);
    }
    return ids;
  }

  StreamResult ask_about_three() {
    json input = user_input("What are these?");
    input["attachments"] = upload_three();
    return stream_chatkit(port_, request("threads.create", {{"input", input}}));
  }

  // The body of the first model request the stand-in received.
  json first_model_body() {
    for (const auto& entry : stand_in().log()) {
      const std::string path = entry.value("path", "");
      if (path.find("/chat/completions") != std::string::npos || path.find("/responses") != std::string::npos) {
        return json::parse(entry.value("body", "{}"), nullptr, false);
      }
    }
    ADD_FAILURE() << "no model request: " << stand_in().log().dump();
    return {};
  }

  static json chat_parts() {
    return json::array({{{"type", "text"}, {"text", "What are these?"}},
                        {{"type", "image_url"}, {"image_url", {{"url", "data:image/png;base64," + base64(kPng)}}}},
                        {{"type", "file"}, {"file", {{"filename", "report.pdf"}, {"file_data", "data:application/pdf;base64," + base64(pdf_bytes())}}}},
                        {{"type", "text"}, {"text", "File \"notes.txt\" (text/plain):\n" + kText}}});
  }
  static json responses_parts() {
    return json::array({{{"type", "input_text"}, {"text", "What are these?"}},
                        {{"type", "input_image"}, {"image_url", "data:image/png;base64," + base64(kPng)}, {"detail", "auto"}},
                        {{"type", "input_file"}, {"filename", "report.pdf"}, {"file_data", "data:application/pdf;base64," + base64(pdf_bytes())}},
                        {{"type", "input_text"}, {"text", "File \"notes.txt\" (text/plain):\n" + kText}}});
  }

  // input.transcribe of a few bytes of "audio".
  HttpResponse transcribe(const std::string& audio = "OggS\x01\x02") {
    return post_chatkit(port_, request("input.transcribe", {{"audio_base64", base64(audio)}, {"mime_type", "audio/webm;codecs=opus"}}));
  }

  // The multipart parts of a logged request, by name: {filename, type, data}.
  static std::map<std::string, std::tuple<std::string, std::string, std::string>> form_of(const json& entry) {
    const std::string type = entry["headers"].value("content-type", "");
    const std::string boundary = type.substr(type.find("boundary=") + 9);
    const std::string body = unbase64(entry.value("body_base64", ""));
    std::map<std::string, std::tuple<std::string, std::string, std::string>> parts;
    std::size_t at = body.find("--" + boundary);
    while (at != std::string::npos && body.compare(at + 2 + boundary.size(), 2, "--") != 0) {
      const auto headers_end = body.find("\r\n\r\n", at);
      const auto end = body.find("\r\n--" + boundary, headers_end);
      const std::string headers = body.substr(at, headers_end - at);
      auto value = [&](const std::string& key, const std::string& stop) {
        const auto k = headers.find(key);
        return k == std::string::npos ? std::string() : headers.substr(k + key.size(), headers.find(stop, k + key.size()) - k - key.size());
      };
      parts[value("name=\"", "\"")] = {value("filename=\"", "\""), value("Content-Type: ", "\r"),
                                       body.substr(headers_end + 4, end - headers_end - 4)};
      at = end + 2;
    }
    return parts;
  }

  TempDir dir_{"chatkit_provider_attach"};
  std::unique_ptr<ServerProcess> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ProviderAttachmentsTest, OpenAiChatCompletionsGetsImageFileAndTextParts) {
  Env env({{"OPENAI_BASE_URL", stand_in().url("/v1")}, {"OPENAI_API_KEY", "sk-test"}});
  start("openai");
  stand_in().script(json::array({chat_text("A photo, a report and a list."), chat_text("Three files")}));
  const auto stream = ask_about_three();
  EXPECT_EQ(stream.index_of("error"), -1) << stream.raw;
  const json body = first_model_body();
  EXPECT_EQ(body["messages"].back(), (json{{"role", "user"}, {"content", chat_parts()}})) << body["messages"].dump(1);
}

TEST_F(ProviderAttachmentsTest, OpenAiResponsesGetsInputImageInputFileAndText) {
  Env env({{"OPENAI_BASE_URL", stand_in().url("/v1")}, {"OPENAI_API_KEY", "sk-test"}, {"OPENAI_API", "responses"}});
  start("openai");
  stand_in().script(json::array({responses_text("A photo, a report and a list."), responses_text("Three files")}));
  const auto stream = ask_about_three();
  EXPECT_EQ(stream.index_of("error"), -1) << stream.raw;
  const json body = first_model_body();
  EXPECT_EQ(body["input"].back(), (json{{"type", "message"}, {"role", "user"}, {"content", responses_parts()}}))
      << body["input"].dump(1);
}

TEST_F(ProviderAttachmentsTest, AzureChatAndResponsesGetTheSameParts) {
  {
    Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
             {"AZURE_OPENAI_API_KEY", "azure-key"}, {"AZURE_OPENAI_API", "chat"}});
    start("azure");
    stand_in().script(json::array({chat_text("Seen."), chat_text("Files")}));
    EXPECT_EQ(ask_about_three().index_of("error"), -1);
    EXPECT_EQ(first_model_body()["messages"].back()["content"], chat_parts());
    server_.reset();
  }
  stand_in().reset();
  Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
           {"AZURE_OPENAI_API_KEY", "azure-key"}});
  start("azure");
  stand_in().script(json::array({responses_text("Seen."), responses_text("Files")}));
  EXPECT_EQ(ask_about_three().index_of("error"), -1);
  EXPECT_EQ(first_model_body()["input"].back()["content"], responses_parts());
}

TEST_F(ProviderAttachmentsTest, OpenAiTranscriptionSendsTheAudioAsMultipart) {
  Env env({{"OPENAI_BASE_URL", stand_in().url("/v1")}, {"OPENAI_API_KEY", "sk-test"},
           {"OPENAI_TRANSCRIBE_MODEL", "whisper-test"}});
  start("openai");
  const std::string audio("OggS\x00\x02\xFF", 7);
  const auto answered = transcribe(audio);
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.json_body(), (json{{"text", "Transcribed 7 bytes of audio/webm."}}));
  const json entry = stand_in().log().at(0);
  EXPECT_EQ(entry["path"], "/v1/audio/transcriptions");
  EXPECT_EQ(entry["headers"]["authorization"], "Bearer sk-test");
  EXPECT_TRUE(entry["headers"].value("content-type", "").starts_with("multipart/form-data; boundary=")) << entry;
  const auto form = form_of(entry);
  ASSERT_EQ(form.size(), 3u) << entry.dump();
  EXPECT_EQ(std::get<2>(form.at("model")), "whisper-test");
  EXPECT_EQ(form.at("file"), std::make_tuple(std::string("audio.webm"), std::string("audio/webm"), audio));
  EXPECT_EQ(std::get<2>(form.at("response_format")), "json");
}

TEST_F(ProviderAttachmentsTest, AzureTranscriptionUsesItsDeploymentAndTheChatsKey) {
  Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
           {"AZURE_OPENAI_API_KEY", "azure-key"}, {"AZURE_OPENAI_TRANSCRIBE_DEPLOYMENT", "whisper-dep"}});
  start("azure");
  const auto answered = transcribe();
  ASSERT_EQ(answered.status, 200) << answered.body;
  const json entry = stand_in().log().at(0);
  EXPECT_EQ(entry["path"], "/openai/deployments/whisper-dep/audio/transcriptions?api-version=2025-04-01-preview");
  EXPECT_EQ(entry["headers"]["api-key"], "azure-key");
  const auto form = form_of(entry);
  EXPECT_EQ(form.count("model"), 0u) << "the URL names the deployment";
  EXPECT_EQ(std::get<0>(form.at("file")), "audio.webm");
}

TEST_F(ProviderAttachmentsTest, AzureWithoutATranscriptionDeploymentSaysSo) {
  Env env({{"AZURE_OPENAI_ENDPOINT", stand_in().base_url()}, {"AZURE_OPENAI_DEPLOYMENT", "gpt-dep"},
           {"AZURE_OPENAI_API_KEY", "azure-key"}});
  start("azure");
  const auto answered = transcribe();
  EXPECT_EQ(answered.status, 501);
  EXPECT_NE(answered.body.find("AZURE_OPENAI_TRANSCRIBE_DEPLOYMENT"), std::string::npos) << answered.body;
  EXPECT_TRUE(stand_in().log().empty());
}

TEST_F(ProviderAttachmentsTest, TranscriptionErrorsAreMappedAsForChat) {
  Env env({{"OPENAI_BASE_URL", stand_in().url("/v1")}, {"OPENAI_API_KEY", "sk-test"}});
  start("openai");
  const std::string path = "/v1/audio/transcriptions";
  auto error = [](int status, const std::string& message, json headers = json::object()) {
    headers["content-type"] = "application/json";
    return json{{"status", status}, {"headers", headers}, {"match", "/v1/audio/transcriptions"},
                {"chunks", {{{"data", json{{"error", {{"message", message}, {"type", "x"}}}}.dump()}}}}};
  };
  // A 429 is retried (its Retry-After honoured), then the stand-in answers.
  stand_in().script(json::array({error(429, "Rate limit reached", {{"retry-after-ms", "10"}})}));
  const auto retried = transcribe();
  EXPECT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(stand_in().log().size(), 2u);
  // Bad credentials: tried once more with a fresh credential, then said plainly.
  stand_in().reset();
  stand_in().script(json::array({error(401, "Incorrect API key provided"), error(401, "Incorrect API key provided")}));
  const auto unauthorized = transcribe();
  EXPECT_EQ(unauthorized.status, 502);
  EXPECT_EQ(unauthorized.json_body()["error"]["code"], "upstream_error");
  EXPECT_NE(unauthorized.body.find("Incorrect API key provided"), std::string::npos) << unauthorized.body;
  // A refused request carries the upstream's own message.
  stand_in().reset();
  stand_in().script(json::array({error(400, "Audio file might be corrupted or unsupported")}));
  const auto refused = transcribe();
  EXPECT_EQ(refused.status, 502);
  EXPECT_NE(refused.body.find("Audio file might be corrupted or unsupported"), std::string::npos) << refused.body;
  EXPECT_EQ(stand_in().log().size(), 1u) << "a 400 is not retried";
  // 5xx after every retry: the attempts are counted in the message.
  stand_in().reset();
  stand_in().script(json::array({error(503, "busy", {{"retry-after-ms", "1"}}), error(503, "busy", {{"retry-after-ms", "1"}}),
                                 error(503, "busy", {{"retry-after-ms", "1"}}), error(503, "busy", {{"retry-after-ms", "1"}})}));
  const auto unavailable = transcribe();
  EXPECT_EQ(unavailable.status, 502);
  EXPECT_NE(unavailable.body.find("gave up after 4 attempts"), std::string::npos) << unavailable.body;
}

}  // namespace
}  // namespace chatkit::testing
