#pragma once
// The server's configuration, read from flags, the environment and ./.env, in that order of
// precedence (flags > environment > .env > defaults). Reading is a pure function of its inputs.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "server/observability/log.hpp"

namespace chatkit::server {

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;               // 0 = pick a free port
  // A SQLite file (its directory is created by the server), or PostgreSQL: postgres:// or
  // postgresql:// URI, libpq keywords ("host=/tmp dbname=x"), or "postgres:" for the PG* variables.
  std::string db = "data/chatkit.db";
  int db_pool = 4;                                     // PostgreSQL connections (and store workers)
  std::chrono::milliseconds db_statement_timeout{5000};  // PostgreSQL: a statement running longer fails
  std::string web = "build/web";           // the built web UI served at / (scripts/build_web.sh)
  std::string model = "offline";           // model spec string, validated elsewhere
  // The registered use cases that answer, each at /chatkit/NAME; the first also at /chatkit.
  std::vector<std::string> use_cases = {"todo"};
  std::optional<std::string> auth_tokens;  // path of a file of lines "TOKEN USER_ID"
  // Sign-in by JWT (docs/DEPLOY.md "Sign-in"): the JWKS, and what the tokens' claims must say.
  std::optional<std::string> auth_jwks;  // http(s) URL or file path
  std::string auth_issuer;               // "" = any iss
  std::string auth_audience;             // "" = any aud
  std::string auth_user_claim = "sub";   // "oid" for Entra ID
  std::chrono::seconds auth_leeway{60};  // clock skew allowed on exp and nbf
  std::string trust_user_header;         // header naming the user, set by an authenticating proxy
  std::string trusted_proxies;           // IPs/CIDRs whose trust_user_header is believed
  LogLevel log_level = LogLevel::info;
  std::string cors_origins;  // comma-separated, "" = CORS off
  int threads = 0;           // I/O threads; 0 = hardware concurrency (at least 1)
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds header_timeout{10};  // time to receive a complete request
  std::chrono::seconds idle_timeout{60};    // keep-alive connection idle
  std::chrono::seconds write_timeout{30};   // a client that stops reading is dropped after this
  std::size_t max_streams = 20000;          // concurrent SSE streams
  int max_json_depth = 128;
  std::size_t max_json_values = 100'000;    // elements and members of one request body
  std::string allowed_hosts;                // extra Host names answered ("" = loopback only without tokens)
  std::string frame_ancestors = "'none'";   // CSP frame-ancestors of the static pages
  std::chrono::seconds shutdown_grace{10};  // SIGTERM: how long running streams may finish
  std::chrono::seconds run_timeout{15};     // PostgreSQL: another instance's run silent this long is taken over
  std::chrono::seconds detach_grace{20};    // a run whose reader left waits this long for one (0: cancel at once)
  // Attachments (docs/PROTOCOL.md §2.15-§2.16).
  std::string attachments_dir = "data/attachments";  // the local blob store; created by the server
  std::size_t max_attachment_bytes = 20u << 20;
  std::string attachment_types = "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/*,application/json";
  std::chrono::seconds attachment_ttl{24 * 60 * 60};  // unsent attachments are deleted after this
  std::string signing_key;  // of upload and preview links; "" = the generated file beside the database
  std::string public_url;   // the base of the links handed out; "" = http:// + the request's Host
  bool show_help = false;
  bool show_version = false;  // --version: print the version and build, and exit
  std::string check_health;   // --check-health URL: probe a running server, exit 0 when it answers 2xx
};

// Everything the configuration is read from, gathered by main() so parsing stays testable.
struct ConfigSource {
  std::vector<std::string> args;           // argv[1..]
  std::map<std::string, std::string> env;  // the process environment (only CHATKIT_* keys matter)
  std::string dotenv;                      // contents of ./.env, may be empty
};

// The configuration, or invalid_request naming the flag or variable, the bad value and what is
// expected. With --help/-h anywhere in the arguments, the defaults with show_help set.
chatkit::Result<ServerConfig> parse_config(const ConfigSource& source);

// The variables of the environment and .env (the environment wins) whose names start with one of
// `prefixes`: the model providers' settings (OPENAI_*, AZURE_*, IDENTITY_*), read by their names.
std::map<std::string, std::string> variables_with_prefixes(const ConfigSource& source,
                                                           const std::vector<std::string_view>& prefixes);

// The --help text: every flag, its environment variable and its default.
std::string config_usage();

}  // namespace chatkit::server
