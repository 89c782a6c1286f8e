#include "server/models/catalog/providers.hpp"

#include "server/models/azure/azure_credentials.hpp"
#include "server/models/http/http_client.hpp"
#include "server/models/openai/openai_model.hpp"
#include "server/models/openai/transcription.hpp"

namespace chatkit::server {

namespace {

using Variables = std::map<std::string, std::string>;
using Api = OpenAiEndpoint::Api;

std::string get(const Variables& variables, const std::string& name, std::string fallback = {}) {
  const auto found = variables.find(name);
  return found == variables.end() || found->second.empty() ? fallback : found->second;
}

Error missing(std::string_view spec, std::string_view variable, std::string_view what) {
  return make_error(ErrorCode::invalid_request, "--model " + std::string(spec) + " needs " + std::string(variable) +
                                                    " (" + std::string(what) + ")");
}

Result<Api> api_of(std::string_view variable, const std::string& value) {
  if (value == "chat") return Api::chat;
  if (value == "responses") return Api::responses;
  return make_error(ErrorCode::invalid_request,
                    std::string(variable) + "='" + value + "': expected chat or responses");
}

// A model that owns what it streams through, and its speech to text when one is configured
// (which shares the HTTP client and the credential).
class ProviderModel final : public Model {
 public:
  ProviderModel(std::unique_ptr<HttpClient> http, std::unique_ptr<Credential> credential, OpenAiEndpoint endpoint,
                std::optional<TranscriptionEndpoint> transcription, std::string transcription_missing)
      : http_(std::move(http)),
        credential_(std::move(credential)),
        model_(std::move(endpoint), *http_, *credential_),
        missing_(std::move(transcription_missing)) {
    if (transcription) transcriber_.emplace(std::move(*transcription), *http_, *credential_);
  }
  std::string_view name() const override { return model_.name(); }
  awaitable<void> stream(const ModelRequest& request, ModelEventSink& sink) override {
    return model_.stream(request, sink);
  }
  Transcriber* transcriber() override { return transcriber_ ? &*transcriber_ : nullptr; }
  std::string transcription_missing() const override { return missing_; }

 private:
  std::unique_ptr<HttpClient> http_;
  std::unique_ptr<Credential> credential_;
  OpenAiModel model_;
  std::optional<OpenAiTranscriber> transcriber_;
  std::string missing_;
};

Result<std::unique_ptr<Model>> make_openai(const Variables& v) {
  auto api = api_of("OPENAI_API", get(v, "OPENAI_API", "chat"));
  if (!api) return api.error();
  const std::string key = get(v, "OPENAI_API_KEY");
  const std::string base = get(v, "OPENAI_BASE_URL", "https://api.openai.com/v1");
  // Self-hosted servers (Ollama, vLLM, llama.cpp) take no key; OpenAI itself needs one.
  if (key.empty() && base.find("api.openai.com") != std::string::npos) {
    return missing("openai", "OPENAI_API_KEY", "or OPENAI_BASE_URL pointing at a server that needs no key");
  }
  OpenAiEndpoint endpoint;
  endpoint.api = *api;
  endpoint.url = openai_url(base, *api);
  endpoint.model = get(v, "OPENAI_MODEL", "gpt-4o-mini");
  endpoint.display_name = "openai:" + endpoint.model + (*api == Api::chat ? " (chat)" : " (responses)");
  TranscriptionEndpoint transcription{.url = openai_transcription_url(base),
                                      .model = get(v, "OPENAI_TRANSCRIBE_MODEL", "gpt-4o-mini-transcribe")};
  auto http = make_curl_http_client();
  auto credential = make_bearer_key_credential(key);
  return std::unique_ptr<Model>(
      std::make_unique<ProviderModel>(std::move(http), std::move(credential), endpoint, std::move(transcription), ""));
}

AzureCredentialSettings azure_credentials(const Variables& v) {
  AzureCredentialSettings settings;
  settings.api_key = get(v, "AZURE_OPENAI_API_KEY");
  settings.tenant_id = get(v, "AZURE_TENANT_ID");
  settings.client_id = get(v, "AZURE_CLIENT_ID");
  settings.client_secret = get(v, "AZURE_CLIENT_SECRET");
  settings.federated_token_file = get(v, "AZURE_FEDERATED_TOKEN_FILE");
  settings.authority_host = get(v, "AZURE_AUTHORITY_HOST");
  settings.identity_endpoint = get(v, "IDENTITY_ENDPOINT");
  settings.identity_header = get(v, "IDENTITY_HEADER");
  settings.imds_endpoint = get(v, "AZURE_POD_IDENTITY_AUTHORITY_HOST");
  return settings;
}

Result<std::unique_ptr<Model>> make_azure(const Variables& v) {
  auto api = api_of("AZURE_OPENAI_API", get(v, "AZURE_OPENAI_API", "responses"));
  if (!api) return api.error();
  const std::string endpoint_url = get(v, "AZURE_OPENAI_ENDPOINT");
  const std::string deployment = get(v, "AZURE_OPENAI_DEPLOYMENT");
  if (endpoint_url.empty()) return missing("azure", "AZURE_OPENAI_ENDPOINT", "e.g. https://NAME.openai.azure.com");
  if (deployment.empty()) return missing("azure", "AZURE_OPENAI_DEPLOYMENT", "the model deployment's name");
  const std::string version =
      get(v, "AZURE_OPENAI_API_VERSION", *api == Api::chat ? "2024-10-21" : "2025-04-01-preview");
  auto http = make_curl_http_client();
  auto credential = make_azure_credential(azure_credentials(v), *http);
  if (!credential) return credential.error();
  OpenAiEndpoint endpoint;
  endpoint.api = *api;
  endpoint.url = azure_url(endpoint_url, deployment, version, *api);
  endpoint.model = deployment;
  endpoint.display_name = "azure:" + deployment + (*api == Api::chat ? " (chat, " : " (responses, ") +
                          (*credential)->describe() + ")";
  // Dictation needs a deployment of its own (a transcription model); without one it is off.
  std::optional<TranscriptionEndpoint> transcription;
  const std::string transcribe_deployment = get(v, "AZURE_OPENAI_TRANSCRIBE_DEPLOYMENT");
  if (!transcribe_deployment.empty()) {
    transcription = TranscriptionEndpoint{
        .url = azure_transcription_url(endpoint_url, transcribe_deployment,
                                       get(v, "AZURE_OPENAI_TRANSCRIBE_API_VERSION", "2025-04-01-preview")),
        .model = ""};
  }
  const std::string missing = "dictation on Azure OpenAI needs AZURE_OPENAI_TRANSCRIBE_DEPLOYMENT (the deployment of a "
                              "transcription model such as gpt-4o-mini-transcribe or whisper)";
  return std::unique_ptr<Model>(std::make_unique<ProviderModel>(std::move(http), std::move(*credential), endpoint,
                                                                std::move(transcription), missing));
}

}  // namespace

bool is_provider_model(std::string_view spec) { return spec == "openai" || spec == "azure"; }

Result<std::unique_ptr<Model>> make_provider_model(std::string_view spec, const Variables& variables) {
  if (spec == "openai") return make_openai(variables);
  if (spec == "azure") return make_azure(variables);
  return make_error(ErrorCode::invalid_request, "--model '" + std::string(spec) + "' is not a provider");
}

}  // namespace chatkit::server
