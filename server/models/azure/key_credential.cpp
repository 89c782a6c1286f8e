// Credentials that are a fixed key: nothing to obtain, nothing to refresh.
#include <utility>

#include "server/models/azure/azure_credentials.hpp"

namespace chatkit::server {
namespace {

class KeyCredential final : public Credential {
 public:
  KeyCredential(std::string header_name, std::string value, std::string description)
      : header_(std::move(header_name), std::move(value)), description_(std::move(description)) {}

  awaitable<std::pair<std::string, std::string>> header() override { co_return header_; }
  std::string describe() const override { return description_; }

 private:
  std::pair<std::string, std::string> header_;
  std::string description_;
};

}  // namespace

std::unique_ptr<Credential> make_api_key_credential(std::string header_name, std::string key) {
  std::string description = header_name == "api-key" ? "api-key" : "api-key (" + header_name + " header)";
  return std::make_unique<KeyCredential>(std::move(header_name), std::move(key), std::move(description));
}

std::unique_ptr<Credential> make_bearer_key_credential(std::string key) {
  return std::make_unique<KeyCredential>("authorization", "Bearer " + key, "api-key (bearer)");
}

}  // namespace chatkit::server
