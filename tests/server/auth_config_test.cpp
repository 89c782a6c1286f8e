#include "server/config.hpp"

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

Result<ServerConfig> parse_args(std::vector<std::string> args) { return parse_config({.args = std::move(args)}); }

TEST(SignInConfig, JwtFlagsAndTheirDefaults) {
  auto defaults = parse_args({});
  ASSERT_TRUE(defaults);
  EXPECT_FALSE(defaults->auth_jwks);
  EXPECT_EQ(defaults->auth_user_claim, "sub");
  EXPECT_EQ(defaults->auth_leeway, std::chrono::seconds(60));
  auto set = parse_args({"--auth-jwks", "https://login.example.test/keys", "--auth-issuer", "https://iss.example.test/",
                         "--auth-audience", "api://chatkit", "--auth-user-claim", "oid", "--auth-leeway", "5"});
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(*set->auth_jwks, "https://login.example.test/keys");
  EXPECT_EQ(set->auth_issuer, "https://iss.example.test/");
  EXPECT_EQ(set->auth_audience, "api://chatkit");
  EXPECT_EQ(set->auth_user_claim, "oid");
  EXPECT_EQ(set->auth_leeway, std::chrono::seconds(5));
  auto env = parse_config({.env = {{"CHATKIT_AUTH_JWKS", "/etc/jwks.json"}, {"CHATKIT_AUTH_LEEWAY", "0"}}});
  ASSERT_TRUE(env) << env.error().message;
  EXPECT_EQ(*env->auth_jwks, "/etc/jwks.json");
  EXPECT_EQ(env->auth_leeway, std::chrono::seconds(0));
}

TEST(SignInConfig, ConflictingOrIncompleteFlagsAreErrors) {
  auto both = parse_args({"--auth-jwks", "/etc/jwks.json", "--auth-tokens", "/etc/tokens"});
  ASSERT_FALSE(both);
  EXPECT_NE(both.error().message.find("exclude each other"), std::string::npos);
  auto alone = parse_args({"--auth-issuer", "https://iss.example.test/"});
  ASSERT_FALSE(alone);
  EXPECT_NE(alone.error().message.find("need --auth-jwks"), std::string::npos);
  EXPECT_FALSE(parse_args({"--auth-leeway", "-1"}));
  EXPECT_FALSE(parse_args({"--auth-leeway", "soon"}));
  EXPECT_FALSE(parse_args({"--auth-jwks", ""}));
  auto header_alone = parse_args({"--trust-user-header", "X-Forwarded-User"});
  ASSERT_FALSE(header_alone);
  EXPECT_NE(header_alone.error().message.find("--trusted-proxies"), std::string::npos);
  EXPECT_FALSE(parse_args({"--trusted-proxies", "127.0.0.1"}));
  auto pair = parse_args({"--trust-user-header", "X-Forwarded-User", "--trusted-proxies", "127.0.0.1,10.0.0.0/8"});
  ASSERT_TRUE(pair) << pair.error().message;
  EXPECT_EQ(pair->trust_user_header, "X-Forwarded-User");
  EXPECT_EQ(pair->trusted_proxies, "127.0.0.1,10.0.0.0/8");
}

}  // namespace
}  // namespace chatkit::server
