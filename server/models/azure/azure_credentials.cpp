// make_azure_credential: which credential kind the settings describe, and whether they are
// complete. The kinds themselves live in their own files.
#include "server/models/azure/azure_credentials.hpp"

#include <fstream>
#include <string_view>
#include <utility>
#include <vector>

#include "server/models/azure/cached_token_credential.hpp"
#include "server/models/azure/entra_token_sources.hpp"
#include "server/models/azure/managed_identity_sources.hpp"

namespace chatkit::server {
namespace {

using CredentialResult = Result<std::unique_ptr<Credential>>;

constexpr const char* kDefaultAuthorityHost = "https://login.microsoftonline.com";
constexpr const char* kDefaultImdsEndpoint = "http://169.254.169.254";
constexpr std::string_view kDefaultScopeSuffix = "/.default";

Error settings_error(const std::string& message) {
  return make_error(ErrorCode::invalid_request, "Azure credentials: " + message);
}

CredentialResult cached(std::shared_ptr<TokenSource> source) {
  std::unique_ptr<Credential> credential = std::make_unique<CachedTokenCredential>(std::move(source));
  return credential;
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool is_http_url(std::string_view url) {
  return (url.starts_with("http://") && url.size() > 7) || (url.starts_with("https://") && url.size() > 8);
}

// A tenant id (a GUID) or a tenant domain: it becomes a path segment of the token URL.
bool is_tenant(std::string_view tenant) {
  if (tenant.empty()) return false;
  for (const char c : tenant) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Client secret or workload identity: both need the tenant and the application (client) id.
CredentialResult make_entra_credential(const AzureCredentialSettings& settings, HttpClient& http) {
  const bool secret = !settings.client_secret.empty();
  const std::string kind = secret ? "AZURE_CLIENT_SECRET" : "AZURE_FEDERATED_TOKEN_FILE";
  std::vector<std::string> missing;
  if (settings.tenant_id.empty()) missing.emplace_back("AZURE_TENANT_ID");
  if (settings.client_id.empty()) missing.emplace_back("AZURE_CLIENT_ID");
  if (missing.size() == 2) return settings_error(kind + " is set, but AZURE_TENANT_ID and AZURE_CLIENT_ID are not");
  if (missing.size() == 1) return settings_error(kind + " is set, but " + missing.front() + " is not");
  if (!is_tenant(settings.tenant_id)) {
    return settings_error("AZURE_TENANT_ID " + quoted(settings.tenant_id) + " is not a tenant id or domain");
  }
  EntraApplication application{
      .authority_host = without_trailing_slashes(
          settings.authority_host.empty() ? kDefaultAuthorityHost : settings.authority_host),
      .tenant_id = settings.tenant_id,
      .client_id = settings.client_id,
      .scope = settings.scope};
  if (!is_http_url(application.authority_host)) {
    return settings_error("AZURE_AUTHORITY_HOST " + quoted(settings.authority_host) + " is not an http(s) URL");
  }
  if (application.scope.empty()) return settings_error("the token scope is empty");
  if (secret) return cached(make_client_secret_source(http, std::move(application), settings.client_secret));
  if (!std::ifstream(settings.federated_token_file)) {
    return settings_error("AZURE_FEDERATED_TOKEN_FILE " + quoted(settings.federated_token_file) + " cannot be read");
  }
  return cached(make_workload_identity_source(http, std::move(application), settings.federated_token_file));
}

// App Service / Container Apps when IDENTITY_ENDPOINT and IDENTITY_HEADER are set, else IMDS.
CredentialResult make_managed_identity_credential(const AzureCredentialSettings& settings, HttpClient& http) {
  if (!settings.scope.ends_with(kDefaultScopeSuffix)) {
    return settings_error("managed identity needs a scope ending in /.default, not " + quoted(settings.scope));
  }
  ManagedIdentity identity{.resource = settings.scope.substr(0, settings.scope.size() - kDefaultScopeSuffix.size()),
                           .client_id = settings.client_id};
  const bool endpoint = !settings.identity_endpoint.empty();
  const bool header = !settings.identity_header.empty();
  if (endpoint && !header) return settings_error("IDENTITY_ENDPOINT is set, but IDENTITY_HEADER is not");
  if (header && !endpoint) return settings_error("IDENTITY_HEADER is set, but IDENTITY_ENDPOINT is not");
  if (endpoint) {
    if (!is_http_url(settings.identity_endpoint)) {
      return settings_error("IDENTITY_ENDPOINT " + quoted(settings.identity_endpoint) + " is not an http(s) URL");
    }
    return cached(make_app_service_source(http, settings.identity_endpoint, settings.identity_header,
                                          std::move(identity)));
  }
  std::string imds = without_trailing_slashes(settings.imds_endpoint.empty() ? kDefaultImdsEndpoint
                                                                             : settings.imds_endpoint);
  if (!is_http_url(imds)) {
    return settings_error("AZURE_POD_IDENTITY_AUTHORITY_HOST " + quoted(settings.imds_endpoint) +
                          " is not an http(s) URL");
  }
  return cached(make_imds_source(http, std::move(imds), std::move(identity)));
}

}  // namespace

CredentialResult make_azure_credential(const AzureCredentialSettings& settings, HttpClient& http) {
  if (!settings.api_key.empty()) return make_api_key_credential("api-key", settings.api_key);
  if (!settings.client_secret.empty() || !settings.federated_token_file.empty()) {
    return make_entra_credential(settings, http);
  }
  return make_managed_identity_credential(settings, http);
}

}  // namespace chatkit::server
