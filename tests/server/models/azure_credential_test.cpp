#include "server/models/azure/azure_credentials.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

#include "http_client_stand_in.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {
namespace {

using chatkit::testing::StandIn;
using chatkit::testing::run_coroutine;
using json = nlohmann::json;
using Header = std::pair<std::string, std::string>;
using namespace std::chrono_literals;

constexpr const char* kScope = "https://cognitiveservices.azure.com/.default";
constexpr const char* kResourceQuery = "resource=https%3A%2F%2Fcognitiveservices.azure.com";

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The fields of a form-urlencoded body.
std::map<std::string, std::string> form_fields(const std::string& body) {
  std::map<std::string, std::string> fields;
  std::size_t start = 0;
  while (start <= body.size()) {
    const auto end = std::min(body.find('&', start), body.size());
    const std::string pair = body.substr(start, end - start);
    const auto equals = pair.find('=');
    fields[percent_decode(pair.substr(0, equals))] = equals == std::string::npos ? "" : percent_decode(pair.substr(equals + 1));
    start = end + 1;
  }
  return fields;
}

class AzureCredentialTest : public ::testing::Test {
 protected:
  void SetUp() override { stand_in().reset(); }
  void TearDown() override { std::filesystem::remove(token_file_); }
  static StandIn& stand_in() { return StandIn::shared(); }

  std::unique_ptr<Credential> make(const AzureCredentialSettings& settings) {
    auto made = make_azure_credential(settings, *http);
    if (!made.ok()) {
      ADD_FAILURE() << made.error().message;
      return nullptr;
    }
    return std::move(made).value();
  }
  std::string refusal(const AzureCredentialSettings& settings) {
    auto made = make_azure_credential(settings, *http);
    if (made.ok()) {
      ADD_FAILURE() << "accepted as " << (*made)->describe();
      return "";
    }
    EXPECT_EQ(made.error().code, ErrorCode::invalid_request);
    return made.error().message;
  }
  AzureCredentialSettings client_secret(std::string secret = "good-secret") {
    AzureCredentialSettings settings;
    settings.tenant_id = "tenant-1";
    settings.client_id = "client-1";
    settings.client_secret = std::move(secret);
    settings.authority_host = stand_in().base_url() + "/";
    return settings;
  }
  AzureCredentialSettings workload_identity(const std::string& assertion) {
    write_token_file(assertion);
    AzureCredentialSettings settings;
    settings.tenant_id = "tenant-1";
    settings.client_id = "client-1";
    settings.federated_token_file = token_file_.string();
    settings.authority_host = stand_in().base_url();
    return settings;
  }
  void write_token_file(const std::string& content) { std::ofstream(token_file_) << content; }

  Header header_of(Credential& credential) { return run_coroutine(io, credential.header()); }
  ModelError error_of(Credential& credential) {
    try {
      header_of(credential);
    } catch (const ModelError& error) {
      return error;
    }
    ADD_FAILURE() << "no ModelError";
    return ModelError(ModelFailure::malformed, "none");
  }

  net::io_context io;
  std::unique_ptr<HttpClient> http = make_curl_http_client();
  std::filesystem::path token_file_ = std::filesystem::temp_directory_path() /
                                      ("chatkit_federated_" + std::to_string(::getpid()) + ".jwt");
};

TEST_F(AzureCredentialTest, KeysAreSentAsTheyAre) {
  auto api_key = make_api_key_credential("api-key", "key-1");
  EXPECT_EQ(header_of(*api_key), Header("api-key", "key-1"));
  EXPECT_EQ(api_key->describe(), "api-key");
  auto bearer = make_bearer_key_credential("sk-1");
  EXPECT_EQ(header_of(*bearer), Header("authorization", "Bearer sk-1"));
  EXPECT_EQ(bearer->describe().find("sk-1"), std::string::npos);
  AzureCredentialSettings settings = client_secret();
  settings.api_key = "key-2";  // first in the order
  auto picked = make(settings);
  ASSERT_TRUE(picked);
  EXPECT_EQ(header_of(*picked), Header("api-key", "key-2"));
  EXPECT_TRUE(stand_in().log().empty());
}

TEST_F(AzureCredentialTest, ClientSecretSendsTheDocumentedRequestAndCachesTheToken) {
  auto credential = make(client_secret());
  ASSERT_TRUE(credential);
  EXPECT_TRUE(credential->describe().starts_with("client-secret")) << credential->describe();
  EXPECT_EQ(credential->describe().find("good-secret"), std::string::npos);
  EXPECT_EQ(header_of(*credential), Header("authorization", "Bearer tok-secret-1"));
  EXPECT_EQ(header_of(*credential), Header("authorization", "Bearer tok-secret-1"));
  const json log = stand_in().log();
  ASSERT_EQ(log.size(), 1u) << "the second call used the cached token";
  EXPECT_EQ(log[0]["method"], "POST");
  EXPECT_EQ(log[0]["path"], "/tenant-1/oauth2/v2.0/token");
  EXPECT_EQ(log[0]["headers"]["content-type"], "application/x-www-form-urlencoded");
  const std::map<std::string, std::string> expected{{"grant_type", "client_credentials"},
                                                    {"client_id", "client-1"},
                                                    {"client_secret", "good-secret"},
                                                    {"scope", kScope}};
  EXPECT_EQ(form_fields(log[0]["body"]), expected);
}

TEST_F(AzureCredentialTest, ExpiresInMayBeAString) {
  stand_in().token_settings({{"as_string", true}});
  auto credential = make(client_secret());
  ASSERT_TRUE(credential);
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-secret-1");
}

TEST_F(AzureCredentialTest, ATokenNearItsExpiryIsRefreshed) {
  stand_in().token_settings({{"seconds", 2}});  // refreshed once less than half (1 s) remains
  auto credential = make(client_secret());
  ASSERT_TRUE(credential);
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-secret-1");
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-secret-1");
  std::this_thread::sleep_for(1100ms);  // the token's lifetime passing
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-secret-2");
  EXPECT_EQ(stand_in().log().size(), 2u);
}

TEST_F(AzureCredentialTest, ConcurrentCallersShareOneRequest) {
  stand_in().token_settings({{"delay_ms", 300}});
  auto credential = make(client_secret());
  ASSERT_TRUE(credential);
  constexpr int kCallers = 10;
  std::vector<std::string> headers(kCallers);
  for (int i = 0; i < kCallers; ++i) {
    auto call = [&, i]() -> awaitable<void> {
      const Header header = co_await credential->header();
      headers[i] = header.second;
    };
    net::co_spawn(io, std::move(call), [](std::exception_ptr error) {
      if (error) std::rethrow_exception(error);
    });
  }
  io.run_for(10s);
  for (const auto& header : headers) EXPECT_EQ(header, "Bearer tok-secret-1");
  EXPECT_EQ(stand_in().log().size(), 1u);
}

TEST_F(AzureCredentialTest, ACancelledCallerStopsWaitingAndTheOthersGetTheToken) {
  stand_in().token_settings({{"delay_ms", 300}});
  auto credential = make(client_secret());
  ASSERT_TRUE(credential);
  net::cancellation_signal cancel;
  std::optional<boost::system::error_code> cancelled_code;
  std::string other;
  auto cancelled = [&]() -> awaitable<void> {
    try {
      co_await credential->header();
    } catch (const boost::system::system_error& error) {
      cancelled_code = error.code();
    }
  };
  auto patient = [&]() -> awaitable<void> {
    const Header header = co_await credential->header();
    other = header.second;
  };
  net::co_spawn(io, cancelled(), net::bind_cancellation_slot(cancel.slot(), net::detached));
  net::co_spawn(io, patient(), net::detached);
  io.run_for(50ms);
  cancel.emit(net::cancellation_type::terminal);
  io.run_for(20ms);
  EXPECT_EQ(cancelled_code, net::error::operation_aborted);
  io.restart();
  io.run_for(5s);
  EXPECT_EQ(other, "Bearer tok-secret-1");
  EXPECT_EQ(stand_in().log().size(), 1u);
}

TEST_F(AzureCredentialTest, InvalidateForcesANewToken) {
  auto credential = make(client_secret());
  ASSERT_TRUE(credential);
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-secret-1");
  credential->invalidate();
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-secret-2");
}

TEST_F(AzureCredentialTest, AWrongSecretIsBadCredentialsWithEntraIdsMessage) {
  auto credential = make(client_secret("wrong-secret"));
  ASSERT_TRUE(credential);
  const ModelError error = error_of(*credential);
  const std::string message = error.what();
  EXPECT_EQ(error.failure(), ModelFailure::bad_credentials);
  EXPECT_TRUE(message.starts_with("client-secret")) << message;
  EXPECT_NE(message.find("invalid_client: AADSTS7000215: Invalid client secret provided."), std::string::npos)
      << message;
  EXPECT_EQ(message.find("wrong-secret"), std::string::npos) << message;
}

TEST_F(AzureCredentialTest, WorkloadIdentityReadsTheTokenFileAtEveryRefresh) {
  auto credential = make(workload_identity("good-assertion\n"));
  ASSERT_TRUE(credential);
  EXPECT_TRUE(credential->describe().starts_with("workload-identity")) << credential->describe();
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-assertion-1");
  json log = stand_in().log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["path"], "/tenant-1/oauth2/v2.0/token");
  const std::map<std::string, std::string> expected{
      {"grant_type", "client_credentials"},
      {"client_id", "client-1"},
      {"client_assertion", "good-assertion"},
      {"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
      {"scope", kScope}};
  EXPECT_EQ(form_fields(log[0]["body"]), expected);

  write_token_file("  rotated-assertion  \n");  // the platform rotated it
  credential->invalidate();
  EXPECT_EQ(error_of(*credential).failure(), ModelFailure::bad_credentials);  // the stand-in knows only the first
  log = stand_in().log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(form_fields(log[1]["body"])["client_assertion"], "rotated-assertion");

  std::filesystem::remove(token_file_);
  credential->invalidate();
  const std::string message = error_of(*credential).what();
  EXPECT_NE(message.find("federated token file"), std::string::npos) << message;
}

TEST_F(AzureCredentialTest, AppServiceManagedIdentitySendsItsHeaderAndReadsExpiresOn) {
  stand_in().token_settings({{"seconds", 2}});
  AzureCredentialSettings settings;
  settings.identity_endpoint = stand_in().url("/msi/token");
  settings.identity_header = "good-header";
  auto credential = make(settings);
  ASSERT_TRUE(credential);
  EXPECT_EQ(credential->describe(), "managed-identity (App Service)");
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-msi-1");
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-msi-1");
  const json log = stand_in().log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["method"], "GET");
  EXPECT_EQ(log[0]["path"], std::string("/msi/token?api-version=2019-08-01&") + kResourceQuery);
  EXPECT_EQ(log[0]["headers"]["x-identity-header"], "good-header");
  std::this_thread::sleep_for(1100ms);  // expires_on (a string) gave the lifetime
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-msi-2");
}

TEST_F(AzureCredentialTest, AppServiceWithAClientIdAndAWrongHeader) {
  AzureCredentialSettings settings;
  settings.identity_endpoint = stand_in().url("/msi/token");
  settings.identity_header = "wrong-header";
  settings.client_id = "mi-client";
  auto credential = make(settings);
  ASSERT_TRUE(credential);
  EXPECT_EQ(credential->describe(), "managed-identity (App Service, client mi-client)");
  const ModelError error = error_of(*credential);
  EXPECT_EQ(error.failure(), ModelFailure::bad_credentials);
  EXPECT_NE(std::string(error.what()).find("HTTP 401: Unauthorized"), std::string::npos) << error.what();
  EXPECT_EQ(std::string(error.what()).find("wrong-header"), std::string::npos);
  const json log = stand_in().log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["path"], std::string("/msi/token?api-version=2019-08-01&") + kResourceQuery + "&client_id=mi-client");
}

TEST_F(AzureCredentialTest, ImdsIsTheFallbackAndSendsMetadataTrue) {
  AzureCredentialSettings settings;
  settings.imds_endpoint = stand_in().base_url();
  auto credential = make(settings);
  ASSERT_TRUE(credential);
  EXPECT_EQ(credential->describe(), "managed-identity (IMDS)");
  EXPECT_EQ(header_of(*credential).second, "Bearer tok-imds-1");
  const json log = stand_in().log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["method"], "GET");
  EXPECT_EQ(log[0]["path"], std::string("/metadata/identity/oauth2/token?api-version=2018-02-01&") + kResourceQuery);
  EXPECT_EQ(log[0]["headers"]["metadata"], "true");
}

TEST_F(AzureCredentialTest, TheSettingsPickTheKind) {
  AzureCredentialSettings both = workload_identity("good-assertion");
  both.client_secret = "good-secret";  // the secret comes first in the order
  auto credential = make(both);
  ASSERT_TRUE(credential);
  EXPECT_TRUE(credential->describe().starts_with("client-secret")) << credential->describe();
  EXPECT_EQ(make(AzureCredentialSettings{})->describe(), "managed-identity (IMDS)");
  AzureCredentialSettings user_assigned;
  user_assigned.client_id = "mi-client";
  user_assigned.tenant_id = "tenant-1";  // not enough for an application credential: managed identity
  EXPECT_EQ(make(user_assigned)->describe(), "managed-identity (IMDS, client mi-client)");
}

TEST_F(AzureCredentialTest, IncompleteSettingsAreRefusedByName) {
  AzureCredentialSettings no_tenant = client_secret("s3cret-value");
  no_tenant.tenant_id.clear();
  EXPECT_EQ(refusal(no_tenant), "Azure credentials: AZURE_CLIENT_SECRET is set, but AZURE_TENANT_ID is not");
  no_tenant.client_id.clear();
  EXPECT_EQ(refusal(no_tenant),
            "Azure credentials: AZURE_CLIENT_SECRET is set, but AZURE_TENANT_ID and AZURE_CLIENT_ID are not");
  AzureCredentialSettings no_client = workload_identity("good-assertion");
  no_client.client_id.clear();
  EXPECT_EQ(refusal(no_client), "Azure credentials: AZURE_FEDERATED_TOKEN_FILE is set, but AZURE_CLIENT_ID is not");
  AzureCredentialSettings no_file = workload_identity("good-assertion");
  no_file.federated_token_file = "/nonexistent/token";
  EXPECT_NE(refusal(no_file).find("AZURE_FEDERATED_TOKEN_FILE \"/nonexistent/token\" cannot be read"),
            std::string::npos);
  AzureCredentialSettings bad_authority = client_secret();
  bad_authority.authority_host = "login.example";
  EXPECT_NE(refusal(bad_authority).find("AZURE_AUTHORITY_HOST"), std::string::npos);
  AzureCredentialSettings bad_tenant = client_secret();
  bad_tenant.tenant_id = "a/b";
  EXPECT_NE(refusal(bad_tenant).find("AZURE_TENANT_ID"), std::string::npos);
  AzureCredentialSettings endpoint_only;
  endpoint_only.identity_endpoint = stand_in().url("/msi/token");
  EXPECT_EQ(refusal(endpoint_only), "Azure credentials: IDENTITY_ENDPOINT is set, but IDENTITY_HEADER is not");
  AzureCredentialSettings header_only;
  header_only.identity_header = "h3ader-value";
  const std::string message = refusal(header_only);
  EXPECT_EQ(message, "Azure credentials: IDENTITY_HEADER is set, but IDENTITY_ENDPOINT is not");
  AzureCredentialSettings bad_scope;
  bad_scope.scope = "https://cognitiveservices.azure.com";
  EXPECT_NE(refusal(bad_scope).find("/.default"), std::string::npos);
}

TEST_F(AzureCredentialTest, AnUnreachableEndpointIsBadCredentials) {
  AzureCredentialSettings settings = client_secret();
  settings.authority_host = "http://127.0.0.1:" + std::to_string(chatkit::testing::closed_port());
  auto credential = make(settings);
  ASSERT_TRUE(credential);
  const ModelError error = error_of(*credential);
  EXPECT_EQ(error.failure(), ModelFailure::bad_credentials);
  EXPECT_NE(std::string(error.what()).find("cannot reach the token endpoint"), std::string::npos) << error.what();
}

TEST_F(AzureCredentialTest, AnswersThatAreNotTokensAreBadCredentials) {
  // Under /garbage the built-in token endpoint does not answer: these scripted replies do.
  stand_in().script(json::parse(R"([
    {"status":200,"headers":{"content-type":"text/html"},"chunks":[{"data":"<html>sign in</html>"}]},
    {"status":200,"headers":{"content-type":"application/json"},"chunks":[{"data":"{\"token_type\":\"Bearer\",\"expires_in\":3600}"}]},
    {"status":500,"chunks":[{"data":"upstream exploded"}]}])"));
  AzureCredentialSettings settings = client_secret();
  settings.authority_host = stand_in().url("/garbage");
  auto credential = make(settings);
  ASSERT_TRUE(credential);
  for (const char* expected : {"not JSON: <html>sign in</html>", "no access_token",
                               "HTTP 500 from the token endpoint: upstream exploded"}) {
    const ModelError error = error_of(*credential);
    EXPECT_EQ(error.failure(), ModelFailure::bad_credentials);
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace chatkit::server
