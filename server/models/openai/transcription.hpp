#pragma once
// Dictation through an OpenAI-compatible provider (docs/PROTOCOL.md §2.17): the audio as a
// multipart/form-data POST to /audio/transcriptions, with the chat's credentials, its retry policy
// (429 and 5xx with backoff and Retry-After, a rejected token refreshed once) and its error mapping.
#include <chrono>
#include <string>
#include <string_view>

#include "server/models/azure/credential.hpp"
#include "server/models/http/http_client.hpp"
#include "server/models/model.hpp"
#include "server/models/openai/endpoint.hpp"

namespace chatkit::server {

struct TranscriptionEndpoint {
  // https://api.openai.com/v1/audio/transcriptions, or
  // {AZURE_OPENAI_ENDPOINT}/openai/deployments/{deployment}/audio/transcriptions?api-version=V
  std::string url;
  std::string model;  // the form's "model" field; empty for Azure (the URL names the deployment)
  RetryPolicy retry;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds head_timeout{120'000};  // minutes of audio take a while
  std::chrono::milliseconds idle_timeout{120'000};
};

class OpenAiTranscriber final : public Transcriber {
 public:
  // `http` and `credential` are the chat model's, and must outlive this.
  OpenAiTranscriber(TranscriptionEndpoint endpoint, HttpClient& http, Credential& credential)
      : endpoint_(std::move(endpoint)), http_(http), credential_(credential) {}
  awaitable<std::string> transcribe(const TranscriptionRequest& request) override;

 private:
  TranscriptionEndpoint endpoint_;
  HttpClient& http_;
  Credential& credential_;
};

// "audio.webm": the upstream tells audio formats by the file name's extension.
std::string audio_file_name(std::string_view media_type);
// The request body: "model" (when given), "file" (the audio, with its type) and response_format=json.
std::string transcription_body(const TranscriptionRequest& request, std::string_view model, std::string_view boundary);

std::string openai_transcription_url(std::string_view base_url);
std::string azure_transcription_url(std::string_view endpoint, std::string_view deployment,
                                    std::string_view api_version);

}  // namespace chatkit::server
