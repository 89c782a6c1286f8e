#include "server/http/cors.hpp"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

CorsPolicy parsed(std::string_view origins) {
  auto policy = CorsPolicy::parse(origins);
  EXPECT_TRUE(policy.ok()) << (policy.ok() ? "" : describe(policy.error()));
  return policy.ok() ? *policy : CorsPolicy{};
}

std::optional<std::string> header(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

TEST(CorsParse, RejectsBadOriginsAndNamesThem) {
  for (const auto* bad :
       {"ftp://x", "https://x/path", "https://x/", "notaurl", "https://", "https://x:0", "https://x:99999",
        "https://x:", "https://user@x", "https://x?q", "https://a b", "https://a.example,", "*, https://a.example"}) {
    const auto policy = CorsPolicy::parse(bad);
    ASSERT_FALSE(policy.ok()) << bad;
    EXPECT_EQ(policy.error().code, ErrorCode::invalid_request) << bad;
    EXPECT_NE(policy.error().message.find('"'), std::string::npos) << policy.error().message;
  }
  const auto policy = CorsPolicy::parse("https://ok.example, ftp://x");
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("ftp://x"), std::string::npos) << policy.error().message;
}

TEST(CorsParse, EmptyMeansDisabledAndNoHeadersEver) {
  for (const auto* origins : {"", "  "}) {
    const auto policy = parsed(origins);
    EXPECT_FALSE(policy.enabled());
    EXPECT_FALSE(policy.allows("https://a.example"));
    EXPECT_TRUE(policy.response_headers("https://a.example").empty());
    const auto preflight = policy.preflight("https://a.example", "POST", "Content-Type");
    EXPECT_EQ(preflight.status, 403);
    EXPECT_TRUE(preflight.headers.empty());
  }
  EXPECT_FALSE(CorsPolicy{}.enabled());
}

TEST(CorsPolicyTest, AllowsOnlyListedOrigins) {
  const auto policy = parsed("https://a.example, http://localhost:5173");
  EXPECT_TRUE(policy.enabled());
  EXPECT_TRUE(policy.allows("https://a.example"));
  EXPECT_TRUE(policy.allows("http://localhost:5173"));
  EXPECT_FALSE(policy.allows("https://b.example"));
  EXPECT_FALSE(policy.allows("http://a.example"));        // scheme matters
  EXPECT_FALSE(policy.allows("https://a.example.evil"));  // no prefix matching
  EXPECT_FALSE(policy.allows("https://sub.a.example"));
  EXPECT_FALSE(policy.allows("null"));
  EXPECT_FALSE(policy.allows(""));
}

TEST(CorsPolicyTest, SchemeAndHostAreCaseInsensitive) {
  const auto policy = parsed("HTTPS://A.Example");
  EXPECT_TRUE(policy.allows("https://a.example"));
  EXPECT_TRUE(policy.allows("https://A.EXAMPLE"));
  EXPECT_TRUE(policy.allows("HTTPS://a.example"));
}

TEST(CorsPolicyTest, PortMustMatch) {
  const auto policy = parsed("http://localhost:5173, https://a.example");
  EXPECT_FALSE(policy.allows("http://localhost"));
  EXPECT_FALSE(policy.allows("http://localhost:5174"));
  EXPECT_FALSE(policy.allows("https://a.example:8443"));
  EXPECT_TRUE(policy.allows("https://a.example:443"));  // the default port is the same origin
  EXPECT_TRUE(parsed("http://[::1]:8080").allows("http://[::1]:8080"));
  EXPECT_FALSE(parsed("http://[::1]:8080").allows("http://[::1]:8081"));
}

TEST(CorsPolicyTest, ResponseHeadersEchoAllowedOrigin) {
  const auto policy = parsed("https://a.example");
  const auto headers = policy.response_headers("https://a.example");
  EXPECT_EQ(header(headers, "Access-Control-Allow-Origin"), "https://a.example");
  EXPECT_EQ(header(headers, "Vary"), "Origin");
  EXPECT_EQ(header(headers, "Access-Control-Expose-Headers"), "Content-Type");
  EXPECT_TRUE(policy.response_headers("https://b.example").empty());
  EXPECT_TRUE(policy.response_headers("").empty());
}

TEST(CorsPolicyTest, PreflightForAllowedOrigin) {
  const auto policy = parsed("https://a.example");
  const auto result = policy.preflight("https://a.example", "POST", "content-type, authorization");
  EXPECT_EQ(result.status, 204);
  EXPECT_EQ(header(result.headers, "Access-Control-Allow-Origin"), "https://a.example");
  EXPECT_EQ(header(result.headers, "Access-Control-Allow-Methods"), "GET, POST, PUT, OPTIONS");
  EXPECT_EQ(header(result.headers, "Access-Control-Allow-Headers"), "content-type, authorization");
  EXPECT_EQ(header(result.headers, "Access-Control-Max-Age"), "600");
  EXPECT_EQ(header(result.headers, "Vary"), "Origin");
}

TEST(CorsPolicyTest, PreflightFallsBackToFixedHeaderList) {
  const auto policy = parsed("https://a.example");
  const std::vector<std::string> requests = {"", "bad header", "x-ok, bad\r\nInjected: 1", "a,,b",
                                             std::string(2000, 'x')};
  for (const auto& requested : requests) {
    const auto result = policy.preflight("https://a.example", "GET", requested);
    EXPECT_EQ(result.status, 204);
    EXPECT_EQ(header(result.headers, "Access-Control-Allow-Headers"), "Authorization, Content-Type, Accept-Language")
        << requested;
  }
}

TEST(CorsPolicyTest, PreflightRefusesOriginsAndMethods) {
  const auto policy = parsed("https://a.example");
  const auto other = policy.preflight("https://b.example", "POST", "Content-Type");
  EXPECT_EQ(other.status, 403);
  EXPECT_TRUE(other.headers.empty());
  for (const auto* method : {"DELETE", "PATCH", "post", ""}) {
    const auto result = policy.preflight("https://a.example", method, "");
    EXPECT_EQ(result.status, 403) << method;
    EXPECT_TRUE(result.headers.empty());
  }
  // PUT: the two-phase upload URL (PROTOCOL §2.15).
  for (const auto* method : {"GET", "POST", "PUT", "OPTIONS", "HEAD"}) {
    EXPECT_EQ(policy.preflight("https://a.example", method, "").status, 204) << method;
  }
}

TEST(CorsPolicyTest, WildcardAllowsEveryOrigin) {
  const auto policy = parsed("*");
  EXPECT_TRUE(policy.enabled());
  EXPECT_TRUE(policy.allows("https://anything.example"));
  EXPECT_TRUE(policy.allows("http://localhost:3000"));
  EXPECT_EQ(header(policy.response_headers("https://x.example"), "Access-Control-Allow-Origin"), "*");
  EXPECT_TRUE(policy.response_headers("").empty());  // no Origin header: not a CORS request
  const auto result = policy.preflight("https://x.example", "POST", "Content-Type");
  EXPECT_EQ(result.status, 204);
  EXPECT_EQ(header(result.headers, "Access-Control-Allow-Origin"), "*");
}

}  // namespace
}  // namespace chatkit::server
