#include "server/http/auth_trusted_header.hpp"

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

TrustedProxies proxies(std::string_view list) {
  auto parsed = TrustedProxies::parse(list);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
  return parsed ? *parsed : TrustedProxies{};
}

TEST(TrustedProxies, MatchesIpsAndCidrsOfBothFamilies) {
  const auto list = proxies("10.0.0.0/8, 192.168.1.7, fd00::/8, ::1, 172.16.0.0/12");
  EXPECT_TRUE(list.contains("10.200.3.4"));
  EXPECT_TRUE(list.contains("192.168.1.7"));
  EXPECT_FALSE(list.contains("192.168.1.8"));
  EXPECT_TRUE(list.contains("172.31.255.255"));
  EXPECT_FALSE(list.contains("172.32.0.1"));
  EXPECT_TRUE(list.contains("fd12:3456::1"));
  EXPECT_FALSE(list.contains("fe80::1"));
  EXPECT_TRUE(list.contains("::1"));
  EXPECT_TRUE(list.contains("::ffff:10.1.1.1"));  // an IPv4 peer on a dual-stack socket
  EXPECT_FALSE(list.contains("11.0.0.1"));
  EXPECT_FALSE(list.contains(""));
  EXPECT_FALSE(list.contains("not-an-ip"));
}

TEST(TrustedProxies, BadEntriesAreErrors) {
  for (const char* bad : {"10.0.0.0/33", "fd00::/129", "10.0.0.0/x", "example.com", "10.0.0.1,,10.0.0.2", "1.2.3.4/"}) {
    auto parsed = TrustedProxies::parse(bad);
    EXPECT_FALSE(parsed) << bad;
    if (!parsed) {
      EXPECT_NE(parsed.error().message.find("--trusted-proxies"), std::string::npos);
    }
  }
}

class Refuse final : public Authenticator {
 public:
  Result<RequestContext> authenticate(const AuthRequest&) const override {
    return make_error(ErrorCode::unauthorized, "fallback");
  }
};

TEST(TrustedHeaderAuthenticator, HonouredFromTrustedPeersOnly) {
  TrustedHeaderAuthenticator auth("X-Forwarded-User", proxies("127.0.0.1"), std::make_unique<Refuse>());
  EXPECT_EQ(auth.user_header_name(), "X-Forwarded-User");
  auto trusted = auth.authenticate({.peer_address = "127.0.0.1", .user_header = "alice"});
  ASSERT_TRUE(trusted);
  EXPECT_EQ(trusted->user_id, "alice");
  auto untrusted = auth.authenticate({.peer_address = "10.9.9.9", .user_header = "alice"});
  ASSERT_FALSE(untrusted);
  EXPECT_EQ(untrusted.error().message, "fallback");  // the header was ignored
  EXPECT_FALSE(auth.authenticate({.peer_address = "127.0.0.1", .user_header = ""}));
  auto garbled = auth.authenticate({.peer_address = "127.0.0.1", .user_header = "a b"});
  ASSERT_FALSE(garbled);
  EXPECT_EQ(garbled.error().code, ErrorCode::unauthorized);
}

TEST(TrustedHeaderAuthenticator, WithoutFallbackOthersAreRefusedNotLocal) {
  TrustedHeaderAuthenticator auth("X-MS-CLIENT-PRINCIPAL-ID", proxies("10.0.0.0/8"), nullptr);
  auto refused = auth.authenticate({.peer_address = "127.0.0.1", .user_header = "alice"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::unauthorized);
  EXPECT_TRUE(auth.authenticate({.peer_address = "10.0.0.5", .user_header = "alice"}));
}

}  // namespace
}  // namespace chatkit::server
