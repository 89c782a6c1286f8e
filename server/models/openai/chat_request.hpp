#pragma once
// The Chat Completions request body for a ModelRequest (pure).
#include <string>

#include <nlohmann/json.hpp>

#include "server/models/model.hpp"

namespace chatkit::server {

// api.openai.com wants max_completion_tokens (reasoning models refuse max_tokens); most other
// compatible servers and Azure's GA API versions only know max_tokens.
enum class TokenLimitField { max_tokens, max_completion_tokens };

struct ChatBodyOptions {
  std::string model;  // omitted when empty (Azure: the URL names the deployment)
  TokenLimitField token_limit_field = TokenLimitField::max_tokens;
};

// {"model", "stream": true, "stream_options": {"include_usage": true}, "messages", "tools"?, limit?}.
// Consecutive FunctionCalls become one assistant message's tool_calls, attached to the assistant
// text just before them if there is one (the shape the model itself produced, and strict chat
// templates refuse two assistant messages in a row).
nlohmann::json chat_completions_body(const ModelRequest& request, const ChatBodyOptions& options);

}  // namespace chatkit::server
