#include "server/models/openai/upstream_error.hpp"

#include <array>

#include "core/json_io.hpp"
#include "server/models/openai/sse_json_reader.hpp"

namespace chatkit::server {
namespace {

using json = nlohmann::json;

std::string string_field(const json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// The error's code, or its type when it has no code (OpenAI sets one or both).
std::string error_code(const json& body) {
  const json& error = body.is_object() && body.contains("error") ? body["error"] : body;
  std::string code = string_field(error, "code");
  return code.empty() ? string_field(error, "type") : code;
}

ModelFailure failure_for_code(std::string_view code) {
  static constexpr std::array<std::string_view, 3> kFilter = {"content_filter", "content_policy_violation",
                                                              "ResponsibleAIPolicyViolation"};
  static constexpr std::array<std::string_view, 2> kRate = {"rate_limit_exceeded", "rate_limit_error"};
  static constexpr std::array<std::string_view, 4> kBad = {"invalid_request_error", "invalid_prompt",
                                                           "context_length_exceeded", "invalid_value"};
  for (const auto c : kFilter) if (code == c) return ModelFailure::content_filter;
  for (const auto c : kRate) if (code == c) return ModelFailure::rate_limited;
  for (const auto c : kBad) if (code == c) return ModelFailure::bad_request;
  return ModelFailure::unavailable;
}

std::string with_code(std::string message, const std::string& code) {
  return code.empty() ? message : message + " [" + code + "]";
}

StatusVerdict fail(ModelFailure failure, std::string message) {
  return StatusVerdict{.action = StatusVerdict::Action::fail, .error = ModelError(failure, std::move(message))};
}

StatusVerdict classify_client_error(int status, const std::string& detail, const std::string& code) {
  const std::string http = " (HTTP " + std::to_string(status) + "): ";
  if (code == "content_filter") {
    return fail(ModelFailure::content_filter, "the model provider's content filter refused the prompt" + http + detail);
  }
  if (status == 403) return fail(ModelFailure::bad_credentials, "the model provider denied access" + http + detail);
  if (status == 404) {
    return fail(ModelFailure::bad_request,
                "the model provider does not know this URL, model or deployment" + http + detail);
  }
  return fail(ModelFailure::bad_request, "the model provider rejected the request" + http + with_code(detail, code));
}

}  // namespace

std::string upstream_error_message(std::string_view body) {
  auto parsed = parse_json(body);
  if (parsed && parsed->is_object()) {
    const json& value = *parsed;
    if (value.contains("error")) {
      if (value["error"].is_string()) return value["error"].get<std::string>();
      if (std::string message = string_field(value["error"], "message"); !message.empty()) return message;
    }
    if (std::string message = string_field(value, "message"); !message.empty()) return message;
  }
  if (body.empty()) return "(no error message)";
  return "'" + quote_upstream(body, 200) + "'";
}

ModelError stream_error(const nlohmann::json& error) {
  const std::string code = error_code(error);
  std::string message = string_field(error, "message");
  if (message.empty()) message = json_excerpt(error, 200);
  return ModelError(failure_for_code(code), with_code("the model provider reported an error: " + message, code));
}

StatusVerdict classify_status(int status, std::string_view body) {
  const std::string detail = upstream_error_message(body);
  auto parsed = parse_json(body);
  const std::string code = parsed ? error_code(*parsed) : std::string{};
  const std::string http = " (HTTP " + std::to_string(status) + "): ";
  if (status == 401) {
    return StatusVerdict{.action = StatusVerdict::Action::refresh_credential,
                         .error = ModelError(ModelFailure::bad_credentials,
                                             "the model provider refused the credentials" + http + detail)};
  }
  if (status == 429 && code == "insufficient_quota") {
    return fail(ModelFailure::rate_limited, "the model provider's quota is exhausted" + http + detail);
  }
  if (status == 408 || status == 409 || status == 429 || status >= 500) {
    const bool rate = status == 429;
    return StatusVerdict{
        .action = StatusVerdict::Action::retry,
        .error = ModelError(rate ? ModelFailure::rate_limited : ModelFailure::unavailable,
                            (rate ? "the model provider is rate limiting requests" : "the model provider is unavailable") +
                                http + detail)};
  }
  if (status >= 400) return classify_client_error(status, detail, code);
  return fail(ModelFailure::unavailable, "the model provider answered with an unexpected status" + http + detail);
}

}  // namespace chatkit::server
