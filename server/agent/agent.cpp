#include "server/agent/agent.hpp"

#include "core/variant_util.hpp"
#include "server/agent/response_translator.hpp"

namespace chatkit::server {

namespace {

std::string user_text(const UserMessageItem& item) {
  std::string text;
  for (const auto& part : item.content) {
    std::visit(Overloaded{[&](const InputTextContent& c) { text += c.text; },
                          [&](const InputTagContent& c) { text += "@" + c.text; }},
               part);
  }
  return text;
}

std::string assistant_text(const AssistantMessageItem& item) {
  std::string text;
  for (const auto& part : item.content) text += part.text;
  return text;
}

std::string hidden(std::string_view text) {
  return "<hidden_context>\n" + std::string(text) + "\n</hidden_context>";
}

}  // namespace

ModelRequest build_model_request(std::string instructions, const std::vector<ThreadItem>& history) {
  ModelRequest request{.instructions = std::move(instructions)};
  for (const auto& item : history) {
    std::visit(Overloaded{
                   [&](const UserMessageItem& i) { request.input.push_back({MessageRole::user, user_text(i)}); },
                   [&](const AssistantMessageItem& i) {
                     request.input.push_back({MessageRole::assistant, assistant_text(i)});
                   },
                   [&](const SdkHiddenContextItem& i) { request.input.push_back({MessageRole::user, hidden(i.content)}); },
                   [&](const HiddenContextItem& i) {
                     if (i.content.is_string()) request.input.push_back({MessageRole::user, hidden(i.content.get<std::string>())});
                   },
                   [&](const auto&) {},
               },
               item);
  }
  return request;
}

awaitable<void> Agent::run(Turn& turn, std::string instructions, const std::vector<ThreadItem>& history) {
  ResponseTranslator translator(turn);
  const ModelRequest request = build_model_request(std::move(instructions), history);
  co_await model_.stream(request, translator);
}

}  // namespace chatkit::server
