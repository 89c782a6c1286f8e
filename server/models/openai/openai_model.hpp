#pragma once
// An OpenAI-compatible model (OpenAI, Azure OpenAI, and servers that speak the same APIs) over
// Chat Completions or the Responses API: builds the body, authenticates, retries what may heal
// before the first event, and streams the parsed answer into the sink.
#include <memory>
#include <string>

#include "server/models/azure/credential.hpp"
#include "server/models/http/http_client.hpp"
#include "server/models/model.hpp"
#include "server/models/openai/endpoint.hpp"
#include "server/models/openai/ids.hpp"
#include "server/models/openai/stream_parser.hpp"

namespace chatkit::server {

class OpenAiModel final : public Model {
 public:
  // `http` and `credential` are shared with other models and must outlive this one.
  OpenAiModel(OpenAiEndpoint endpoint, HttpClient& http, Credential& credential, IdSource ids = random_ids());

  std::string_view name() const override { return name_; }
  awaitable<void> stream(const ModelRequest& request, ModelEventSink& sink) override;

 private:
  std::string request_body(const ModelRequest& request) const;
  std::unique_ptr<StreamParser> make_parser() const;
  awaitable<HttpRequest> http_request(const std::string& body);

  OpenAiEndpoint endpoint_;
  HttpClient& http_;
  Credential& credential_;
  IdSource ids_;
  std::string name_;
};

}  // namespace chatkit::server
