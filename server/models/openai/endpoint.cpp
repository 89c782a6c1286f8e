#include "server/models/openai/endpoint.hpp"

#include <cctype>

namespace chatkit::server {
namespace {

std::string_view without_trailing_slashes(std::string_view url) {
  while (url.ends_with('/')) url.remove_suffix(1);
  return url;
}

// Deployment names and API versions are plain tokens in practice; anything else is escaped so
// that a stray character can never change which URL is called.
std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

}  // namespace

std::string openai_url(std::string_view base_url, OpenAiEndpoint::Api api) {
  std::string url(without_trailing_slashes(base_url));
  switch (api) {
    case OpenAiEndpoint::Api::chat: return url + "/chat/completions";
    case OpenAiEndpoint::Api::responses: return url + "/responses";
  }
  return url;
}

std::string azure_url(std::string_view endpoint, std::string_view deployment, std::string_view api_version,
                      OpenAiEndpoint::Api api) {
  std::string url(without_trailing_slashes(endpoint));
  switch (api) {
    case OpenAiEndpoint::Api::chat:
      url += "/openai/deployments/" + percent_encode(deployment) + "/chat/completions";
      break;
    case OpenAiEndpoint::Api::responses: url += "/openai/responses"; break;
  }
  return url + "?api-version=" + percent_encode(api_version);
}

}  // namespace chatkit::server
