#include "server/models/azure/token_reply.hpp"

#include <charconv>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/models/model.hpp"

namespace chatkit::server {
namespace {

using json = nlohmann::json;

constexpr std::size_t kSnippet = 200;  // of a body that is not JSON, in messages

[[noreturn]] void refuse(std::string_view kind, const std::string& why) {
  throw ModelError(ModelFailure::bad_credentials, std::string(kind) + ": " + why);
}

// A JSON number, or a string of digits (IMDS sends "3599").
std::optional<long long> integer_field(const json& reply, const char* name) {
  const auto found = reply.find(name);
  if (found == reply.end()) return std::nullopt;
  if (found->is_number()) return static_cast<long long>(found->get<double>());
  if (!found->is_string()) return std::nullopt;
  const auto& text = found->get_ref<const std::string&>();
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string string_field(const json& reply, const char* name) {
  const auto found = reply.find(name);
  return found != reply.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// Entra ID's descriptions end with lines of trace ids: one line reads better in an error event.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string error_text(const HttpResponse& response, const json& reply) {
  const std::string status = "HTTP " + std::to_string(response.head.status);
  if (reply.is_object()) {
    if (reply.contains("error") && reply["error"].is_string()) {
      const std::string description = one_line(string_field(reply, "error_description"));
      return string_field(reply, "error") + (description.empty() ? "" : ": " + description);
    }
    if (reply.contains("error") && reply["error"].is_object()) {
      return string_field(reply["error"], "code") + ": " + one_line(string_field(reply["error"], "message"));
    }
    if (reply.contains("message")) return status + ": " + one_line(string_field(reply, "message"));
  }
  return status + " from the token endpoint: " + one_line(response.body.substr(0, kSnippet));
}

std::chrono::seconds lifetime_of(const json& reply, std::string_view kind, std::chrono::system_clock::time_point now) {
  if (auto expires_in = integer_field(reply, "expires_in")) return std::chrono::seconds(*expires_in);
  if (auto expires_on = integer_field(reply, "expires_on")) {
    const auto epoch_now = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    return std::chrono::seconds(*expires_on - epoch_now);
  }
  refuse(kind, "the token reply has neither expires_in nor expires_on");
}

}  // namespace

TokenGrant parse_token_reply(const HttpResponse& response, std::string_view kind,
                             std::chrono::system_clock::time_point now) {
  const json reply = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (response.head.status < 200 || response.head.status >= 300) refuse(kind, error_text(response, reply));
  if (reply.is_discarded() || !reply.is_object()) {
    refuse(kind, "the token endpoint answered something that is not JSON: " +
                     one_line(response.body.substr(0, kSnippet)));
  }
  TokenGrant grant{.access_token = string_field(reply, "access_token"), .lifetime = lifetime_of(reply, kind, now)};
  if (grant.access_token.empty()) refuse(kind, "the token reply has no access_token");
  if (grant.lifetime.count() <= 0) refuse(kind, "the token reply says that the token has already expired");
  return grant;
}

}  // namespace chatkit::server
