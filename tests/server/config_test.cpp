#include "server/config.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

using namespace std::chrono_literals;

Result<ServerConfig> parse_args(std::vector<std::string> args) {
  return parse_config(ConfigSource{.args = std::move(args)});
}

// The error message of a parse that must fail.
std::string error_of(const Result<ServerConfig>& result) {
  EXPECT_FALSE(result.ok());
  if (result.ok()) return {};
  EXPECT_EQ(result.error().code, ErrorCode::invalid_request);
  return result.error().message;
}

TEST(ConfigParse, DefaultsWithNoInput) {
  auto config = parse_config(ConfigSource{});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->port, 8000);
  EXPECT_EQ(config->db, "data/chatkit.db");
  EXPECT_EQ(config->web, "build/web");
  EXPECT_EQ(config->model, "offline");
  EXPECT_EQ(config->use_cases, std::vector<std::string>{"todo"});
  EXPECT_FALSE(config->auth_tokens.has_value());
  EXPECT_EQ(config->log_level, LogLevel::info);
  EXPECT_EQ(config->cors_origins, "");
  EXPECT_EQ(config->threads, 0);
  EXPECT_EQ(config->max_body_bytes, 4u * 1024 * 1024);
  EXPECT_EQ(config->max_header_bytes, 16u * 1024);
  EXPECT_EQ(config->header_timeout, 10s);
  EXPECT_EQ(config->idle_timeout, 60s);
  EXPECT_EQ(config->write_timeout, 30s);
  EXPECT_EQ(config->max_streams, 20000u);
  EXPECT_EQ(config->max_json_depth, 128);
  EXPECT_EQ(config->shutdown_grace, 10s);
  EXPECT_EQ(config->detach_grace, 20s);
  EXPECT_EQ(config->run_timeout, 15s);
  EXPECT_FALSE(config->show_help);
}

TEST(ConfigParse, FlagsBeatEnvironmentWhichBeatsDotenv) {
  ConfigSource source{
      .args = {"--port", "3"},
      .env = {{"CHATKIT_PORT", "2"}, {"CHATKIT_DB", "env.db"}},
      .dotenv = "CHATKIT_PORT=1\nCHATKIT_DB=dotenv.db\nCHATKIT_HOST=0.0.0.0\n",
  };
  auto config = parse_config(source);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->port, 3);
  EXPECT_EQ(config->db, "env.db");
  EXPECT_EQ(config->host, "0.0.0.0");
  EXPECT_EQ(config->web, "build/web");
}

TEST(ConfigParse, AcceptsBothFlagSyntaxes) {
  auto spaced = parse_args({"--port", "8080", "--model", "bench:1:2"});
  auto joined = parse_args({"--port=8080", "--model=bench:1:2"});
  ASSERT_TRUE(spaced.ok()) << spaced.error().message;
  ASSERT_TRUE(joined.ok()) << joined.error().message;
  EXPECT_EQ(spaced->port, 8080);
  EXPECT_EQ(joined->port, 8080);
  EXPECT_EQ(joined->model, "bench:1:2");
}

TEST(ConfigParse, ReadsEveryFlag) {
  auto config = parse_args({"--host",
                            "::1",
                            "--port",
                            "0",
                            "--db",
                            "x.db",
                            "--web",
                            "dist",
                            "--model",
                            "m",
                            "--use-case",
                            "todo",
                            "--auth-tokens",
                            "tokens.txt",
                            "--log-level",
                            "debug",
                            "--cors-origins",
                            "http://a,http://b",
                            "--threads",
                            "4",
                            "--max-body-bytes",
                            "1024",
                            "--max-header-bytes",
                            "2048",
                            "--header-timeout",
                            "5",
                            "--idle-timeout",
                            "120",
                            "--write-timeout",
                            "45",
                            "--max-streams",
                            "7",
                            "--max-json-depth",
                            "64",
                            "--max-json-values",
                            "5000",
                            "--allowed-hosts",
                            "chat.example,.corp.example",
                            "--frame-ancestors",
                            "'self' https://app.example",
                            "--shutdown-grace",
                            "0",
                            "--detach-grace",
                            "0"});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->host, "::1");
  EXPECT_EQ(config->port, 0);
  EXPECT_EQ(config->db, "x.db");
  EXPECT_EQ(config->web, "dist");
  EXPECT_EQ(config->model, "m");
  EXPECT_EQ(config->use_cases, std::vector<std::string>{"todo"});
  EXPECT_EQ(config->auth_tokens, "tokens.txt");
  EXPECT_EQ(config->log_level, LogLevel::debug);
  EXPECT_EQ(config->cors_origins, "http://a,http://b");
  EXPECT_EQ(config->threads, 4);
  EXPECT_EQ(config->max_body_bytes, 1024u);
  EXPECT_EQ(config->max_header_bytes, 2048u);
  EXPECT_EQ(config->header_timeout, 5s);
  EXPECT_EQ(config->idle_timeout, 120s);
  EXPECT_EQ(config->write_timeout, 45s);
  EXPECT_EQ(config->max_streams, 7u);
  EXPECT_EQ(config->max_json_depth, 64);
  EXPECT_EQ(config->max_json_values, 5000u);
  EXPECT_EQ(config->allowed_hosts, "chat.example,.corp.example");
  EXPECT_EQ(config->frame_ancestors, "'self' https://app.example");
  EXPECT_EQ(config->shutdown_grace, 0s);
  EXPECT_EQ(config->detach_grace, 0s);
}

TEST(ConfigParse, ReadsEveryEnvironmentVariable) {
  ConfigSource source{.env = {
                          {"CHATKIT_HOST", "0.0.0.0"},
                          {"CHATKIT_PORT", "9"},
                          {"CHATKIT_DB", "e.db"},
                          {"CHATKIT_WEB", "w"},
                          {"CHATKIT_MODEL", "mm"},
                          {"CHATKIT_USE_CASE", "uc"},
                          {"CHATKIT_AUTH_TOKENS", "t.txt"},
                          {"CHATKIT_LOG_LEVEL", "error"},
                          {"CHATKIT_CORS_ORIGINS", "*"},
                          {"CHATKIT_THREADS", "256"},
                          {"CHATKIT_MAX_BODY_BYTES", "1073741824"},
                          {"CHATKIT_MAX_HEADER_BYTES", "65535"},
                          {"CHATKIT_HEADER_TIMEOUT", "1"},
                          {"CHATKIT_IDLE_TIMEOUT", "3600"},
                          {"CHATKIT_MAX_STREAMS", "1000000"},
                          {"CHATKIT_MAX_JSON_DEPTH", "10000"},
                          {"CHATKIT_MAX_JSON_VALUES", "100000000"},
                          {"CHATKIT_ALLOWED_HOSTS", "*"},
                          {"CHATKIT_FRAME_ANCESTORS", "'self'"},
                          {"CHATKIT_SHUTDOWN_GRACE", "3600"},
                          {"PATH", "/bin"},
                          {"CHATKIT_SOMETHING_ELSE", "x"},
                      }};
  auto config = parse_config(source);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->host, "0.0.0.0");
  EXPECT_EQ(config->port, 9);
  EXPECT_EQ(config->db, "e.db");
  EXPECT_EQ(config->web, "w");
  EXPECT_EQ(config->model, "mm");
  EXPECT_EQ(config->use_cases, std::vector<std::string>{"uc"});
  EXPECT_EQ(config->auth_tokens, "t.txt");
  EXPECT_EQ(config->log_level, LogLevel::error);
  EXPECT_EQ(config->cors_origins, "*");
  EXPECT_EQ(config->threads, 256);
  EXPECT_EQ(config->max_body_bytes, std::size_t{1} << 30);
  EXPECT_EQ(config->max_header_bytes, 65535u);
  EXPECT_EQ(config->header_timeout, 1s);
  EXPECT_EQ(config->idle_timeout, 3600s);
  EXPECT_EQ(config->max_streams, 1'000'000u);
  EXPECT_EQ(config->max_json_depth, 10000);
  EXPECT_EQ(config->max_json_values, 100'000'000u);
  EXPECT_EQ(config->allowed_hosts, "*");
  EXPECT_EQ(config->frame_ancestors, "'self'");
  EXPECT_EQ(config->shutdown_grace, 3600s);
}

TEST(ConfigParse, LogLevelIsCaseInsensitive) {
  auto config = parse_args({"--log-level", "WARN"});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->log_level, LogLevel::warn);
  EXPECT_EQ(parse_args({"--log-level=off"})->log_level, LogLevel::off);
}

TEST(ConfigParse, EmptyCorsOriginsTurnsCorsOff) {
  auto config = parse_config(ConfigSource{.args = {"--cors-origins="}, .env = {{"CHATKIT_CORS_ORIGINS", "http://a"}}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->cors_origins, "");
}

struct BadFlagCase {
  std::vector<std::string> args;
  std::vector<std::string> mentions;  // substrings the message must contain
};

TEST(ConfigErrors, EveryBadFlagNamesFlagValueAndExpectation) {
  const std::vector<BadFlagCase> cases = {
      {{"--frobnicate", "1"}, {"unknown flag --frobnicate"}},
      {{"--frobnicate=1"}, {"unknown flag --frobnicate"}},
      {{"-p", "80"}, {"unknown flag", "-p"}},
      {{"serve"}, {"unexpected argument", "serve"}},
      {{"--help=yes"}, {"--help takes no value"}},
      {{"--port"}, {"--port needs a value"}},
      {{"--port", "--host", "x"}, {"--port needs a value"}},
      {{"--port", "abc"}, {"--port", "\"abc\"", "not a whole number", "0 to 65535"}},
      {{"--port", "80x"}, {"--port", "\"80x\"", "not a whole number"}},
      {{"--port", "+80"}, {"--port", "\"+80\"", "not a whole number"}},
      {{"--port", " 80"}, {"--port", "not a whole number"}},
      {{"--port", "80 "}, {"--port", "not a whole number"}},
      {{"--port", "8.5"}, {"--port", "not a whole number"}},
      {{"--port="}, {"--port", "is empty", "0 to 65535"}},
      {{"--port", "-1"}, {"--port", "\"-1\"", "negative", "0 to 65535"}},
      {{"--port", "-0"}, {"--port", "negative"}},
      {{"--port", "65536"}, {"--port", "\"65536\"", "out of range", "0 to 65535"}},
      {{"--port", "99999999999999999999999"}, {"--port", "out of range"}},
      {{"--threads", "257"}, {"--threads", "257", "0 to 256"}},
      {{"--max-body-bytes", "0"}, {"--max-body-bytes", "1 to 1073741824"}},
      {{"--max-body-bytes", "1073741825"}, {"--max-body-bytes", "out of range"}},
      {{"--max-header-bytes", "100"}, {"--max-header-bytes", "1024 to 65535"}},
      {{"--max-header-bytes", "200000"}, {"--max-header-bytes", "out of range"}},
      {{"--max-json-values", "1"}, {"--max-json-values", "16 to 100000000"}},
      {{"--header-timeout", "0"}, {"--header-timeout", "1 to 3600"}},
      {{"--idle-timeout", "3601"}, {"--idle-timeout", "1 to 3600"}},
      {{"--write-timeout", "0"}, {"--write-timeout", "1 to 3600"}},
      {{"--shutdown-grace", "3601"}, {"--shutdown-grace", "0 to 3600"}},
      {{"--detach-grace", "3601"}, {"--detach-grace", "0 to 3600"}},
      {{"--run-timeout", "1"}, {"--run-timeout", "2 to 3600"}},
      {{"--detach-grace", "-1"}, {"--detach-grace", "negative"}},
      {{"--max-streams", "0"}, {"--max-streams", "1 to 1000000"}},
      {{"--max-streams", "1000001"}, {"--max-streams", "out of range"}},
      {{"--max-json-depth", "1"}, {"--max-json-depth", "2 to 10000"}},
      {{"--max-json-depth", "10001"}, {"--max-json-depth", "out of range"}},
      {{"--log-level", "verbose"}, {"--log-level", "\"verbose\"", "debug, info, warn, error, off"}},
      {{"--host", ""}, {"--host", "is empty"}},
      {{"--db="}, {"--db", "is empty"}},
      {{"--web", ""}, {"--web", "is empty"}},
      {{"--auth-tokens="}, {"--auth-tokens", "is empty"}},
  };
  for (const BadFlagCase& bad : cases) {
    SCOPED_TRACE(::testing::PrintToString(bad.args));
    const std::string message = error_of(parse_args(bad.args));
    for (const std::string& mention : bad.mentions) EXPECT_NE(message.find(mention), std::string::npos) << message;
  }
}

TEST(ConfigErrors, BadEnvironmentValueNamesTheVariable) {
  const std::string message = error_of(parse_config(ConfigSource{.env = {{"CHATKIT_MAX_STREAMS", "lots"}}}));
  EXPECT_NE(message.find("CHATKIT_MAX_STREAMS"), std::string::npos) << message;
  EXPECT_NE(message.find("\"lots\""), std::string::npos) << message;
}

TEST(ConfigErrors, BadDotenvValueNamesVariableAndLine) {
  const std::string message = error_of(parse_config(ConfigSource{.dotenv = "# ports\nCHATKIT_PORT=99999\n"}));
  EXPECT_NE(message.find("CHATKIT_PORT (.env line 2)"), std::string::npos) << message;
  EXPECT_NE(message.find("out of range"), std::string::npos) << message;
}

TEST(ConfigErrors, OverriddenBadValueIsNotAnError) {
  auto config = parse_config(ConfigSource{.args = {"--port", "1"}, .env = {{"CHATKIT_PORT", "abc"}}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->port, 1);
}

TEST(ConfigDatabase, PoolAndStatementTimeoutDefaultAndReadFromFlagsAndVariables) {
  auto defaults = parse_config(ConfigSource{});
  ASSERT_TRUE(defaults.ok()) << defaults.error().message;
  EXPECT_EQ(defaults->db_pool, 4);
  EXPECT_EQ(defaults->db_statement_timeout, 5000ms);

  auto flags = parse_args({"--db", "postgres://app@db.internal:5432/chat", "--db-pool", "16",
                           "--db-statement-timeout=250"});
  ASSERT_TRUE(flags.ok()) << flags.error().message;
  EXPECT_EQ(flags->db, "postgres://app@db.internal:5432/chat");
  EXPECT_EQ(flags->db_pool, 16);
  EXPECT_EQ(flags->db_statement_timeout, 250ms);

  auto env = parse_config(ConfigSource{
      .env = {{"CHATKIT_DB", "postgres:"}, {"CHATKIT_DB_POOL", "1"}, {"CHATKIT_DB_STATEMENT_TIMEOUT", "60000"}}});
  ASSERT_TRUE(env.ok()) << env.error().message;
  EXPECT_EQ(env->db, "postgres:");
  EXPECT_EQ(env->db_pool, 1);
  EXPECT_EQ(env->db_statement_timeout, 60000ms);
}

TEST(ConfigDatabase, BadPoolOrTimeoutNamesTheOptionAndTheRange) {
  const std::vector<BadFlagCase> cases = {
      {{"--db-pool", "0"}, {"--db-pool", "\"0\"", "out of range", "1 to 64"}},
      {{"--db-pool", "65"}, {"--db-pool", "1 to 64"}},
      {{"--db-pool", "four"}, {"--db-pool", "not a whole number"}},
      {{"--db-statement-timeout", "0"}, {"--db-statement-timeout", "1 to 3600000"}},
      {{"--db-statement-timeout", "5s"}, {"--db-statement-timeout", "not a whole number"}},
      {{"--db-statement-timeout", "-5"}, {"--db-statement-timeout", "negative"}},
  };
  for (const BadFlagCase& bad : cases) {
    SCOPED_TRACE(::testing::PrintToString(bad.args));
    const std::string message = error_of(parse_args(bad.args));
    for (const std::string& mention : bad.mentions) EXPECT_NE(message.find(mention), std::string::npos) << message;
  }
  const std::string message = error_of(parse_config(ConfigSource{.env = {{"CHATKIT_DB_POOL", "100"}}}));
  EXPECT_NE(message.find("CHATKIT_DB_POOL"), std::string::npos) << message;
}

TEST(ConfigUseCases, OneOrSeveralNamesFromTheFlagOrTheVariable) {
  auto several = parse_args({"--use-case", "todo,returns"});
  ASSERT_TRUE(several.ok()) << several.error().message;
  EXPECT_EQ(several->use_cases, (std::vector<std::string>{"todo", "returns"}));
  // Blanks around a name are the list's, not the name's.
  auto spaced = parse_config(ConfigSource{.env = {{"CHATKIT_USE_CASE", "chat, todo"}}});
  ASSERT_TRUE(spaced.ok()) << spaced.error().message;
  EXPECT_EQ(spaced->use_cases, (std::vector<std::string>{"chat", "todo"}));
  auto one = parse_args({"--use-case=chat"});
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(one->use_cases, std::vector<std::string>{"chat"});
}

TEST(ConfigUseCases, EmptyOrRepeatedNamesAreRefused) {
  const std::vector<BadFlagCase> cases = {
      {{"--use-case", "todo,,chat"}, {"--use-case", "\"todo,,chat\"", "empty name", "comma-separated"}},
      {{"--use-case", "todo,"}, {"--use-case", "empty name"}},
      {{"--use-case", ",todo"}, {"--use-case", "empty name"}},
      {{"--use-case", " "}, {"--use-case", "empty name"}},
      {{"--use-case", "todo,chat,todo"}, {"--use-case", "names \"todo\" twice"}},
  };
  for (const BadFlagCase& bad : cases) {
    SCOPED_TRACE(::testing::PrintToString(bad.args));
    const std::string message = error_of(parse_args(bad.args));
    for (const std::string& mention : bad.mentions) EXPECT_NE(message.find(mention), std::string::npos) << message;
  }
  const std::string message = error_of(parse_config(ConfigSource{.env = {{"CHATKIT_USE_CASE", "chat,chat"}}}));
  EXPECT_NE(message.find("CHATKIT_USE_CASE"), std::string::npos) << message;
}

TEST(ConfigDotenv, ReadsCommentsExportQuotesAndBlankLines) {
  const std::string dotenv =
      "# the server\n"
      "\n"
      "export CHATKIT_HOST=0.0.0.0\r\n"
      "CHATKIT_DB=\"my data/chat.db\"  # quoted, with a space\n"
      "CHATKIT_WEB='web # not a comment'\n"
      "  CHATKIT_MODEL = bench:1:2 # a comment\n"
      "CHATKIT_USE_CASE=a#b\n"
      "OTHER_TOOL=ignored\n"
      "CHATKIT_CORS_ORIGINS=\n"
      "CHATKIT_PORT=1\n"
      "CHATKIT_PORT=2";  // the last one wins; no final newline
  auto config = parse_config(ConfigSource{.dotenv = dotenv});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->host, "0.0.0.0");
  EXPECT_EQ(config->db, "my data/chat.db");
  EXPECT_EQ(config->web, "web # not a comment");
  EXPECT_EQ(config->model, "bench:1:2");
  EXPECT_EQ(config->use_cases, std::vector<std::string>{"a#b"});
  EXPECT_EQ(config->cors_origins, "");
  EXPECT_EQ(config->port, 2);
}

TEST(ConfigDotenv, MalformedLinesNameTheirLineNumber) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"CHATKIT_PORT=1\n\nJUST_A_WORD\n", ".env line 3: expected KEY=VALUE"},
      {"CHATKIT_DB=\"open\n", ".env line 1: unterminated quote"},
      {"# c\nCHATKIT_DB='a' b\n", ".env line 2: unexpected text after the closing quote"},
      {"1KEY=x\n", ".env line 1: \"1KEY\" is not a variable name"},
      {"=x\n", ".env line 1"},
  };
  for (const auto& [dotenv, expected] : cases) {
    SCOPED_TRACE(dotenv);
    const std::string message = error_of(parse_config(ConfigSource{.dotenv = dotenv}));
    EXPECT_NE(message.find(expected), std::string::npos) << message;
  }
}

TEST(ConfigHelp, HelpFlagWinsOverEverythingElse) {
  for (const char* flag : {"--help", "-h"}) {
    auto config = parse_config(
        ConfigSource{.args = {"--port", "nope", flag}, .env = {{"CHATKIT_PORT", "bad"}}, .dotenv = "garbage"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_TRUE(config->show_help);
  }
}

TEST(ConfigHelp, VersionFlagWinsOverABrokenConfiguration) {
  auto config = parse_config(ConfigSource{.args = {"--port", "nope", "--version"}, .env = {{"CHATKIT_PORT", "bad"}}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_TRUE(config->show_version);
  EXPECT_FALSE(config->show_help);
  EXPECT_NE(config_usage().find("--version"), std::string::npos);
}

TEST(ConfigHelp, CheckHealthTakesItsUrlWhateverElseIsSet) {
  auto config = parse_config(ConfigSource{.args = {"--port", "nope", "--check-health", "http://127.0.0.1:8000/readyz"},
                                          .env = {{"CHATKIT_PORT", "bad"}}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->check_health, "http://127.0.0.1:8000/readyz");
  auto missing = parse_config(ConfigSource{.args = {"--check-health"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("--check-health URL"), std::string::npos) << missing.error().message;
  EXPECT_NE(config_usage().find("--check-health URL"), std::string::npos);
}

TEST(ConfigHelp, UsageListsEveryFlagVariableAndDefault) {
  const std::string usage = config_usage();
  const std::vector<std::pair<std::string, std::string>> options = {
      {"--host", "CHATKIT_HOST"},
      {"--port", "CHATKIT_PORT"},
      {"--db", "CHATKIT_DB"},
      {"--web", "CHATKIT_WEB"},
      {"--model", "CHATKIT_MODEL"},
      {"--use-case", "CHATKIT_USE_CASE"},
      {"--auth-tokens", "CHATKIT_AUTH_TOKENS"},
      {"--log-level", "CHATKIT_LOG_LEVEL"},
      {"--cors-origins", "CHATKIT_CORS_ORIGINS"},
      {"--threads", "CHATKIT_THREADS"},
      {"--max-body-bytes", "CHATKIT_MAX_BODY_BYTES"},
      {"--max-header-bytes", "CHATKIT_MAX_HEADER_BYTES"},
      {"--header-timeout", "CHATKIT_HEADER_TIMEOUT"},
      {"--idle-timeout", "CHATKIT_IDLE_TIMEOUT"},
      {"--max-streams", "CHATKIT_MAX_STREAMS"},
      {"--max-json-depth", "CHATKIT_MAX_JSON_DEPTH"},
      {"--max-json-values", "CHATKIT_MAX_JSON_VALUES"},
      {"--allowed-hosts", "CHATKIT_ALLOWED_HOSTS"},
      {"--frame-ancestors", "CHATKIT_FRAME_ANCESTORS"},
      {"--shutdown-grace", "CHATKIT_SHUTDOWN_GRACE"},
      {"--detach-grace", "CHATKIT_DETACH_GRACE"},
      {"--run-timeout", "CHATKIT_RUN_TIMEOUT"},
      {"--db-pool", "CHATKIT_DB_POOL"},
      {"--db-statement-timeout", "CHATKIT_DB_STATEMENT_TIMEOUT"},
      {"--help", "-h"},
  };
  for (const auto& [flag, env] : options) {
    EXPECT_NE(usage.find(flag + " "), std::string::npos) << flag;
    EXPECT_NE(usage.find(env), std::string::npos) << env;
  }
  EXPECT_NE(usage.find("--use-case NAME[,NAME...]"), std::string::npos);
  EXPECT_NE(usage.find("/chatkit/NAME"), std::string::npos);
  for (const char* shown : {"default 8000", "default 127.0.0.1", "default data/chatkit.db", "default offline", "default todo", "default build/web",
                            "default info", "default 4194304", "default 20000", "default 5000", "postgres://"}) {
    EXPECT_NE(usage.find(shown), std::string::npos) << shown;
  }
}

TEST(ConfigLogLevel, NamesEveryLevel) {
  EXPECT_EQ(log_level_name(LogLevel::debug), "debug");
  EXPECT_EQ(log_level_name(LogLevel::info), "info");
  EXPECT_EQ(log_level_name(LogLevel::warn), "warn");
  EXPECT_EQ(log_level_name(LogLevel::error), "error");
  EXPECT_EQ(log_level_name(LogLevel::off), "off");
}

}  // namespace
}  // namespace chatkit::server
