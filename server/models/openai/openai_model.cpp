#include "server/models/openai/openai_model.hpp"

#include <utility>

#include "core/json_io.hpp"
#include "server/models/openai/chat_request.hpp"
#include "server/models/openai/chat_stream_parser.hpp"
#include "server/models/openai/responses_request.hpp"
#include "server/models/openai/responses_stream_parser.hpp"
#include "server/models/openai/retry_wait.hpp"
#include "server/models/openai/upstream_attempt.hpp"

namespace chatkit::server {
namespace {

std::string default_name(const OpenAiEndpoint& endpoint) {
  const bool chat = endpoint.api == OpenAiEndpoint::Api::chat;
  return "openai:" + (endpoint.model.empty() ? endpoint.url : endpoint.model) + (chat ? " (chat)" : " (responses)");
}

// Only api.openai.com is known to want max_completion_tokens; everything else gets max_tokens.
TokenLimitField token_limit_field(const std::string& url) {
  return url.find("://api.openai.com/") != std::string::npos ? TokenLimitField::max_completion_tokens
                                                              : TokenLimitField::max_tokens;
}

}  // namespace

OpenAiModel::OpenAiModel(OpenAiEndpoint endpoint, HttpClient& http, Credential& credential, IdSource ids)
    : endpoint_(std::move(endpoint)),
      http_(http),
      credential_(credential),
      ids_(std::move(ids)),
      name_(endpoint_.display_name.empty() ? default_name(endpoint_) : endpoint_.display_name) {}

awaitable<void> OpenAiModel::stream(const ModelRequest& request, ModelEventSink& sink) {
  const std::string body = request_body(request);
  CountingSink counted(sink);
  bool credential_refreshed = false;
  for (int attempt = 1;; ++attempt) {
    HttpRequest http = co_await http_request(body);
    std::unique_ptr<StreamParser> parser = make_parser();
    std::optional<AttemptFailure> failure = co_await run_attempt(http_, std::move(http), *parser, counted);
    if (!failure) co_return;
    if (counted.delivered() > 0) throw failure->error;
    if (failure->next == AttemptFailure::Next::refresh_credential) {
      // A cached token may have been revoked or expired early: one fresh try, not counted.
      if (credential_refreshed) {
        throw ModelError(ModelFailure::bad_credentials,
                         std::string(failure->error.what()) + " (credential: " + credential_.describe() + ")");
      }
      credential_refreshed = true;
      credential_.invalidate();
      --attempt;
      continue;
    }
    if (attempt >= endpoint_.retry.max_attempts) throw gave_up(failure->error, attempt);
    co_await wait_before_retry(endpoint_.retry, attempt, failure->retry_after);
  }
}

std::string OpenAiModel::request_body(const ModelRequest& request) const {
  switch (endpoint_.api) {
    case OpenAiEndpoint::Api::chat:
      return to_wire(chat_completions_body(
          request, ChatBodyOptions{.model = endpoint_.model, .token_limit_field = token_limit_field(endpoint_.url)}));
    case OpenAiEndpoint::Api::responses: return to_wire(responses_body(request, endpoint_.model));
  }
  return {};
}

std::unique_ptr<StreamParser> OpenAiModel::make_parser() const {
  switch (endpoint_.api) {
    case OpenAiEndpoint::Api::chat: return std::make_unique<ChatStreamParser>(ids_);
    case OpenAiEndpoint::Api::responses: return std::make_unique<ResponsesStreamParser>(ids_);
  }
  return nullptr;
}

awaitable<HttpRequest> OpenAiModel::http_request(const std::string& body) {
  std::pair<std::string, std::string> auth = co_await credential_.header();
  HttpRequest request;
  request.url = endpoint_.url;
  request.headers.push_back(std::move(auth));
  request.headers.emplace_back("content-type", "application/json");
  request.headers.emplace_back("accept", "text/event-stream");
  request.body = body;
  request.connect_timeout = endpoint_.connect_timeout;
  request.head_timeout = endpoint_.head_timeout;
  request.idle_timeout = endpoint_.idle_timeout;
  co_return request;
}

}  // namespace chatkit::server
