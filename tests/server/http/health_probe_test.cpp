// The URLs --check-health accepts; the probe itself runs against the real binary in
// tests/server/integration/binary_test.cpp.
#include "server/http/health_probe.hpp"

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

TEST(HealthUrl, TakesHostPortAndPathWithHealthzByDefault) {
  auto target = parse_health_url("http://127.0.0.1:8000/readyz");
  ASSERT_TRUE(target.ok()) << target.error().message;
  EXPECT_EQ(target->host, "127.0.0.1");
  EXPECT_EQ(target->port, "8000");
  EXPECT_EQ(target->path, "/readyz");
  auto bare = parse_health_url("http://localhost");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->port, "80");
  EXPECT_EQ(bare->path, "/healthz");
  auto v6 = parse_health_url("http://[::1]:9000/healthz?full=1");
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "9000");
  EXPECT_EQ(v6->path, "/healthz?full=1");
}

TEST(HealthUrl, RefusesWhatItCannotProbeSayingWhy) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"https://127.0.0.1/healthz", "only http://"}, {"127.0.0.1:8000", "only http://"},
      {"http:///healthz", "no host"},                {"http://[::1:8000/", "closing ']'"},
      {"http://host:port/", "port is not a number"}, {"http://host:123456/", "port is not a number"},
      {"http://user@host/", "not a host name"},      {"http://[::1]x/", "after the IPv6"},
  };
  for (const auto& [url, why] : cases) {
    auto target = parse_health_url(url);
    ASSERT_FALSE(target.ok()) << url;
    EXPECT_EQ(target.error().code, ErrorCode::invalid_request);
    EXPECT_NE(target.error().message.find(why), std::string::npos) << url << ": " << target.error().message;
  }
}

}  // namespace
}  // namespace chatkit::server
