#pragma once
// The credentials of the OpenAI-compatible providers: API keys, and the Microsoft Entra ID kinds
// that Azure OpenAI accepts (client secret, workload identity, managed identity). Token
// credentials need an HttpClient, which must outlive them.
#include <memory>
#include <string>

#include "core/result.hpp"
#include "server/models/azure/credential.hpp"
#include "server/models/http/http_client.hpp"

namespace chatkit::server {

struct AzureCredentialSettings {  // filled from config (env names in comments)
  std::string api_key;               // AZURE_OPENAI_API_KEY
  std::string tenant_id;             // AZURE_TENANT_ID
  std::string client_id;             // AZURE_CLIENT_ID
  std::string client_secret;         // AZURE_CLIENT_SECRET
  std::string federated_token_file;  // AZURE_FEDERATED_TOKEN_FILE
  std::string authority_host;        // AZURE_AUTHORITY_HOST, default https://login.microsoftonline.com
  std::string identity_endpoint;     // IDENTITY_ENDPOINT (Container Apps / App Service managed identity)
  std::string identity_header;       // IDENTITY_HEADER
  std::string imds_endpoint;         // AZURE_POD_IDENTITY_AUTHORITY_HOST, default http://169.254.169.254
  std::string scope = "https://cognitiveservices.azure.com/.default";
};

// Picks, in this order: api-key; client secret (tenant+client+secret); workload identity
// (tenant+client+federated token file); managed identity (IDENTITY_ENDPOINT+IDENTITY_HEADER,
// else IMDS). Returns an error naming what is missing/inconsistent when settings are malformed.
Result<std::unique_ptr<Credential>> make_azure_credential(const AzureCredentialSettings& settings, HttpClient& http);

// Sends {header_name, key}, e.g. {"api-key", KEY} (Azure OpenAI).
std::unique_ptr<Credential> make_api_key_credential(std::string header_name, std::string key);
// Sends {"authorization", "Bearer KEY"} (OpenAI).
std::unique_ptr<Credential> make_bearer_key_credential(std::string key);

}  // namespace chatkit::server
