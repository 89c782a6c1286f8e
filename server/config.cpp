#include "server/config.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <iterator>

#include "core/text.hpp"

namespace chatkit::server {
namespace {

// One value for one option, and where it came from ("--port", "CHATKIT_PORT", ...).
struct Setting {
  std::string_view value;
  std::string origin;
};

// Inclusive bounds of a numeric option.
struct Range {
  std::int64_t min;
  std::int64_t max;
};

constexpr Range kPortRange{0, 65535};
constexpr Range kThreadsRange{0, 256};
constexpr Range kBodyRange{1, std::int64_t{1} << 30};
// Below about 1 KiB ordinary browser requests would not fit; Beast keeps one field in at most
// 64 KiB, so a larger limit would let a single field abort the parse.
constexpr Range kHeaderRange{1024, 65535};
constexpr Range kTimeoutRange{1, 3600};
// 0 is allowed: cancel running streams at once on SIGTERM.
constexpr Range kGraceRange{0, 3600};
constexpr Range kDetachGraceRange{0, 3600};
constexpr Range kRunTimeoutRange{2, 3600};
constexpr Range kLeewayRange{0, 3600};
constexpr Range kStreamsRange{1, 1'000'000};
constexpr Range kDepthRange{2, 10000};
constexpr Range kJsonValuesRange{16, 100'000'000};
constexpr Range kAttachmentBytesRange{1, std::int64_t{1} << 32};
constexpr Range kAttachmentTtlRange{1, 365LL * 24 * 60 * 60};
// More connections than this only queue inside PostgreSQL (its default max_connections is 100).
constexpr Range kDbPoolRange{1, 64};
constexpr Range kStatementTimeoutRange{1, 3'600'000};

constexpr std::array<LogLevel, 5> kLogLevels{LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error,
                                             LogLevel::off};

// A value for a message, in quotes, cut so a pasted file cannot flood the terminal.
std::string quoted(std::string_view value) {
  constexpr std::size_t kMax = 60;
  if (value.size() <= kMax) return "\"" + std::string(value) + "\"";
  return "\"" + std::string(value.substr(0, kMax)) + "...\"";
}

Error bad_value(const Setting& setting, std::string_view problem, std::string_view expected) {
  return make_error(ErrorCode::invalid_request, setting.origin + ": " + quoted(setting.value) + " " +
                                                    std::string(problem) + "; expected " + std::string(expected));
}

// Strict: digits only (no sign, no blanks, no trailing text), within the range.
Result<std::int64_t> parse_integer(const Setting& setting, Range range) {
  const std::string expected = "an integer from " + std::to_string(range.min) + " to " + std::to_string(range.max);
  const std::string_view text = setting.value;
  if (text.empty()) return bad_value(setting, "is empty", expected);
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc::invalid_argument || end != text.data() + text.size()) {
    return bad_value(setting, "is not a whole number", expected);
  }
  if (text.front() == '-') return bad_value(setting, "is negative", expected);
  if (ec == std::errc::result_out_of_range || number < range.min || number > range.max) {
    return bad_value(setting, "is out of range", expected);
  }
  return number;
}

template <class T>
Status set_integer(T& field, const Setting& setting, Range range) {
  auto number = parse_integer(setting, range);
  if (!number) return number.error();
  field = static_cast<T>(*number);
  return ok_status();
}

Status set_seconds(std::chrono::seconds& field, const Setting& setting, Range range) {
  auto number = parse_integer(setting, range);
  if (!number) return number.error();
  field = std::chrono::seconds{*number};
  return ok_status();
}

Status set_text(std::string& field, const Setting& setting, std::string_view expected) {
  if (setting.value.empty()) return bad_value(setting, "is empty", expected);
  field = std::string(setting.value);
  return ok_status();
}

// For options where "" means "off".
Status set_any_text(std::string& field, const Setting& setting) {
  field = std::string(setting.value);
  return ok_status();
}

Status set_log_level(LogLevel& field, const Setting& setting) {
  for (LogLevel level : kLogLevels) {
    if (iequals(setting.value, log_level_name(level))) {
      field = level;
      return ok_status();
    }
  }
  return bad_value(setting, "is not a log level", "one of debug, info, warn, error, off");
}

std::string show_seconds(std::chrono::seconds value) { return std::to_string(value.count()); }

Status set_milliseconds(std::chrono::milliseconds& field, const Setting& setting, Range range) {
  auto number = parse_integer(setting, range);
  if (!number) return number.error();
  field = std::chrono::milliseconds{*number};
  return ok_status();
}

// An http(s) origin, maybe with a path prefix; kept without its trailing slash.
Status set_public_url(std::string& field, const Setting& setting) {
  const std::string_view value = setting.value;
  const bool scheme = value.starts_with("http://") || value.starts_with("https://");
  const auto authority = value.substr(value.find("://") + 3);
  if (!scheme || authority.empty() || authority.front() == '/' || value.find_first_of("?# ") != std::string_view::npos) {
    return bad_value(setting, "is not a URL", "http(s)://HOST[:PORT][/PATH], e.g. https://chat.example.com");
  }
  field = std::string(value);
  while (field.ends_with('/')) field.pop_back();
  return ok_status();
}

// "todo" or "todo,returns": names without blanks around them, none empty, none twice.
Status set_use_cases(std::vector<std::string>& field, const Setting& setting) {
  static constexpr std::string_view kExpected = "registered use case names, comma-separated (e.g. todo,returns)";
  std::vector<std::string> names;
  std::string_view rest = setting.value;
  for (;;) {
    const auto comma = rest.find(',');
    const std::string name(trim(rest.substr(0, comma)));
    if (name.empty()) return bad_value(setting, "has an empty name", kExpected);
    if (std::ranges::find(names, name) != names.end()) return bad_value(setting, "names " + server::quoted(name) + " twice", kExpected);
    names.push_back(name);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  field = std::move(names);
  return ok_status();
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ",") + name;
  return text;
}

Status set_signing_key(std::string& field, const Setting& setting) {
  if (setting.value.size() < 32) {
    return make_error(ErrorCode::invalid_request, setting.origin + ": the key has " +
                                                      std::to_string(setting.value.size()) +
                                                      " characters; expected at least 32");
  }
  field = std::string(setting.value);
  return ok_status();
}

// One configurable option: its flag, variable, help line, and how it is set and shown.
struct Option {
  std::string_view flag;     // "port", given as --port
  std::string_view metavar;  // shown in the help: --port N
  std::string_view env;
  std::string_view help;
  Status (*apply)(ServerConfig&, const Setting&);
  std::string (*show_default)(const ServerConfig&);
};

const Option kOptions[] = {
    {"host", "HOST", "CHATKIT_HOST", "address to listen on",
     [](ServerConfig& c, const Setting& s) { return set_text(c.host, s, "a host name or IP address"); },
     [](const ServerConfig& c) { return c.host; }},
    {"port", "N", "CHATKIT_PORT", "TCP port to listen on; 0 picks a free port",
     [](ServerConfig& c, const Setting& s) { return set_integer(c.port, s, kPortRange); },
     [](const ServerConfig& c) { return std::to_string(c.port); }},
    {"db", "PATH|URL", "CHATKIT_DB", "SQLite file (directory created), or postgres://..., libpq keywords, postgres:",
     [](ServerConfig& c, const Setting& s) { return set_text(c.db, s, "a file path or a PostgreSQL URL"); },
     [](const ServerConfig& c) { return c.db; }},
    {"db-pool", "N", "CHATKIT_DB_POOL", "PostgreSQL: connections, and the threads that run store calls",
     [](ServerConfig& c, const Setting& s) { return set_integer(c.db_pool, s, kDbPoolRange); },
     [](const ServerConfig& c) { return std::to_string(c.db_pool); }},
    {"db-statement-timeout", "MS", "CHATKIT_DB_STATEMENT_TIMEOUT", "PostgreSQL: a statement running longer fails",
     [](ServerConfig& c, const Setting& s) { return set_milliseconds(c.db_statement_timeout, s, kStatementTimeoutRange); },
     [](const ServerConfig& c) { return std::to_string(c.db_statement_timeout.count()); }},
    {"web", "DIR", "CHATKIT_WEB", "directory of the built web UI, served at /",
     [](ServerConfig& c, const Setting& s) { return set_text(c.web, s, "a directory path"); },
     [](const ServerConfig& c) { return c.web; }},
    {"model", "SPEC", "CHATKIT_MODEL", "model that answers (bench:MIN_MS:MAX_MS, ...)",
     [](ServerConfig& c, const Setting& s) { return set_text(c.model, s, "a model spec"); },
     [](const ServerConfig& c) { return c.model; }},
    {"use-case", "NAME[,NAME...]", "CHATKIT_USE_CASE",
     "registered use cases that answer, each at /chatkit/NAME; the first also at /chatkit",
     [](ServerConfig& c, const Setting& s) { return set_use_cases(c.use_cases, s); },
     [](const ServerConfig& c) { return joined(c.use_cases); }},
    {"auth-tokens", "FILE", "CHATKIT_AUTH_TOKENS", "file of lines \"TOKEN USER_ID\" for bearer authentication",
     [](ServerConfig& c, const Setting& s) { return set_text(c.auth_tokens.emplace(), s, "a file path"); },
     [](const ServerConfig&) { return std::string("none (every request is user \"local\")"); }},
    {"auth-jwks", "URL|FILE", "CHATKIT_AUTH_JWKS", "JWKS whose keys sign bearer JWTs (http(s) URL or file)",
     [](ServerConfig& c, const Setting& s) { return set_text(c.auth_jwks.emplace(), s, "a URL or file path"); },
     [](const ServerConfig&) { return std::string("none"); }},
    {"auth-issuer", "ISS", "CHATKIT_AUTH_ISSUER", "the iss a JWT must carry",
     [](ServerConfig& c, const Setting& s) { return set_text(c.auth_issuer, s, "an issuer"); },
     [](const ServerConfig&) { return std::string("any"); }},
    {"auth-audience", "AUD", "CHATKIT_AUTH_AUDIENCE", "the aud a JWT must carry (or list)",
     [](ServerConfig& c, const Setting& s) { return set_text(c.auth_audience, s, "an audience"); },
     [](const ServerConfig&) { return std::string("any"); }},
    {"auth-user-claim", "CLAIM", "CHATKIT_AUTH_USER_CLAIM", "JWT claim holding the user id (oid for Entra ID)",
     [](ServerConfig& c, const Setting& s) { return set_text(c.auth_user_claim, s, "a claim name"); },
     [](const ServerConfig& c) { return c.auth_user_claim; }},
    {"auth-leeway", "SECONDS", "CHATKIT_AUTH_LEEWAY", "clock skew allowed on a JWT's exp and nbf",
     [](ServerConfig& c, const Setting& s) { return set_seconds(c.auth_leeway, s, kLeewayRange); },
     [](const ServerConfig& c) { return show_seconds(c.auth_leeway); }},
    {"trust-user-header", "NAME", "CHATKIT_TRUST_USER_HEADER", "header naming the user, from --trusted-proxies only",
     [](ServerConfig& c, const Setting& s) { return set_text(c.trust_user_header, s, "a header name"); },
     [](const ServerConfig&) { return std::string("none"); }},
    {"trusted-proxies", "LIST", "CHATKIT_TRUSTED_PROXIES", "comma-separated IPs/CIDRs of authenticating proxies",
     [](ServerConfig& c, const Setting& s) { return set_text(c.trusted_proxies, s, "IPs or CIDRs"); },
     [](const ServerConfig&) { return std::string("none"); }},
    {"log-level", "LEVEL", "CHATKIT_LOG_LEVEL", "debug, info, warn, error or off",
     [](ServerConfig& c, const Setting& s) { return set_log_level(c.log_level, s); },
     [](const ServerConfig& c) { return std::string(log_level_name(c.log_level)); }},
    {"cors-origins", "LIST", "CHATKIT_CORS_ORIGINS", "comma-separated origins allowed by CORS",
     [](ServerConfig& c, const Setting& s) { return set_any_text(c.cors_origins, s); },
     [](const ServerConfig&) { return std::string("none (CORS off)"); }},
    {"threads", "N", "CHATKIT_THREADS", "I/O threads; 0 = one per hardware thread",
     [](ServerConfig& c, const Setting& s) { return set_integer(c.threads, s, kThreadsRange); },
     [](const ServerConfig& c) { return std::to_string(c.threads); }},
    {"max-body-bytes", "N", "CHATKIT_MAX_BODY_BYTES", "largest accepted request body",
     [](ServerConfig& c, const Setting& s) { return set_integer(c.max_body_bytes, s, kBodyRange); },
     [](const ServerConfig& c) { return std::to_string(c.max_body_bytes); }},
    {"max-header-bytes", "N", "CHATKIT_MAX_HEADER_BYTES", "largest accepted request line and headers",
     [](ServerConfig& c, const Setting& s) { return set_integer(c.max_header_bytes, s, kHeaderRange); },
     [](const ServerConfig& c) { return std::to_string(c.max_header_bytes); }},
    {"header-timeout", "SECONDS", "CHATKIT_HEADER_TIMEOUT", "time allowed to receive a complete request",
     [](ServerConfig& c, const Setting& s) { return set_seconds(c.header_timeout, s, kTimeoutRange); },
     [](const ServerConfig& c) { return show_seconds(c.header_timeout); }},
    {"idle-timeout", "SECONDS", "CHATKIT_IDLE_TIMEOUT", "time an idle keep-alive connection stays open",
     [](ServerConfig& c, const Setting& s) { return set_seconds(c.idle_timeout, s, kTimeoutRange); },
     [](const ServerConfig& c) { return show_seconds(c.idle_timeout); }},
    {"write-timeout", "SECONDS", "CHATKIT_WRITE_TIMEOUT", "time a client may take to read an answer or stream event",
     [](ServerConfig& c, const Setting& s) { return set_seconds(c.write_timeout, s, kTimeoutRange); },
     [](const ServerConfig& c) { return show_seconds(c.write_timeout); }},
    {"max-streams", "N", "CHATKIT_MAX_STREAMS", "concurrent SSE streams",
     [](ServerConfig& c, const Setting& s) { return set_integer(c.max_streams, s, kStreamsRange); },
     [](const ServerConfig& c) { return std::to_string(c.max_streams); }},
    {"max-json-depth", "N", "CHATKIT_MAX_JSON_DEPTH", "deepest nesting accepted in a request body",
     [](ServerConfig& c, const Setting& s) { return set_integer(c.max_json_depth, s, kDepthRange); },
     [](const ServerConfig& c) { return std::to_string(c.max_json_depth); }},
    {"max-json-values", "N", "CHATKIT_MAX_JSON_VALUES", "most array elements and object members in a request body",
     [](ServerConfig& c, const Setting& s) { return set_integer(c.max_json_values, s, kJsonValuesRange); },
     [](const ServerConfig& c) { return std::to_string(c.max_json_values); }},
    {"allowed-hosts", "LIST", "CHATKIT_ALLOWED_HOSTS", "Host names answered besides loopback (name, .domain or *)",
     [](ServerConfig& c, const Setting& s) { return set_any_text(c.allowed_hosts, s); },
     [](const ServerConfig&) { return std::string("none (without tokens: localhost, 127.0.0.1, [::1] only)"); }},
    {"frame-ancestors", "SOURCES", "CHATKIT_FRAME_ANCESTORS", "who may frame the web UI (CSP frame-ancestors)",
     [](ServerConfig& c, const Setting& s) { return set_text(c.frame_ancestors, s, "'none', 'self' or origins"); },
     [](const ServerConfig& c) { return c.frame_ancestors; }},
    {"run-timeout", "SECONDS", "CHATKIT_RUN_TIMEOUT",
     "PostgreSQL: a run whose instance has not been heard of for this long is cancelled by another (its partial "
     "answer kept)",
     [](ServerConfig& c, const Setting& s) { return set_seconds(c.run_timeout, s, kRunTimeoutRange); },
     [](const ServerConfig& c) { return show_seconds(c.run_timeout); }},
    {"detach-grace", "SECONDS", "CHATKIT_DETACH_GRACE",
     "how long an answer goes on without a reader, waiting for the client to reattach (0: cancel at once)",
     [](ServerConfig& c, const Setting& s) { return set_seconds(c.detach_grace, s, kDetachGraceRange); },
     [](const ServerConfig& c) { return show_seconds(c.detach_grace); }},
    {"shutdown-grace", "SECONDS", "CHATKIT_SHUTDOWN_GRACE", "on SIGTERM, how long running streams may finish",
     [](ServerConfig& c, const Setting& s) { return set_seconds(c.shutdown_grace, s, kGraceRange); },
     [](const ServerConfig& c) { return show_seconds(c.shutdown_grace); }},
    {"attachments-dir", "DIR", "CHATKIT_ATTACHMENTS_DIR", "where attachment bytes are stored (created)",
     [](ServerConfig& c, const Setting& s) { return set_text(c.attachments_dir, s, "a directory path"); },
     [](const ServerConfig& c) { return c.attachments_dir; }},
    {"max-attachment-bytes", "N", "CHATKIT_MAX_ATTACHMENT_BYTES", "largest accepted attachment",
     [](ServerConfig& c, const Setting& s) { return set_integer(c.max_attachment_bytes, s, kAttachmentBytesRange); },
     [](const ServerConfig& c) { return std::to_string(c.max_attachment_bytes); }},
    {"attachment-types", "LIST", "CHATKIT_ATTACHMENT_TYPES", "accepted attachment types (type/subtype or type/*)",
     [](ServerConfig& c, const Setting& s) { return set_text(c.attachment_types, s, "comma-separated media types"); },
     [](const ServerConfig& c) { return c.attachment_types; }},
    {"attachment-ttl", "SECONDS", "CHATKIT_ATTACHMENT_TTL", "unsent attachments are deleted after this",
     [](ServerConfig& c, const Setting& s) { return set_seconds(c.attachment_ttl, s, kAttachmentTtlRange); },
     [](const ServerConfig& c) { return show_seconds(c.attachment_ttl); }},
    {"signing-key", "KEY", "CHATKIT_SIGNING_KEY", "key of the signed upload and preview links (32+ characters)",
     [](ServerConfig& c, const Setting& s) { return set_signing_key(c.signing_key, s); },
     [](const ServerConfig&) { return std::string("generated into signing.key beside --db (PostgreSQL: in --attachments-dir)"); }},
    {"public-url", "URL", "CHATKIT_PUBLIC_URL", "the server's URL for clients, the base of the links it hands out",
     [](ServerConfig& c, const Setting& s) { return set_public_url(c.public_url, s); },
     [](const ServerConfig&) { return std::string("http:// + the request's Host"); }},
};

// The winning setting of each option, indexed like kOptions; later layers overwrite earlier ones.
using Settings = std::array<std::optional<Setting>, std::size(kOptions)>;

std::optional<std::size_t> find_option(std::string_view name, std::string_view Option::*key) {
  for (std::size_t i = 0; i < std::size(kOptions); ++i) {
    if (kOptions[i].*key == name) return i;
  }
  return std::nullopt;
}

Error dotenv_error(int line, std::string_view problem) {
  return make_error(ErrorCode::invalid_request, ".env line " + std::to_string(line) + ": " + std::string(problem));
}

bool valid_key(std::string_view key) {
  auto word = [](char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  return !key.empty() && !(key.front() >= '0' && key.front() <= '9') && std::ranges::all_of(key, word);
}

// The text after '=': quoted ('...' or "...", no escapes) or bare, either followed by an optional # comment.
Result<std::string_view> parse_dotenv_value(std::string_view text, int line) {
  if (!text.empty() && (text.front() == '"' || text.front() == '\'')) {
    const auto close = text.find(text.front(), 1);
    if (close == std::string_view::npos) return dotenv_error(line, "unterminated quote");
    const std::string_view rest = trim(text.substr(close + 1));
    if (!rest.empty() && rest.front() != '#') return dotenv_error(line, "unexpected text after the closing quote");
    return text.substr(1, close - 1);
  }
  // A '#' starts a comment only after a blank, so "a#b" stays one value.
  const auto comment = std::min(text.find(" #"), text.find("\t#"));
  return trim(text.substr(0, comment));
}

struct DotenvEntry {
  std::string_view key;
  std::string_view value;
};

// One line of .env: nothing for blanks and comments, else KEY=VALUE with an optional "export ".
Result<std::optional<DotenvEntry>> parse_dotenv_line(std::string_view raw, int line) {
  std::string_view text = trim(raw);
  if (text.empty() || text.front() == '#') return std::optional<DotenvEntry>{};
  if (text.starts_with("export ") || text.starts_with("export\t")) text = trim(text.substr(6));
  const auto equals = text.find('=');
  if (equals == std::string_view::npos) return dotenv_error(line, "expected KEY=VALUE");
  const std::string_view key = trim(text.substr(0, equals));
  if (!valid_key(key)) return dotenv_error(line, quoted(key) + " is not a variable name");
  auto value = parse_dotenv_value(trim(text.substr(equals + 1)), line);
  if (!value) return value.error();
  return std::optional<DotenvEntry>{DotenvEntry{key, *value}};
}

Status add_dotenv(std::string_view text, Settings& settings) {
  for (int line = 1; !text.empty(); ++line) {
    const auto newline = text.find('\n');
    const std::string_view raw = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    auto entry = parse_dotenv_line(raw, line);
    if (!entry) return entry.error();
    if (!*entry) continue;
    // Keys other than ours are left for other tools sharing the file.
    if (auto index = find_option((*entry)->key, &Option::env)) {
      settings[*index] =
          Setting{(*entry)->value, std::string((*entry)->key) + " (.env line " + std::to_string(line) + ")"};
    }
  }
  return ok_status();
}

}  // namespace

std::map<std::string, std::string> variables_with_prefixes(const ConfigSource& source,
                                                           const std::vector<std::string_view>& prefixes) {
  const auto wanted = [&](std::string_view key) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return key.starts_with(p); });
  };
  std::map<std::string, std::string> variables;
  std::string_view text = source.dotenv;
  for (int line = 1; !text.empty(); ++line) {  // .env first: the environment overrides it
    const auto newline = text.find('\n');
    const std::string_view raw = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    auto entry = parse_dotenv_line(raw, line);
    if (entry && *entry && wanted((*entry)->key)) variables[std::string((*entry)->key)] = (*entry)->value;
  }
  for (const auto& [key, value] : source.env) {
    if (wanted(key)) variables[key] = value;
  }
  return variables;
}

namespace {

void add_env(const std::map<std::string, std::string>& env, Settings& settings) {
  for (const auto& [key, value] : env) {
    if (auto index = find_option(key, &Option::env)) settings[*index] = Setting{value, key};
  }
}

Error flag_error(std::string message) { return make_error(ErrorCode::invalid_request, std::move(message)); }

// Reads "--name value" or "--name=value" at args[i], advancing i past what it used.
Status add_flag(const std::vector<std::string>& args, std::size_t& i, Settings& settings) {
  const std::string_view arg = args[i];
  if (!arg.starts_with("--")) {
    if (arg.starts_with("-")) return flag_error("unknown flag " + quoted(arg) + "; see --help");
    return flag_error("unexpected argument " + quoted(arg) + "; options are flags such as --port 8000");
  }
  const std::string_view body = arg.substr(2);
  const auto equals = body.find('=');
  const std::string flag = "--" + std::string(body.substr(0, equals));
  if (flag == "--help") return flag_error("--help takes no value");
  const auto index = find_option(body.substr(0, equals), &Option::flag);
  if (!index) return flag_error("unknown flag " + flag + "; see --help");
  if (equals != std::string_view::npos) {
    settings[*index] = Setting{body.substr(equals + 1), flag};
    return ok_status();
  }
  // A following flag means the value was forgotten, not that it is the value.
  if (i + 1 >= args.size() || args[i + 1].starts_with("--")) {
    return flag_error(flag + " needs a value: " + flag + " " + std::string(kOptions[*index].metavar));
  }
  settings[*index] = Setting{args[++i], flag};
  return ok_status();
}

bool asks_for_help(const std::vector<std::string>& args) {
  return std::ranges::any_of(args, [](const std::string& arg) { return arg == "--help" || arg == "-h"; });
}

bool asks_for_version(const std::vector<std::string>& args) {
  return std::ranges::any_of(args, [](const std::string& arg) { return arg == "--version"; });
}

// --check-health URL: the value, nullopt without the flag, invalid_request when it has no value.
std::optional<Result<std::string>> asks_for_health_check(const std::vector<std::string>& args) {
  const auto flag = std::ranges::find(args, std::string("--check-health"));
  if (flag == args.end()) return std::nullopt;
  if (flag + 1 == args.end() || (flag + 1)->starts_with("--")) {
    return Result<std::string>(flag_error("--check-health needs a value: --check-health URL"));
  }
  return Result<std::string>(*(flag + 1));
}

}  // namespace

// Sign-in flags that contradict each other or do nothing alone are start-up errors, not surprises.
Status check_sign_in(const ServerConfig& config) {
  auto invalid = [](std::string message) { return make_error(ErrorCode::invalid_request, std::move(message)); };
  if (config.auth_jwks && config.auth_tokens) return invalid("--auth-jwks and --auth-tokens exclude each other: choose one");
  if (!config.auth_jwks && (!config.auth_issuer.empty() || !config.auth_audience.empty())) {
    return invalid("--auth-issuer and --auth-audience need --auth-jwks");
  }
  if (config.trust_user_header.empty() != config.trusted_proxies.empty()) {
    return invalid("--trust-user-header and --trusted-proxies go together: the header is believed only from those addresses");
  }
  return ok_status();
}

Result<ServerConfig> parse_config(const ConfigSource& source) {
  // Help wins over everything, so a broken environment cannot hide the usage text.
  if (asks_for_help(source.args)) return ServerConfig{.show_help = true};
  // So does --version: an operator asking which build this is gets the answer whatever else is set.
  if (asks_for_version(source.args)) return ServerConfig{.show_version = true};
  // And --check-health: a container's health check runs with the container's whole environment.
  if (auto url = asks_for_health_check(source.args)) {
    if (!*url) return url->error();
    return ServerConfig{.check_health = **url};
  }
  Settings settings;
  if (auto status = add_dotenv(source.dotenv, settings); !status) return status.error();
  add_env(source.env, settings);
  for (std::size_t i = 0; i < source.args.size(); ++i) {
    if (auto status = add_flag(source.args, i, settings); !status) return status.error();
  }
  // Only the winning value of each option is validated: an overridden bad value does no harm.
  ServerConfig config;
  for (std::size_t i = 0; i < settings.size(); ++i) {
    if (!settings[i]) continue;
    if (auto status = kOptions[i].apply(config, *settings[i]); !status) return status.error();
  }
  if (auto status = check_sign_in(config); !status) return status.error();
  return config;
}

std::string config_usage() {
  const ServerConfig defaults;
  std::string text =
      "Usage: chatkit-server [flags]\n\n"
      "Each flag may also be set by its environment variable, or by a KEY=VALUE line in ./.env.\n"
      "Flags win over the environment, which wins over .env.\n\n";
  for (const Option& option : kOptions) {
    std::string usage = "  --" + std::string(option.flag) + " " + std::string(option.metavar);
    usage.resize(std::max<std::size_t>(usage.size() + 1, 30), ' ');
    text += usage + std::string(option.help) + "\n";
    text += std::string(30, ' ') + std::string(option.env) + ", default " + option.show_default(defaults) + "\n";
  }
  text += "  -h, --help                  show this text\n";
  text += "  --version                   print the version and build, and exit\n";
  text += "  --check-health URL          GET URL (http://HOST:PORT/healthz or /readyz) and exit 0 on a 2xx, 1 otherwise\n";
  return text;
}

}  // namespace chatkit::server
