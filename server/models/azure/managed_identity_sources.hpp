#pragma once
// Token sources for an Azure managed identity: the local endpoint of App Service and Container
// Apps (IDENTITY_ENDPOINT, authenticated by IDENTITY_HEADER), or the instance metadata service
// (IMDS) of VMs and AKS nodes. A client id picks a user-assigned identity.
#include <memory>
#include <string>

#include "server/models/azure/token_source.hpp"
#include "server/models/http/http_client.hpp"

namespace chatkit::server {

struct ManagedIdentity {
  std::string resource;   // https://cognitiveservices.azure.com (the scope without /.default)
  std::string client_id;  // empty: the system-assigned identity
};

std::shared_ptr<TokenSource> make_app_service_source(HttpClient& http, std::string identity_endpoint,
                                                     std::string identity_header, ManagedIdentity identity);
std::shared_ptr<TokenSource> make_imds_source(HttpClient& http, std::string imds_endpoint, ManagedIdentity identity);

}  // namespace chatkit::server
