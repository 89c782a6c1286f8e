// chatkit-server: reads the configuration, builds the parts, picks the use case from the registry
// (use_cases/registry.hpp), serves.
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "server/build_info.hpp"
#include "server/config.hpp"
#include "server/attachments/local_blob_store.hpp"
#include "server/attachments/sweeper.hpp"
#include "server/http/auth_jwt.hpp"
#include "server/http/auth_trusted_header.hpp"
#include "server/http/http_server.hpp"
#include "server/models/catalog/model_spec.hpp"
#include "server/models/catalog/providers.hpp"
#include "server/http/health_probe.hpp"
#include "server/http/router.hpp"
#include "server/store/database_target.hpp"
#include "server/store/postgres/pg_listener.hpp"
#include "server/store/postgres/pg_sql_database.hpp"
#include "server/store/postgres/pg_store.hpp"
#include "server/store/sqlite_sql_database.hpp"
#include "server/store/sqlite_store.hpp"
#include "server/chatkit/abandoned_run.hpp"
#include "server/common/clock.hpp"
#include "server/runs/sql_run_ledger.hpp"
#include "server/store/store_executor.hpp"
#include "use_cases/registry.hpp"

extern char** environ;

namespace {

using namespace chatkit;
using namespace chatkit::server;

ConfigSource config_source(int argc, char** argv) {
  ConfigSource source;
  for (int i = 1; i < argc; ++i) source.args.emplace_back(argv[i]);
  for (char** entry = environ; *entry; ++entry) {
    std::string_view text(*entry);
    const auto eq = text.find('=');
    const bool ours = text.starts_with("CHATKIT_") || text.starts_with("OPENAI_") || text.starts_with("AZURE_") ||
                      text.starts_with("IDENTITY_");
    if (ours && eq != std::string_view::npos) {
      source.env.emplace(text.substr(0, eq), text.substr(eq + 1));
    }
  }
  if (std::ifstream dotenv(".env"); dotenv) {
    std::ostringstream text;
    text << dotenv.rdbuf();
    source.dotenv = text.str();
  }
  return source;
}

// Ten thousand streams need ten thousand descriptors: take what the hard limit allows.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int fail(int code, const std::string& message) {
  std::cerr << "chatkit-server: " << message << "\n";
  return code;
}

Result<std::unique_ptr<Authenticator>> make_bearer_authenticator(const ServerConfig& config) {
  if (config.auth_jwks) {
    // The first fetch is a start-up error when it fails: a server that cannot check tokens refuses everyone.
    auto keys = JwksCache::open({.location = *config.auth_jwks});
    if (!keys) return make_error(keys.error().code, "--auth-jwks: " + keys.error().message);
    return std::unique_ptr<Authenticator>(std::make_unique<JwtAuthenticator>(
        std::move(*keys), ClaimRules{.issuer = config.auth_issuer,
                                     .audience = config.auth_audience,
                                     .user_claim = config.auth_user_claim,
                                     .leeway = config.auth_leeway}));
  }
  if (!config.auth_tokens) return std::unique_ptr<Authenticator>(std::make_unique<LocalUserAuthenticator>());
  auto tokens = TokenFileAuthenticator::load(*config.auth_tokens);
  if (!tokens) return tokens.error();
  return std::unique_ptr<Authenticator>(std::move(*tokens));
}

// The bearer authenticator, behind the trusted-proxy header when --trust-user-header is set.
Result<std::unique_ptr<Authenticator>> make_authenticator(const ServerConfig& config) {
  auto bearer = make_bearer_authenticator(config);
  if (!bearer || config.trust_user_header.empty()) return bearer;
  auto proxies = TrustedProxies::parse(config.trusted_proxies);
  if (!proxies) return proxies.error();
  return std::unique_ptr<Authenticator>(std::make_unique<TrustedHeaderAuthenticator>(
      config.trust_user_header, std::move(*proxies),
      config.auth_tokens || config.auth_jwks ? std::move(*bearer) : nullptr));
}

// The thread store --db names, the use cases' tables in the same database, where the store's
// calls run, and where the generated signing key is kept.
struct OpenStore {
  std::unique_ptr<Store> store;
  std::unique_ptr<SqlDatabase> tables;
  std::unique_ptr<StoreExecutor> executor;
  std::filesystem::path key_dir;
};

Result<OpenStore> open_sqlite(const std::string& path, const ServerConfig& config) {
  const auto directory = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!directory.empty()) std::filesystem::create_directories(directory, ec);
  if (ec) return make_error(ErrorCode::internal, "cannot create " + directory.string() + ": " + ec.message());
  auto store = SqliteStore::open(path);
  if (!store) return store.error();
  auto tables = SqliteSqlDatabase::open(path);
  if (!tables) return tables.error();
  return OpenStore{.store = std::move(*store), .tables = std::move(*tables),
                   .executor = StoreExecutor::inline_calls(),  // SQLite's calls are short: on the I/O threads
                   .key_dir = path == ":memory:" ? std::filesystem::path(config.attachments_dir) : directory};
}

// PostgreSQL: its calls wait on the network, so they run on as many workers as there are connections.
Result<OpenStore> open_postgres(const PostgresTarget& target, const ServerConfig& config) {
  auto store = PgStore::open({.conninfo = target.conninfo, .pool_size = config.db_pool,
                              .statement_timeout = config.db_statement_timeout});
  if (!store) return store.error();
  auto tables = std::make_unique<PgSqlDatabase>(**store);
  return OpenStore{.store = std::move(*store), .tables = std::move(tables),
                   .executor = StoreExecutor::worker_threads(config.db_pool),
                   .key_dir = config.attachments_dir};  // no database directory: beside the attachments
}

Result<OpenStore> open_store(const ServerConfig& config) {
  const auto target = database_target(config.db);
  if (const auto* postgres = std::get_if<PostgresTarget>(&target)) return open_postgres(*postgres, config);
  return open_sqlite(std::get<SqliteTarget>(target).path, config);
}

// The attachment store's parts (docs/PROTOCOL.md §2.15): the bytes on disk, the signing key (given,
// or kept in signing.key in `key_dir`), the limits.
struct AttachmentParts {
  std::unique_ptr<LocalBlobStore> blobs;
  std::unique_ptr<AttachmentService> service;
};

Result<AttachmentParts> make_attachments(const ServerConfig& config, Store& store, const std::filesystem::path& key_dir) {
  auto policy = AttachmentPolicy::parse(config.attachment_types, config.max_attachment_bytes);
  if (!policy) return make_error(ErrorCode::invalid_request, "--attachment-types: " + describe(policy.error()));
  auto blobs = LocalBlobStore::in(config.attachments_dir);
  if (!blobs) return make_error(ErrorCode::internal, "--attachments-dir: " + describe(blobs.error()));
  auto key = load_signing_key(config.signing_key, key_dir / "signing.key");
  if (!key) return make_error(ErrorCode::internal, "signing key: " + describe(key.error()));
  AttachmentParts parts;
  parts.blobs = std::move(*blobs);
  parts.service = std::make_unique<AttachmentService>(
      store, *parts.blobs, UrlSigner(std::move(*key)),
      AttachmentServiceOptions{.policy = std::move(*policy), .ttl = config.attachment_ttl});
  return parts;
}

std::string url_of(const tcp::endpoint& endpoint) {
  const auto address = endpoint.address().to_string();
  const auto host = endpoint.address().is_v6() ? "[" + address + "]" : address;
  return "http://" + host + ":" + std::to_string(endpoint.port());
}

// One use case of --use-case, answering at /chatkit/NAME over the shared store.
struct ServedUseCase {
  std::string name;
  std::unique_ptr<UseCase> use_case;
  std::shared_ptr<Model> model;
};

// Every name of --use-case registered, and none a word of the API's paths; exit code 2 otherwise.
Status check_use_case_names(const ServerConfig& config) {
  for (const auto& name : config.use_cases) {
    if (is_route_word(name)) {
      return make_error(ErrorCode::invalid_request, "--use-case '" + name + "' would hide /chatkit/" + name +
                                                        "/...: no use case may be called so");
    }
    if (!use_cases::find_use_case(name)) {
      std::string names;
      for (const auto& entry : use_cases::registered_use_cases()) names += (names.empty() ? "" : ", ") + std::string(entry.name);
      return make_error(ErrorCode::invalid_request, "--use-case '" + name + "' is not registered (use cases: " + names + ")");
    }
  }
  return ok_status();
}

// The model of each use case: a provider's is one for all of them; a built-in one is made for each, so
// that the offline model knows only that use case's phrasings (a Todo phrasing typed at another use
// case's path is not carried out there, even when both offer a tool of that name).
Result<std::shared_ptr<Model>> model_for(const UseCase& use_case, std::shared_ptr<Model>& provider,
                                         const ServerConfig& config, const ConfigSource& source) {
  if (is_provider_model(config.model)) {
    if (!provider) {
      auto made = make_provider_model(config.model, variables_with_prefixes(source, {"OPENAI_", "AZURE_", "IDENTITY_"}));
      if (!made) return made.error();
      provider = std::move(*made);
    }
    return provider;
  }
  BuiltInModelParts parts;
  if (auto skill = use_case.offline_skill()) parts.offline_skills.push_back(std::move(skill));
  auto made = make_model(config.model, parts);
  if (!made) return made.error();
  return std::shared_ptr<Model>(std::move(*made));
}

std::string listed(const std::vector<ServedUseCase>& served) {
  std::string text;
  for (const auto& one : served) text += (text.empty() ? "" : ",") + one.name;
  return text;
}

// The NOTIFY channel of cancel requests between instances (PostgreSQL).
constexpr std::string_view kRunCancelChannel = "chatkit_run_cancel";

// This instance's name in the run ledger: host, process and a random part (a restarted process is another instance).
std::string instance_name() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" + random_wide_id(IdKind::run).substr(4, 8);
}

SharedRuns shared_runs(RunLedger& ledger, StoreExecutor& executor, Store& store, const ServerConfig& config,
                       Logger& logger) {
  return SharedRuns{
      .ledger = ledger, .executor = executor, .instance = instance_name(),
      .run_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.run_timeout),
      .settle = [&store](const RunRecord& run, const std::string& frames) {
        return persist_abandoned_answer(store, run.thread_id, context_of_owner(run.user_id), frames);
      },
      .warn = [&logger](const std::string& what, const Error& error) {
        logger.log(LogLevel::warn, what, {{"reason", describe(error)}});
      }};
}

// --check-health URL: 0 when a server answers it with a 2xx; 1 (and why, on stderr) otherwise.
int check_health(const std::string& url) {
  auto target = parse_health_url(url);
  if (!target) return fail(2, describe(target.error()));
  if (auto healthy = probe_health(*target, std::chrono::seconds(5)); !healthy) return fail(1, describe(healthy.error()));
  return 0;
}

// /readyz: the store answers a read (it ran its migrations before it opened).
Status store_answers(Store& store) {
  auto page = store.load_threads(1, std::nullopt, SortOrder::desc, RequestContext{.user_id = "readyz"});
  if (!page) return page.error();
  return ok_status();
}

int serve(const ServerConfig& config, const ConfigSource& source) {
  Logger logger(config.log_level);
  auto authenticator = make_authenticator(config);
  if (!authenticator) return fail(2, describe(authenticator.error()));
  auto cors = CorsPolicy::parse(config.cors_origins);
  if (!cors) return fail(2, "--cors-origins: " + describe(cors.error()));
  auto hosts = HostPolicy::parse(config.allowed_hosts,
                                 config.auth_tokens || config.auth_jwks || !config.trust_user_header.empty() ? Authentication::tokens : Authentication::none);
  if (!hosts) return fail(2, "--allowed-hosts: " + describe(hosts.error()));
  const auto frame_ancestors = frame_ancestors_sources(config.frame_ancestors);
  if (!frame_ancestors) {
    return fail(2, "--frame-ancestors: '" + config.frame_ancestors + "' is not 'none', 'self' or http(s) origins");
  }
  if (auto names = check_use_case_names(config); !names) return fail(2, describe(names.error()));
  const std::string shown_db = redact_database(config.db);  // a URI's password never reaches a log or stderr
  auto opened = open_store(config);
  if (!opened) return fail(1, "--db " + shown_db + ": " + describe(opened.error()));
  Store& store = *opened->store;
  std::vector<ServedUseCase> served;
  for (const auto& name : config.use_cases) {
    auto use_case = use_cases::find_use_case(name)->make({.db = config.db, .database = opened->tables.get(),
                                                         .store_executor = opened->executor.get()});
    if (!use_case) return fail(1, "--use-case " + name + ": " + describe(use_case.error()));
    served.push_back(ServedUseCase{.name = name, .use_case = std::move(*use_case), .model = nullptr});
  }
  auto attachments = make_attachments(config, store, opened->key_dir);
  if (!attachments) return fail(attachments.error().code == ErrorCode::invalid_request ? 2 : 1, describe(attachments.error()));
  const AttachmentSweeper sweeper(*attachments->service, [&logger](const Result<std::size_t>& swept) {
    if (!swept) logger.log(LogLevel::warn, "attachment sweep failed", {{"reason", describe(swept.error())}});
    else if (*swept > 0) logger.log(LogLevel::info, "expired attachments deleted", {{"count", *swept}});
  });
  std::shared_ptr<Model> provider;
  for (auto& one : served) {
    auto model = model_for(*one.use_case, provider, config, source);
    if (!model) return fail(2, describe(model.error()));
    one.model = std::move(*model);
  }
  StaticFiles static_files(config.web);
  Metrics metrics;
  BatchingWriter writer(store, [&metrics](std::size_t writes) { metrics.store_committed(writes); },
                        opened->executor.get());
  ChatKitServer::Options chatkit_options;
  chatkit_options.attachments = attachments->service.get();
  chatkit_options.store_executor = opened->executor.get();
  // PostgreSQL: instances share the database, so runs are in it too (docs/PROTOCOL.md §4.7).
  std::unique_ptr<SqlRunLedger> ledger;
  if (opened->executor->offloads()) {
    auto opened_ledger = SqlRunLedger::open(*opened->tables, std::string(kRunCancelChannel));
    if (!opened_ledger) return fail(1, "--db " + shown_db + ": " + describe(opened_ledger.error()));
    ledger = std::move(*opened_ledger);
    chatkit_options.shared_active_run = [&ledger = *ledger](const std::string& thread_id) {
      auto run = ledger.active_run(thread_id);
      return run ? *run : std::nullopt;
    };
  }
  // Each use case its own server (agent, tools, actions) over the one store, writer and attachments.
  std::vector<std::unique_ptr<ChatKitServer>> servers;
  std::vector<Mount> mounts;
  for (auto& one : served) {
    servers.push_back(std::make_unique<ChatKitServer>(store, writer, *one.use_case, *one.model, chatkit_options));
    mounts.push_back(Mount{.name = one.name, .chatkit = servers.back().get()});
  }
  ChatKitServer& chatkit = *servers.front();
  const int threads = config.threads > 0 ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  ServerParts parts{.chatkit = chatkit, .attachments = attachments->service.get(), .public_url = config.public_url,
                    .static_files = static_files, .cors = *cors, .auth = **authenticator,
                    .metrics = metrics, .logger = logger,
                    .limits = {.max_body_bytes = config.max_body_bytes, .max_header_bytes = config.max_header_bytes,
                               .header_timeout = config.header_timeout, .idle_timeout = config.idle_timeout,
                               .write_timeout = config.write_timeout,
                               .max_streams = config.max_streams, .max_json_depth = config.max_json_depth,
                               .max_json_values = config.max_json_values},
                    .hosts = std::move(*hosts),
                    .static_headers = static_security_headers(*frame_ancestors),
                    .readiness = [&store] { return store_answers(store); },
                    .store_executor = opened->executor.get()};
  parts.mounts = std::move(mounts);
  parts.runs.configure({.detach_grace = config.detach_grace});
  if (ledger) parts.runs.share(shared_runs(*ledger, *opened->executor, store, config, logger));
  // Cancels asked for on other instances arrive here at once (the ledger's sync would see them within 50 ms).
  std::unique_ptr<pg::Listener> cancels;
  if (ledger) {
    const auto target = std::get<PostgresTarget>(database_target(config.db));
    cancels = std::make_unique<pg::Listener>(pg::ConnectionOptions{.conninfo = target.conninfo},
                                             std::string(kRunCancelChannel),
                                             [&parts](const std::string& run_id) { parts.runs.cancel_local(run_id); });
  }
  HttpServer server(parts, {.host = config.host, .port = config.port, .threads = threads,
                            .shutdown_grace = config.shutdown_grace});
  auto endpoint = server.listen();
  if (!endpoint) return fail(1, describe(endpoint.error()));
  logger.log(LogLevel::info, "serving", {{"version", std::string(kVersion)}, {"build", std::string(kBuild)},
                                         {"model", std::string(served.front().model->name())}, {"use_cases", listed(served)},
                                         {"db", shown_db}, {"web", config.web}, {"threads", threads},
                                         {"db_workers", opened->executor->offloads() ? config.db_pool : 0}});
  std::cout << "listening on " << url_of(*endpoint) << std::endl;  // the line tools wait for; flushed
  server.run();
  opened->executor->join();  // store calls still on a worker resume into the stopped I/O context, not a freed one
  logger.log(LogLevel::info, "stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  const ConfigSource source = config_source(argc, argv);
  auto config = parse_config(source);
  if (!config) return fail(2, describe(config.error()) + " (see --help)");
  if (config->show_help) {
    std::cout << config_usage();
    return 0;
  }
  if (!config->check_health.empty()) return check_health(config->check_health);
  if (config->show_version) {
    std::cout << "chatkit-server " << kVersion << " (build " << kBuild << ")\n";
    return 0;
  }
  raise_descriptor_limit();
  return serve(*config, source);
}
