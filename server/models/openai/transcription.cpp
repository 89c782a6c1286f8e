#include "server/models/openai/transcription.hpp"

#include <optional>
#include <random>

#include <nlohmann/json.hpp>

#include "server/models/openai/retry.hpp"
#include "server/models/openai/retry_wait.hpp"
#include "server/models/openai/upstream_error.hpp"

namespace chatkit::server {

namespace {

std::string random_boundary() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string boundary = "chatkit-audio-";
  for (int i = 0; i < 2; ++i) {
    for (std::uint64_t bits = generator(), k = 0; k < 16; ++k, bits >>= 4) boundary += kHex[bits & 0xF];
  }
  return boundary;
}

void form_field(std::string& body, std::string_view boundary, std::string_view name, std::string_view value) {
  body += "--" + std::string(boundary) + "\r\nContent-Disposition: form-data; name=\"" + std::string(name) +
          "\"\r\n\r\n" + std::string(value) + "\r\n";
}

std::string transcript_of(const std::string& body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("text") || !parsed["text"].is_string()) {
    throw ModelError(ModelFailure::malformed, "the transcription answer has no \"text\": " + body.substr(0, 200));
  }
  return parsed["text"].get<std::string>();
}

// What one try came to: the words, or what to do next.
struct Attempt {
  std::optional<std::string> text;
  std::optional<StatusVerdict> verdict;
  std::optional<std::chrono::milliseconds> retry_after;
};

ModelError transport_error(const HttpFailure& failure) {
  switch (failure.kind()) {
    case HttpFailure::Kind::connect:
      return ModelError(ModelFailure::unavailable, std::string("could not connect to the model provider: ") + failure.what());
    case HttpFailure::Kind::transfer:
      return ModelError(ModelFailure::unavailable, std::string("the connection to the model provider failed: ") + failure.what());
    case HttpFailure::Kind::timeout:
      return ModelError(ModelFailure::timeout, std::string("the model provider did not answer in time: ") + failure.what());
    case HttpFailure::Kind::too_large:
      return ModelError(ModelFailure::malformed, std::string("the model provider's answer is too large: ") + failure.what());
  }
  return ModelError(ModelFailure::unavailable, failure.what());
}

}  // namespace

std::string audio_file_name(std::string_view media_type) {
  const auto slash = media_type.find('/');
  std::string subtype(slash == std::string_view::npos ? std::string_view("bin") : media_type.substr(slash + 1));
  if (subtype == "mpeg" || subtype == "mp3") subtype = "mp3";
  else if (subtype == "x-wav" || subtype == "wave" || subtype == "vnd.wave") subtype = "wav";
  else if (subtype == "x-m4a" || subtype == "m4a") subtype = "m4a";
  else if (subtype == "x-flac") subtype = "flac";
  for (char c : subtype) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return "audio.bin";
  }
  return "audio." + subtype;
}

std::string transcription_body(const TranscriptionRequest& request, std::string_view model, std::string_view boundary) {
  std::string body;
  body.reserve(request.audio.size() + 512);
  if (!model.empty()) form_field(body, boundary, "model", model);
  body += "--" + std::string(boundary) + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
          audio_file_name(request.media_type) + "\"\r\nContent-Type: " + request.media_type + "\r\n\r\n";
  body += request.audio;
  body += "\r\n";
  form_field(body, boundary, "response_format", "json");
  body += "--" + std::string(boundary) + "--\r\n";
  return body;
}

std::string openai_transcription_url(std::string_view base_url) {
  std::string url(base_url);
  while (url.ends_with('/')) url.pop_back();
  return url + "/audio/transcriptions";
}

std::string azure_transcription_url(std::string_view endpoint, std::string_view deployment,
                                    std::string_view api_version) {
  // The chat URL's shape, with the transcription deployment: same escaping, same api-version query.
  std::string url = azure_url(endpoint, deployment, api_version, OpenAiEndpoint::Api::chat);
  const auto chat = url.find("/chat/completions?");
  return url.replace(chat, std::string_view("/chat/completions").size(), "/audio/transcriptions");
}

awaitable<std::string> OpenAiTranscriber::transcribe(const TranscriptionRequest& request) {
  const std::string boundary = random_boundary();
  const std::string body = transcription_body(request, endpoint_.model, boundary);
  bool credential_refreshed = false;
  for (int attempt = 1;; ++attempt) {
    std::pair<std::string, std::string> auth = co_await credential_.header();
    HttpRequest http;
    http.url = endpoint_.url;
    http.headers = {std::move(auth), {"content-type", "multipart/form-data; boundary=" + boundary},
                    {"accept", "application/json"}};
    http.body = body;
    http.connect_timeout = endpoint_.connect_timeout;
    http.head_timeout = endpoint_.head_timeout;
    http.idle_timeout = endpoint_.idle_timeout;
    http.max_body_bytes = 1u << 20;
    Attempt outcome;
    std::optional<HttpFailure> failure;
    try {
      HttpResponse response = co_await http_.fetch(std::move(http));
      if (response.head.status >= 200 && response.head.status <= 299) {
        outcome.text = transcript_of(response.body);
      } else {
        outcome.verdict = classify_status(response.head.status, response.body);
        outcome.retry_after = retry_after(response.head, std::chrono::system_clock::now());
      }
    } catch (const HttpFailure& caught) {
      failure = caught;
    }
    if (outcome.text) co_return *outcome.text;
    ModelError error = failure ? transport_error(*failure) : outcome.verdict->error;
    const bool retry = failure ? error.failure() == ModelFailure::unavailable
                               : outcome.verdict->action == StatusVerdict::Action::retry;
    if (!failure && outcome.verdict->action == StatusVerdict::Action::refresh_credential) {
      // A cached token may have been revoked or expired early: one fresh try, not counted.
      if (credential_refreshed) throw ModelError(ModelFailure::bad_credentials, error.what());
      credential_refreshed = true;
      credential_.invalidate();
      --attempt;
      continue;
    }
    if (!retry) throw error;
    if (attempt >= endpoint_.retry.max_attempts) throw gave_up(error, attempt);
    co_await wait_before_retry(endpoint_.retry, attempt, outcome.retry_after);
  }
}

}  // namespace chatkit::server
