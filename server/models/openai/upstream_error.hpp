#pragma once
// What an OpenAI-compatible upstream's errors mean for us: HTTP statuses with their error bodies,
// and error objects that arrive inside a stream. Pure.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/models/model.hpp"

namespace chatkit::server {

// The human message of an error body: {"error": {"message"}}, {"error": "..."}, {"message"} (Azure
// API Management), else a quote of the body itself.
std::string upstream_error_message(std::string_view body);

// An error object ({"message", "code", "type"}) received in a stream, or a Responses `error` /
// `response.failed` payload, as the ModelError it stands for.
ModelError stream_error(const nlohmann::json& error);

// What to do with a non-2xx answer.
struct StatusVerdict {
  enum class Action { fail, retry, refresh_credential } action;
  ModelError error;  // the failure to report when we fail (or give up)
};
StatusVerdict classify_status(int status, std::string_view body);

}  // namespace chatkit::server
