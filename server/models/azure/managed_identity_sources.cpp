#include "server/models/azure/managed_identity_sources.hpp"

#include <utility>

#include "server/models/azure/form_encoding.hpp"
#include "server/models/azure/token_request.hpp"

namespace chatkit::server {
namespace {

// "{endpoint}?api-version=V&resource=R[&client_id=C]"
std::string token_url(const std::string& endpoint, const char* api_version, const ManagedIdentity& identity) {
  FormFields query{{"api-version", api_version}, {"resource", identity.resource}};
  if (!identity.client_id.empty()) query.emplace_back("client_id", identity.client_id);
  const char separator = endpoint.find('?') == std::string::npos ? '?' : '&';
  return endpoint + separator + form_encode(query);
}

std::string described(const char* form, const ManagedIdentity& identity) {
  std::string text = std::string("managed-identity (") + form;
  if (!identity.client_id.empty()) text += ", client " + identity.client_id;
  return text + ")";
}

class AppServiceSource final : public TokenSource {
 public:
  AppServiceSource(HttpClient& http, std::string endpoint, std::string header, ManagedIdentity identity)
      : http_(http), endpoint_(std::move(endpoint)), header_(std::move(header)), identity_(std::move(identity)) {}

  awaitable<TokenGrant> request() override {
    HttpRequest request = token_http_request("GET", token_url(endpoint_, "2019-08-01", identity_));
    request.headers.emplace_back("X-IDENTITY-HEADER", header_);
    std::string kind = describe();
    TokenGrant grant = co_await request_token(http_, std::move(request), std::move(kind));
    co_return grant;
  }
  std::string describe() const override { return described("App Service", identity_); }

 private:
  HttpClient& http_;
  std::string endpoint_;
  std::string header_;
  ManagedIdentity identity_;
};

class ImdsSource final : public TokenSource {
 public:
  ImdsSource(HttpClient& http, std::string endpoint, ManagedIdentity identity)
      : http_(http), endpoint_(std::move(endpoint)), identity_(std::move(identity)) {}

  awaitable<TokenGrant> request() override {
    HttpRequest request =
        token_http_request("GET", token_url(endpoint_ + "/metadata/identity/oauth2/token", "2018-02-01", identity_));
    request.headers.emplace_back("Metadata", "true");
    std::string kind = describe();
    TokenGrant grant = co_await request_token(http_, std::move(request), std::move(kind));
    co_return grant;
  }
  std::string describe() const override { return described("IMDS", identity_); }

 private:
  HttpClient& http_;
  std::string endpoint_;
  ManagedIdentity identity_;
};

}  // namespace

std::shared_ptr<TokenSource> make_app_service_source(HttpClient& http, std::string identity_endpoint,
                                                     std::string identity_header, ManagedIdentity identity) {
  return std::make_shared<AppServiceSource>(http, std::move(identity_endpoint), std::move(identity_header),
                                            std::move(identity));
}

std::shared_ptr<TokenSource> make_imds_source(HttpClient& http, std::string imds_endpoint, ManagedIdentity identity) {
  return std::make_shared<ImdsSource>(http, std::move(imds_endpoint), std::move(identity));
}

}  // namespace chatkit::server
