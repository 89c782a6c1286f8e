#pragma once
// Token sources that ask Microsoft Entra ID's token endpoint directly for an application's token
// (OAuth 2.0 client credentials): with a client secret, or with a federated token file
// (workload identity: Kubernetes writes the file and rotates it, so it is re-read every time).
#include <memory>
#include <string>

#include "server/models/azure/token_source.hpp"
#include "server/models/http/http_client.hpp"

namespace chatkit::server {

// Who asks, and for what.
struct EntraApplication {
  std::string authority_host;  // https://login.microsoftonline.com (no trailing slash)
  std::string tenant_id;
  std::string client_id;
  std::string scope;  // https://cognitiveservices.azure.com/.default
};

std::shared_ptr<TokenSource> make_client_secret_source(HttpClient& http, EntraApplication application,
                                                       std::string client_secret);
std::shared_ptr<TokenSource> make_workload_identity_source(HttpClient& http, EntraApplication application,
                                                           std::string federated_token_file);

}  // namespace chatkit::server
