#pragma once
// Where an OpenAI-compatible provider is reached and how patiently: the URL to POST to, the
// "model" field, the retry policy and the transfer timeouts. The URL helpers are pure.
#include <chrono>
#include <string>
#include <string_view>

namespace chatkit::server {

// How often and how long to wait before giving up on 429, 5xx and refused connections.
struct RetryPolicy {
  int max_attempts = 4;                      // including the first
  std::chrono::milliseconds base_delay{500};  // doubles after each attempt
  std::chrono::milliseconds max_delay{20'000};  // also caps a Retry-After
};

struct OpenAiEndpoint {
  enum class Api { chat, responses } api = Api::chat;
  // The full URL to POST to, e.g. https://api.openai.com/v1/chat/completions or
  // {AZURE_OPENAI_ENDPOINT}/openai/deployments/{deployment}/chat/completions?api-version=V
  // or {AZURE_OPENAI_ENDPOINT}/openai/responses?api-version=V.
  std::string url;
  // The "model" field of the body (the deployment name on Azure Responses; may be empty for
  // Azure chat, where the URL names the deployment).
  std::string model;
  std::string display_name;  // for Model::name(), e.g. "azure:gpt-4o (responses)"
  RetryPolicy retry;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds head_timeout{60'000};
  std::chrono::milliseconds idle_timeout{60'000};
};

// "https://api.openai.com/v1" (a trailing slash is tolerated) -> ".../chat/completions" or
// ".../responses".
std::string openai_url(std::string_view base_url, OpenAiEndpoint::Api api);

// Azure OpenAI: chat goes to the deployment's URL, responses to the resource-wide one (the
// deployment is then the body's "model").
std::string azure_url(std::string_view endpoint, std::string_view deployment, std::string_view api_version,
                      OpenAiEndpoint::Api api);

}  // namespace chatkit::server
