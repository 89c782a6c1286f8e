// Sign-in by JWT through the real chatkit-server binary over loopback HTTP: tokens the test signs
// map to their users, who never see each other's threads; bad tokens are 401s with a JSON body.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "http_client.hpp"
#include "process.hpp"
#include "server/http/jwt_test_keys.hpp"

namespace chatkit::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using chatkit::test::TestKey;

const std::string kIssuer = "https://login.example.test/tenant/v2.0";
const std::string kAudience = "api://chatkit";

std::int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

json claims_for(const std::string& user) {
  return json{{"sub", user}, {"iss", kIssuer}, {"aud", kAudience}, {"exp", now() + 600}};
}

json create_thread(const std::string& text) {
  return json{{"type", "threads.create"},
              {"params",
               {{"input",
                 {{"content", json::array({{{"type", "input_text"}, {"text", text}}})},
                  {"attachments", json::array()},
                  {"inference_options", json::object()}}}}}};
}

Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::size_t thread_count(std::uint16_t port, const std::string& token) {
  const auto listed = post_chatkit(port, json{{"type", "threads.list"}, {"params", {{"limit", 50}}}}, bearer(token));
  EXPECT_EQ(listed.status, 200) << listed.body;
  return listed.json_body().value("data", json::array()).size();
}

TEST(JwtBinaryTest, TokensMapToTheirUsersAndBadOnesAre401) {
  const fs::path dir = fs::temp_directory_path() / ("chatkit_jwt_bin_" + std::to_string(::getpid()));
  fs::create_directories(dir / "web");
  const TestKey rsa = TestKey::rsa("rsa-1");
  const TestKey ec = TestKey::ec("ec-1");
  std::ofstream(dir / "jwks.json") << chatkit::test::jwks_of({&rsa, &ec});
  ServerProcess server(server_binary(),
                       {"--port", "0", "--db", (dir / "chatkit.db").string(), "--web", (dir / "web").string(),
                        "--model", "bench:3", "--log-level", "warn", "--auth-jwks", (dir / "jwks.json").string(),
                        "--auth-issuer", kIssuer, "--auth-audience", kAudience},
                       dir / "stderr.log");
  ASSERT_TRUE(server.started());
  const auto port = server.wait_listening();
  ASSERT_NE(port, 0) << server.stderr_text();

  const std::string alice = rsa.sign(claims_for("alice"));
  const std::string bob = ec.sign(claims_for("bob"));
  const auto created = stream_chatkit(port, create_thread("alice's secret"), bearer(alice));
  EXPECT_EQ(created.status, 200);
  EXPECT_EQ(thread_count(port, alice), 1u);
  EXPECT_EQ(thread_count(port, bob), 0u);  // bob never sees alice's thread

  json expired = claims_for("alice");
  expired["exp"] = now() - 3600;
  for (const std::string& token : {rsa.sign(expired), TestKey::rsa("unknown").sign(claims_for("alice")),
                                   alice.substr(0, alice.rfind('.') - 2) + "AA" + alice.substr(alice.rfind('.'))}) {
    const auto refused = post_chatkit(port, json{{"type", "threads.list"}, {"params", json::object()}}, bearer(token));
    EXPECT_EQ(refused.status, 401) << refused.body;
    EXPECT_EQ(refused.json_body()["error"]["code"], "unauthorized") << refused.body;
    EXPECT_EQ(refused.body.find(token), std::string::npos);
  }
  const auto none = post_chatkit(port, json{{"type", "threads.list"}, {"params", json::object()}});
  EXPECT_EQ(none.status, 401);
  fs::remove_all(dir);
}

// --trust-user-header is believed from --trusted-proxies only; from anyone else it is ignored.
TEST(JwtBinaryTest, TheTrustedUserHeaderIsHonouredOnlyFromTrustedProxies) {
  const fs::path dir = fs::temp_directory_path() / ("chatkit_jwt_hdr_" + std::to_string(::getpid()));
  fs::create_directories(dir / "web");
  const TestKey rsa = TestKey::rsa("rsa-1");
  std::ofstream(dir / "jwks.json") << chatkit::test::jwks_of({&rsa});
  auto start = [&](const std::string& proxies, const std::string& name) {
    return std::make_unique<ServerProcess>(
        server_binary(),
        std::vector<std::string>{"--port", "0", "--db", (dir / (name + ".db")).string(), "--web", (dir / "web").string(),
                                 "--model", "bench:3", "--log-level", "warn", "--auth-jwks", (dir / "jwks.json").string(),
                                 "--trust-user-header", "X-Forwarded-User", "--trusted-proxies", proxies},
        dir / (name + ".log"));
  };
  const json list{{"type", "threads.list"}, {"params", json::object()}};
  {
    auto trusted = start("10.0.0.0/8, 127.0.0.1", "trusted");
    const auto port = trusted->wait_listening();
    ASSERT_NE(port, 0) << trusted->stderr_text();
    const auto created = stream_chatkit(port, create_thread("carol's"), {{"X-Forwarded-User", "carol"}});
    EXPECT_EQ(created.status, 200);
    const auto carol = post_chatkit(port, list, {{"X-Forwarded-User", "carol"}});
    EXPECT_EQ(carol.status, 200) << carol.body;
    EXPECT_EQ(carol.json_body()["data"].size(), 1u);
    const auto dave = post_chatkit(port, list, {{"X-Forwarded-User", "dave"}});
    EXPECT_EQ(dave.status, 200) << dave.body;
    EXPECT_EQ(dave.json_body()["data"].size(), 0u);
    // A JWT still works beside the header.
    EXPECT_EQ(post_chatkit(port, list, bearer(rsa.sign(claims_for("erin")))).status, 200);
  }
  auto untrusted = start("10.0.0.0/8", "untrusted");
  const auto port = untrusted->wait_listening();
  ASSERT_NE(port, 0) << untrusted->stderr_text();
  const auto ignored = post_chatkit(port, list, {{"X-Forwarded-User", "carol"}});
  EXPECT_EQ(ignored.status, 401) << ignored.body;
  EXPECT_EQ(post_chatkit(port, list, bearer(rsa.sign(claims_for("erin")))).status, 200);
  fs::remove_all(dir);
}

TEST(JwtBinaryTest, AMalformedJwksIsAStartUpError) {
  const fs::path dir = fs::temp_directory_path() / ("chatkit_jwt_bad_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "jwks.json") << R"({"keys": "nope"})";
  ServerProcess server(server_binary(), {"--port", "0", "--db", (dir / "chatkit.db").string(), "--auth-jwks",
                                         (dir / "jwks.json").string()},
                       dir / "stderr.log");
  ASSERT_TRUE(server.started());
  EXPECT_EQ(server.wait_exit(20s), 2);
  EXPECT_NE(server.stderr_text().find("--auth-jwks"), std::string::npos) << server.stderr_text();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace chatkit::testing
