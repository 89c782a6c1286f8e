#include "server/http/auth.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

constexpr std::string_view kTokens =
    "# token          user\n"
    "\n"
    "s3cret-alice     alice\n"
    "  s3cret-bob\tbob  \r\n"
    "s3cret-carol carol@example.com";

std::unique_ptr<TokenFileAuthenticator> make_tokens() {
  auto auth = TokenFileAuthenticator::parse(kTokens, "tokens.txt");
  EXPECT_TRUE(auth.ok()) << auth.error().message;
  return auth.ok() ? std::move(auth).value() : nullptr;
}

// The 401 message of a request that must be refused.
std::string refusal(const Authenticator& auth, std::string_view authorization) {
  auto context = auth.authenticate(AuthRequest{.authorization = authorization});
  EXPECT_FALSE(context.ok());
  if (context.ok()) return {};
  EXPECT_EQ(context.error().code, ErrorCode::unauthorized);
  return context.error().message;
}

std::string parse_error(std::string_view text) {
  auto auth = TokenFileAuthenticator::parse(text, "tokens.txt");
  EXPECT_FALSE(auth.ok());
  return auth.ok() ? std::string() : auth.error().message;
}

TEST(AuthLocalUser, EveryRequestIsTheLocalUser) {
  const LocalUserAuthenticator auth;
  for (std::string_view header : {"", "Bearer whatever", "Basic abc"}) {
    auto context = auth.authenticate(AuthRequest{.authorization = header, .accept_language = "de-DE,de;q=0.9"});
    ASSERT_TRUE(context.ok()) << context.error().message;
    EXPECT_EQ(context->user_id, "local");
    EXPECT_EQ(context->locale, "de-DE");
  }
}

TEST(AuthTokenFile, KnownTokensMapToTheirUsers) {
  auto auth = make_tokens();
  ASSERT_TRUE(auth);
  for (auto [header, user] : {std::pair{"Bearer s3cret-alice", "alice"}, std::pair{"bearer s3cret-bob", "bob"},
                              std::pair{"BEARER   s3cret-carol  ", "carol@example.com"}}) {
    auto context = auth->authenticate(AuthRequest{.authorization = header, .accept_language = "fr-CA"});
    ASSERT_TRUE(context.ok()) << header << ": " << context.error().message;
    EXPECT_EQ(context->user_id, user);
    EXPECT_EQ(context->locale, "fr-CA");
  }
}

TEST(AuthTokenFile, RefusesMissingHeaderWrongSchemeAndBadTokenShapes) {
  auto auth = make_tokens();
  ASSERT_TRUE(auth);
  EXPECT_EQ(refusal(*auth, ""), "missing Authorization: Bearer token");
  EXPECT_EQ(refusal(*auth, "   "), "missing Authorization: Bearer token");
  EXPECT_EQ(refusal(*auth, "Bearer"), "missing Authorization: Bearer token");
  EXPECT_EQ(refusal(*auth, "Bearer   "), "missing Authorization: Bearer token");
  EXPECT_EQ(refusal(*auth, "Basic YWxpY2U6cHc="), "Authorization scheme must be Bearer");
  EXPECT_EQ(refusal(*auth, "Bearers s3cret-alice"), "Authorization scheme must be Bearer");
  EXPECT_EQ(refusal(*auth, "Bearer s3cret-alice s3cret-bob"), "Authorization: Bearer takes exactly one token");
}

TEST(AuthTokenFile, UnknownTokensAreRefusedWithoutEchoingThem) {
  auto auth = make_tokens();
  ASSERT_TRUE(auth);
  // Prefixes, extensions and case changes of real tokens are all different tokens.
  for (std::string_view token : {"s3cret-alicf", "s3cret-alic", "s3cret-alice2", "S3CRET-ALICE", "x", "alice"}) {
    const std::string message = refusal(*auth, "Bearer " + std::string(token));
    EXPECT_EQ(message, "unknown bearer token");
    EXPECT_EQ(message.find(token), std::string::npos);
  }
}

TEST(AuthTokenFile, FileErrorsNameFileAndLine) {
  EXPECT_EQ(parse_error("a alice\nlonely\n"), "tokens.txt:2: expected \"TOKEN USER_ID\", found 1 fields");
  EXPECT_EQ(parse_error("# c\n\ntok alice extra\n"), "tokens.txt:3: expected \"TOKEN USER_ID\", found 3 fields");
  EXPECT_EQ(parse_error("tok1 alice\ntok2 bob\ntok1 carol\n"), "tokens.txt:3: duplicate token (first on line 1)");
  EXPECT_EQ(parse_error("tok al\x01ice\n"), "tokens.txt:1: the user id must be printable ASCII without spaces");
  EXPECT_EQ(parse_error("tok\x7f alice\n"), "tokens.txt:1: the token must be printable ASCII");
  EXPECT_EQ(parse_error("tok al\xc3\xa9\n"), "tokens.txt:1: the user id must be printable ASCII without spaces");
  EXPECT_EQ(parse_error("# only comments\n\n"), "tokens.txt: no tokens, so nobody could sign in");
}

TEST(AuthTokenFile, ParseErrorsNeverEchoTheToken) {
  const std::string message = parse_error("topsecret alice\ntopsecret bob\n");
  EXPECT_EQ(message.find("topsecret"), std::string::npos) << message;
}

TEST(AuthTokenFile, LoadsFromAFile) {
  const auto path = std::filesystem::temp_directory_path() / "chatkit_auth_test_tokens.txt";
  std::ofstream(path) << kTokens;
  auto auth = TokenFileAuthenticator::load(path.string());
  std::filesystem::remove(path);
  ASSERT_TRUE(auth.ok()) << auth.error().message;
  auto context = (*auth)->authenticate(AuthRequest{.authorization = "Bearer s3cret-bob"});
  ASSERT_TRUE(context.ok()) << context.error().message;
  EXPECT_EQ(context->user_id, "bob");
  EXPECT_EQ(context->locale, "");
}

TEST(AuthTokenFile, LoadReportsAMissingFile) {
  auto auth = TokenFileAuthenticator::load("/nonexistent/chatkit/tokens.txt");
  ASSERT_FALSE(auth.ok());
  EXPECT_EQ(auth.error().code, ErrorCode::not_found);
  EXPECT_NE(auth.error().message.find("/nonexistent/chatkit/tokens.txt"), std::string::npos);
}

TEST(AuthLocale, PicksTheHighestQualityTag) {
  EXPECT_EQ(locale_from_accept_language("fr-CA,fr;q=0.9"), "fr-CA");
  EXPECT_EQ(locale_from_accept_language("en;q=0.5, de;q=0.8, fr;q=0.7"), "de");
  EXPECT_EQ(locale_from_accept_language("en;q=0.8, de;q=0.8"), "en");  // ties: first listed
  EXPECT_EQ(locale_from_accept_language("*;q=1, es-419;q=0.2"), "es-419");
  EXPECT_EQ(locale_from_accept_language(" zh-Hant-TW ; Q=1.000 "), "zh-Hant-TW");
  EXPECT_EQ(locale_from_accept_language("en;q=0, it"), "it");
  EXPECT_EQ(locale_from_accept_language("en;q=0.9;level=1,pt;q=0.1"), "en");
}

TEST(AuthLocale, EmptyWhenNoneOrInvalid) {
  EXPECT_EQ(locale_from_accept_language(""), "");
  EXPECT_EQ(locale_from_accept_language("*"), "");
  EXPECT_EQ(locale_from_accept_language("en;q=0"), "");
  EXPECT_EQ(locale_from_accept_language("en;q=2"), "");
  EXPECT_EQ(locale_from_accept_language("en;q=0.1234"), "");
  EXPECT_EQ(locale_from_accept_language("en;q=abc"), "");
  EXPECT_EQ(locale_from_accept_language("en_US"), "");
  EXPECT_EQ(locale_from_accept_language("toolongsubtag"), "");
  EXPECT_EQ(locale_from_accept_language("1en"), "");
  EXPECT_EQ(locale_from_accept_language("en-"), "");
  EXPECT_EQ(locale_from_accept_language(",,;"), "");
  EXPECT_EQ(locale_from_accept_language("en\"><script>"), "");
}

}  // namespace
}  // namespace chatkit::server
