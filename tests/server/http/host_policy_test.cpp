// Which Host headers are answered (DNS rebinding), and the static pages' security headers.
#include "server/http/host_policy.hpp"

#include <gtest/gtest.h>

#include "server/http/security_headers.hpp"

namespace chatkit::server {
namespace {

TEST(HostPolicyTest, WithoutTokensOnlyLoopbackNamesAreAnswered) {
  const auto policy = HostPolicy::parse("", Authentication::none);
  ASSERT_TRUE(policy.ok());
  for (const char* host : {"localhost", "localhost:8000", "LOCALHOST:1", "127.0.0.1", "127.0.0.1:65535", "[::1]",
                           "[::1]:8000", "localhost.:8000"}) {
    EXPECT_FALSE(policy->check(host)) << host;
  }
  for (const char* host : {"evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example",
                           "", "localhost:80x", "user@localhost", "[::2]:80", "127.0.0.2"}) {
    const auto refusal = policy->check(host);
    ASSERT_TRUE(refusal) << host;
    EXPECT_EQ(refusal->code, ErrorCode::forbidden);
    EXPECT_NE(refusal->message.find("--allowed-hosts"), std::string::npos);
  }
  EXPECT_TRUE(HostPolicy().check("evil.example")) << "the default is loopback only";
}

TEST(HostPolicyTest, AllowedHostsAddNamesDomainsOrAny) {
  const auto policy = HostPolicy::parse("chat.example.com, .corp.example", Authentication::none);
  ASSERT_TRUE(policy.ok());
  EXPECT_FALSE(policy->check("chat.example.com:443"));
  EXPECT_FALSE(policy->check("Chat.Example.Com"));
  EXPECT_FALSE(policy->check("corp.example"));
  EXPECT_FALSE(policy->check("a.b.corp.example:8000"));
  EXPECT_FALSE(policy->check("localhost:8000")) << "loopback stays answered";
  EXPECT_TRUE(policy->check("example.com"));
  EXPECT_TRUE(policy->check("evilcorp.example"));
  EXPECT_TRUE(policy->check("x.chat.example.com"));
  const auto any = HostPolicy::parse("*", Authentication::none);
  ASSERT_TRUE(any.ok());
  EXPECT_FALSE(any->check("whatever.example"));
}

TEST(HostPolicyTest, WithTokensAnyHostUnlessListed) {
  const auto open = HostPolicy::parse("", Authentication::tokens);
  ASSERT_TRUE(open.ok());
  EXPECT_FALSE(open->check("api.example:443"));
  const auto listed = HostPolicy::parse("api.example", Authentication::tokens);
  ASSERT_TRUE(listed.ok());
  EXPECT_FALSE(listed->check("api.example"));
  EXPECT_TRUE(listed->check("other.example"));
}

TEST(HostPolicyTest, BadEntriesAreRefusedAtStartUp) {
  for (const char* entry : {"http://a.example", "a.example:80", "a b", "a/b", ".", "user@a.example"}) {
    EXPECT_FALSE(HostPolicy::parse(entry, Authentication::none).ok()) << entry;
  }
}

TEST(SecurityHeadersTest, FrameAncestorsAreCheckedAndCarriedInTheCsp) {
  EXPECT_EQ(frame_ancestors_sources("'none'"), "'none'");
  EXPECT_EQ(frame_ancestors_sources("'self', https://app.example  https://*.corp.example:8443"),
            "'self' https://app.example https://*.corp.example:8443");
  for (const char* bad : {"", "none", "'none' 'self'", "javascript:alert(1)", "https://a.example; script-src *",
                          "data:"}) {
    EXPECT_FALSE(frame_ancestors_sources(bad)) << bad;
  }
  const auto headers = static_security_headers("'self'");
  ASSERT_EQ(headers.size(), 5u);
  EXPECT_EQ(headers[0].first, "Content-Security-Policy");
  EXPECT_TRUE(headers[0].second.ends_with("frame-ancestors 'self'"));
  EXPECT_EQ(headers[1], (std::pair<std::string, std::string>{"X-Content-Type-Options", "nosniff"}));
  EXPECT_EQ(headers[2].first, "Referrer-Policy");
  // Public files: any origin's page may load them (chatkit.js, its modules, the .wasm).
  EXPECT_EQ(headers[3], (std::pair<std::string, std::string>{"Access-Control-Allow-Origin", "*"}));
  EXPECT_EQ(headers[4], (std::pair<std::string, std::string>{"Cross-Origin-Resource-Policy", "cross-origin"}));
}

}  // namespace
}  // namespace chatkit::server
