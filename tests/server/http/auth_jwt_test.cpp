#include "server/http/auth_jwt.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "server/http/base64url.hpp"
#include "server/http/jwks_fetch.hpp"
#include "server/http/jwt_test_keys.hpp"

namespace chatkit::server {
namespace {

using chatkit::test::JwksServer;
using chatkit::test::TestKey;
using nlohmann::json;

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kIssuer = "https://login.example.test/tenant/v2.0";
const std::string kAudience = "api://chatkit";

json claims_for(const std::string& user, std::int64_t exp = kNow + 600) {
  return json{{"sub", user}, {"iss", kIssuer}, {"aud", kAudience}, {"exp", exp}, {"iat", kNow}};
}

// The keys of every test, made once: RSA key generation takes a while under ASan.
struct Keys {
  TestKey rsa = TestKey::rsa("rsa-1");
  TestKey ec = TestKey::ec("ec-1");
  TestKey rotated = TestKey::rsa("rsa-2");
  TestKey stranger = TestKey::ec("ec-1");  // same kid as `ec`, different key
};
const Keys& keys() {
  static const Keys made;
  return made;
}

class JwtAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    jwks_path_ = std::filesystem::temp_directory_path() /
                 ("chatkit-jwks-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json");
    write_jwks(chatkit::test::jwks_of({&keys().rsa, &keys().ec}));
  }
  void TearDown() override { std::filesystem::remove(jwks_path_); }

  void write_jwks(const std::string& text) { std::ofstream(jwks_path_) << text; }

  std::unique_ptr<JwtAuthenticator> authenticator(ClaimRules rules = {.issuer = kIssuer, .audience = kAudience},
                                                  std::string location = {}) {
    auto cache = JwksCache::open({.location = location.empty() ? jwks_path_.string() : location,
                                  .min_refresh_interval = std::chrono::milliseconds(0)});
    EXPECT_TRUE(cache) << (cache ? "" : cache.error().message);
    return std::make_unique<JwtAuthenticator>(std::move(*cache), std::move(rules), [] { return kNow; });
  }

  static Result<RequestContext> check(const Authenticator& auth, const std::string& token) {
    const std::string header = "Bearer " + token;
    return auth.authenticate({.authorization = header, .accept_language = "fr-CA"});
  }

  // Refused with 401, a message containing `why`, and never the token itself.
  static void expect_refused(const Authenticator& auth, const std::string& token, const std::string& why) {
    auto result = check(auth, token);
    ASSERT_FALSE(result) << "accepted: " << why;
    EXPECT_EQ(result.error().code, ErrorCode::unauthorized);
    EXPECT_EQ(error_info(result.error().code).http_status, 401);
    EXPECT_NE(result.error().message.find(why), std::string::npos) << result.error().message;
    EXPECT_EQ(result.error().message.find(token), std::string::npos);
  }

  std::filesystem::path jwks_path_;
};

TEST_F(JwtAuthTest, GoodRs256AndEs256TokensMapToTheirUsers) {
  auto auth = authenticator();
  auto alice = check(*auth, keys().rsa.sign(claims_for("alice")));
  ASSERT_TRUE(alice) << alice.error().message;
  EXPECT_EQ(alice->user_id, "alice");
  EXPECT_EQ(alice->locale, "fr-CA");
  auto bob = check(*auth, keys().ec.sign(claims_for("bob")));
  ASSERT_TRUE(bob) << bob.error().message;
  EXPECT_EQ(bob->user_id, "bob");
}

TEST_F(JwtAuthTest, TheUserComesFromTheConfiguredClaim) {
  auto auth = authenticator({.issuer = kIssuer, .audience = kAudience, .user_claim = "oid"});
  json claims = claims_for("ignored-sub");
  claims["oid"] = "00000000-0000-0000-0000-0000000000aa";
  auto user = check(*auth, keys().rsa.sign(claims));
  ASSERT_TRUE(user) << user.error().message;
  EXPECT_EQ(user->user_id, "00000000-0000-0000-0000-0000000000aa");
  expect_refused(*auth, keys().rsa.sign(claims_for("no-oid")), "oid claim");
}

TEST_F(JwtAuthTest, AudienceMayBeOneOfAnArray) {
  auto auth = authenticator();
  json claims = claims_for("carol");
  claims["aud"] = json::array({"other", kAudience});
  EXPECT_TRUE(check(*auth, keys().ec.sign(claims)));
  claims["aud"] = json::array({"other", "another"});
  expect_refused(*auth, keys().ec.sign(claims), "wrong audience");
}

TEST_F(JwtAuthTest, ClaimsThatDoNotFitAreRefused) {
  auto auth = authenticator();
  expect_refused(*auth, keys().rsa.sign(claims_for("alice", kNow - 3600)), "expired");
  json early = claims_for("alice");
  early["nbf"] = kNow + 3600;
  expect_refused(*auth, keys().rsa.sign(early), "not valid yet");
  json issuer = claims_for("alice");
  issuer["iss"] = "https://evil.example.test/";
  expect_refused(*auth, keys().rsa.sign(issuer), "wrong issuer");
  json audience = claims_for("alice");
  audience["aud"] = "api://someone-else";
  expect_refused(*auth, keys().rsa.sign(audience), "wrong audience");
  json no_exp = claims_for("alice");
  no_exp.erase("exp");
  expect_refused(*auth, keys().rsa.sign(no_exp), "exp is missing");
}

TEST_F(JwtAuthTest, LeewayHoldsAtItsEdges) {
  auto auth = authenticator({.issuer = kIssuer, .audience = kAudience, .leeway = std::chrono::seconds(60)});
  EXPECT_TRUE(check(*auth, keys().rsa.sign(claims_for("alice", kNow - 59))));
  expect_refused(*auth, keys().rsa.sign(claims_for("alice", kNow - 60)), "expired");
  json nbf = claims_for("alice");
  nbf["nbf"] = kNow + 60;
  EXPECT_TRUE(check(*auth, keys().rsa.sign(nbf)));
  nbf["nbf"] = kNow + 61;
  expect_refused(*auth, keys().rsa.sign(nbf), "not valid yet");
  auto strict = authenticator({.issuer = kIssuer, .audience = kAudience, .leeway = std::chrono::seconds(0)});
  expect_refused(*strict, keys().rsa.sign(claims_for("alice", kNow)), "expired");
  EXPECT_TRUE(check(*strict, keys().rsa.sign(claims_for("alice", kNow + 1))));
}

TEST_F(JwtAuthTest, UnsignedAndHmacTokensAreRefused) {
  auto auth = authenticator();
  const json claims = claims_for("mallory");
  expect_refused(*auth, chatkit::test::compact({{"alg", "none"}, {"kid", "rsa-1"}}, claims, ""), "alg none");
  expect_refused(*auth, base64url_encode(json{{"alg", "none"}}.dump()) + "." + base64url_encode(claims.dump()) + ".",
                 "alg none");
  // HS256 with the public key as the secret: the classic key-confusion forgery.
  for (const std::string& secret : {keys().rsa.public_der(), keys().rsa.jwk().dump()}) {
    const json header{{"alg", "HS256"}, {"kid", "rsa-1"}};
    const std::string input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
    expect_refused(*auth, input + "." + base64url_encode(chatkit::test::hs256(secret, input)), "HMAC");
  }
  expect_refused(*auth, keys().rsa.sign(claims, "PS256"), "unsupported alg");
}

TEST_F(JwtAuthTest, AnAlgThatDoesNotMatchTheKeyIsRefused) {
  auto auth = authenticator();
  // An RSA signature presented as ES256 under the RSA key's kid, and the other way round.
  std::string token = keys().rsa.sign(claims_for("alice"));
  const json header{{"alg", "ES256"}, {"kid", "rsa-1"}};
  token = base64url_encode(header.dump()) + token.substr(token.find('.'));
  expect_refused(*auth, token, "does not match the key");
}

TEST_F(JwtAuthTest, TamperedAndMalformedTokensAreRefused) {
  auto auth = authenticator();
  const std::string good = keys().rsa.sign(claims_for("alice"));
  const auto first = good.find('.');
  const auto second = good.find('.', first + 1);
  const std::string forged_payload = base64url_encode(claims_for("bob").dump());
  expect_refused(*auth, good.substr(0, first + 1) + forged_payload + good.substr(second), "does not verify");
  std::string flipped = good;
  flipped[second + 5] = flipped[second + 5] == 'A' ? 'B' : 'A';
  expect_refused(*auth, flipped, "does not verify");
  expect_refused(*auth, keys().stranger.sign(claims_for("alice")), "does not verify");  // right kid, wrong key
  expect_refused(*auth, good.substr(0, second), "not a JWT");
  expect_refused(*auth, good + ".x", "not a JWT");
  expect_refused(*auth, "*" + good.substr(1), "header is not base64url");
  expect_refused(*auth, good.substr(0, first + 1) + "e30=" + good.substr(second), "payload is not base64url");
  expect_refused(*auth, good.substr(0, first + 1) + base64url_encode("[1]") + good.substr(second),
                 "payload is not a JSON object");
  expect_refused(*auth, good.substr(0, second + 1), "signature is missing");
  auto missing = auth->authenticate({.authorization = "", .accept_language = ""});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::unauthorized);
}

TEST_F(JwtAuthTest, UnknownKidIsRefusedAfterARefresh) {
  auto auth = authenticator();
  const TestKey unknown = TestKey::ec("nobody-knows-me");
  expect_refused(*auth, unknown.sign(claims_for("alice")), "does not have");
}

TEST_F(JwtAuthTest, JwksServedOverLoopbackAndARotatedKeyIsPickedUp) {
  JwksServer server;
  server.set_body(chatkit::test::jwks_of({&keys().rsa}));
  auto auth = authenticator({.issuer = kIssuer, .audience = kAudience}, server.url());
  EXPECT_EQ(server.requests(), 1);
  EXPECT_TRUE(check(*auth, keys().rsa.sign(claims_for("alice"))));
  EXPECT_EQ(server.requests(), 1);  // cached
  expect_refused(*auth, keys().rotated.sign(claims_for("alice")), "does not have");
  EXPECT_EQ(server.requests(), 2);
  server.set_body(chatkit::test::jwks_of({&keys().rsa, &keys().rotated}));
  auto rotated = check(*auth, keys().rotated.sign(claims_for("dave")));
  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_EQ(rotated->user_id, "dave");
  EXPECT_EQ(server.requests(), 3);
}

TEST_F(JwtAuthTest, AFloodOfUnknownKidsFetchesAtMostOncePerInterval) {
  JwksServer server;
  server.set_body(chatkit::test::jwks_of({&keys().rsa}));
  auto cache = JwksCache::open({.location = server.url(), .min_refresh_interval = std::chrono::hours(1)});
  ASSERT_TRUE(cache);
  JwtAuthenticator auth(std::move(*cache), {.issuer = kIssuer, .audience = kAudience}, [] { return kNow; });
  const TestKey unknown = TestKey::ec("flood");
  for (int i = 0; i < 50; ++i) expect_refused(auth, unknown.sign(claims_for("x" + std::to_string(i))), "does not have");
  EXPECT_EQ(server.requests(), 1);
}

TEST_F(JwtAuthTest, BadJwksIsAStartUpError) {
  write_jwks("{not json");
  auto bad_json = JwksCache::open({.location = jwks_path_.string()});
  ASSERT_FALSE(bad_json);
  EXPECT_NE(bad_json.error().message.find("not valid JSON"), std::string::npos);
  write_jwks(R"({"keys": []})");
  EXPECT_FALSE(JwksCache::open({.location = jwks_path_.string()}));
  write_jwks(R"({"keys": [{"kty": "RSA", "kid": "k", "n": "AQAB", "e": "AQAB"}]})");
  auto short_key = JwksCache::open({.location = jwks_path_.string()});
  ASSERT_FALSE(short_key);
  EXPECT_NE(short_key.error().message.find("2048"), std::string::npos);
  write_jwks(R"({"keys": [{"kty": "EC", "crv": "P-256", "kid": "k", "x": "AAAA", "y": "AAAA"}]})");
  EXPECT_FALSE(JwksCache::open({.location = jwks_path_.string()}));
  auto missing = JwksCache::open({.location = "/nonexistent/jwks.json"});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("cannot open"), std::string::npos);
}

TEST(Base64Url, RoundTripsAndRefusesBadText) {
  for (const std::string bytes : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe"}) {
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes);
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_FALSE(base64url_decode("Zm9v="));  // padding
  EXPECT_FALSE(base64url_decode("Zm9v+"));  // standard alphabet
  EXPECT_FALSE(base64url_decode("Z"));      // impossible length
  EXPECT_FALSE(base64url_decode("Zh"));     // non-zero trailing bits
}

}  // namespace
}  // namespace chatkit::server
