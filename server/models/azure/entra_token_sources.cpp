#include "server/models/azure/entra_token_sources.hpp"

#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "server/models/azure/form_encoding.hpp"
#include "server/models/azure/token_request.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {
namespace {

constexpr const char* kJwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// POST {authority}/{tenant}/oauth2/v2.0/token with the form.
HttpRequest token_post(const EntraApplication& application, const FormFields& form) {
  HttpRequest request = token_http_request(
      "POST", application.authority_host + "/" + application.tenant_id + "/oauth2/v2.0/token");
  request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  request.body = form_encode(form);
  return request;
}

std::optional<std::string> read_trimmed(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  const auto first = content.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::string();
  const auto last = content.find_last_not_of(" \t\r\n");
  return content.substr(first, last - first + 1);
}

// The client-credentials grant of both Entra ID sources. They differ only in how the client proves
// who it is: the form's fields between client_id and scope.
class ClientCredentialsSource : public TokenSource {
 public:
  std::string describe() const override {
    return kind_ + " (tenant " + application_.tenant_id + ", client " + application_.client_id + ")";
  }

 protected:
  ClientCredentialsSource(HttpClient& http, EntraApplication application, std::string kind)
      : http_(http), application_(std::move(application)), kind_(std::move(kind)) {}

  // `proof` by reference: GCC 12 may destroy a coroutine's by-value parameters twice.
  awaitable<TokenGrant> post(const FormFields& proof) {
    FormFields form{{"grant_type", "client_credentials"}, {"client_id", application_.client_id}};
    form.insert(form.end(), proof.begin(), proof.end());
    form.emplace_back("scope", application_.scope);
    HttpRequest request = token_post(application_, form);
    std::string kind = describe();
    TokenGrant grant = co_await request_token(http_, std::move(request), std::move(kind));
    co_return grant;
  }

 private:
  HttpClient& http_;
  EntraApplication application_;
  std::string kind_;
};

class ClientSecretSource final : public ClientCredentialsSource {
 public:
  ClientSecretSource(HttpClient& http, EntraApplication application, std::string secret)
      : ClientCredentialsSource(http, std::move(application), "client-secret"), secret_(std::move(secret)) {}

  awaitable<TokenGrant> request() override {
    const FormFields proof{{"client_secret", secret_}};
    TokenGrant grant = co_await post(proof);
    co_return grant;
  }

 private:
  std::string secret_;
};

class WorkloadIdentitySource final : public ClientCredentialsSource {
 public:
  WorkloadIdentitySource(HttpClient& http, EntraApplication application, std::string token_file)
      : ClientCredentialsSource(http, std::move(application), "workload-identity"),
        token_file_(std::move(token_file)) {}

  awaitable<TokenGrant> request() override {
    // Re-read every time: the platform rotates the file (hourly on AKS).
    const std::optional<std::string> assertion = read_trimmed(token_file_);
    if (!assertion || assertion->empty()) {
      throw ModelError(ModelFailure::bad_credentials,
                       describe() + ": the federated token file " + token_file_ + " cannot be read or is empty");
    }
    const FormFields proof{{"client_assertion", *assertion}, {"client_assertion_type", kJwtBearer}};
    TokenGrant grant = co_await post(proof);
    co_return grant;
  }

 private:
  std::string token_file_;
};

}  // namespace

std::shared_ptr<TokenSource> make_client_secret_source(HttpClient& http, EntraApplication application,
                                                       std::string client_secret) {
  return std::make_shared<ClientSecretSource>(http, std::move(application), std::move(client_secret));
}

std::shared_ptr<TokenSource> make_workload_identity_source(HttpClient& http, EntraApplication application,
                                                           std::string federated_token_file) {
  return std::make_shared<WorkloadIdentitySource>(http, std::move(application), std::move(federated_token_file));
}

}  // namespace chatkit::server
