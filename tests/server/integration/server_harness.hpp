#pragma once
// The server in-process for the integration tests: the real HttpServer on 127.0.0.1 with port 0,
// run by a background thread, over a SqliteStore in a temporary directory, with the bench model
// and a "probe" use case that has widgets, actions and hooks for the tests to drive.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "server/chatkit/use_case.hpp"
#include "server/http/server_parts.hpp"
#include "server/store/sqlite_store.hpp"

namespace chatkit::server {
class HttpServer;
class Model;
}  // namespace chatkit::server

namespace chatkit::testing {

using json = nlohmann::json;

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  explicit TempDir(const std::string& tag = "chatkit_int");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The use case the tests drive. Its widget (probe_widget) offers three actions:
//   probe.press   {"n":1}  -> thread.item.updated (widget.root.updated: "Pressed 1") for the sender,
//                             then a new widget item done ("Made by press")
//   probe.replace {"r":1}  -> thread.item.replaced of the sender ("Replaced")
//   probe.sync    {"v":2}  -> (threads.sync_custom_action) updated_item = the sender, "Synced 2"
// Without a sender, probe.press only adds the new widget. probe.note (no widget needed) emits a
// hidden_context_item done and a client_effect; probe.rename {"title":...} sets the thread's title,
// then emits a widget done and a client_effect; any other action ends in the default error event.
class ProbeUseCase final : public server::UseCase {
 public:
  std::string_view name() const override { return "probe"; }
  std::string instructions(const ThreadMetadata& thread) const override;
  server::awaitable<void> action(server::Turn& turn, const Action& action,
                                 const std::optional<WidgetItem>& sender) override;
  Result<SyncCustomActionResponse> sync_action(const server::SyncActionCall& call) override;
  server::awaitable<void> after_respond(server::Turn& turn) override;
  Status feedback(const server::FeedbackCall& call) override;

  // When set, after_respond gives the thread this title (§4.6: thread.updated at the end).
  void set_title_after_respond(std::string title);
  int feedback_calls() const { return feedback_calls_.load(); }

 private:
  std::mutex mutex_;
  std::string title_after_respond_;
  std::atomic<int> feedback_calls_{0};
};

// The widget the tests seed, and the widgets the probe's actions produce.
json probe_widget();
json pressed_widget(int n);
json replaced_widget();
json synced_widget(int v);
json new_widget_from_press();

struct HarnessOptions {
  std::string model = "bench:3";
  std::string auth_tokens;  // "" = every request is user "local"; else a token file's text
  std::string cors_origins;
  std::optional<std::filesystem::path> web;  // default: <temp>/web, with an index.html
  server::HttpLimits limits{};
  int threads = 2;
  std::chrono::seconds shutdown_grace{2};
  // How long a run whose reader left waits for one (PROTOCOL §4.7); 0: cancelled at once.
  std::chrono::milliseconds detach_grace{0};
  // GET /readyz's probe (ServerParts::readiness); none: ready.
  std::function<Status()> readiness;
  bool titles = false;  // §4.3's orders are the reference's, which titles nothing; title tests turn it on
  // Makes the use case that answers instead of the probe (given the database file), e.g. Todo.
  // Its offline phrasings are taught to the model.
  std::function<std::unique_ptr<server::UseCase>(const std::filesystem::path&)> use_case;
};

class ServerHarness {
 public:
  explicit ServerHarness(HarnessOptions options = {});
  ~ServerHarness();
  ServerHarness(const ServerHarness&) = delete;
  ServerHarness& operator=(const ServerHarness&) = delete;

  std::uint16_t port() const { return port_; }
  // The store the server uses (thread-safe: SqliteStore serializes its callers).
  server::SqliteStore& store() { return *store_; }
  ProbeUseCase& probe() { return probe_; }
  server::UseCase& use_case() { return own_use_case_ ? *own_use_case_ : probe_; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path db_path() const { return dir_.path() / "chatkit.db"; }

 private:
  HarnessOptions options_;
  TempDir dir_;
  std::unique_ptr<server::SqliteStore> store_;
  std::unique_ptr<server::BatchingWriter> writer_;  // as in the binary: group commit
  std::unique_ptr<server::Model> model_;
  ProbeUseCase probe_;
  std::unique_ptr<server::UseCase> own_use_case_;
  std::unique_ptr<server::Authenticator> auth_;
  std::unique_ptr<server::CorsPolicy> cors_;
  std::unique_ptr<server::StaticFiles> static_files_;
  std::unique_ptr<server::Metrics> metrics_;
  std::unique_ptr<server::Logger> logger_;
  std::unique_ptr<server::ChatKitServer> chatkit_;
  std::unique_ptr<server::ServerParts> parts_;
  std::unique_ptr<server::HttpServer> server_;
  std::thread runner_;
  std::uint16_t port_ = 0;
};

// ---- Request bodies ---------------------------------------------------------------------------

json user_input(const std::string& text);
json create_thread_request(const std::string& text);
json add_user_message_request(const std::string& thread_id, const std::string& text);
json request(const std::string& type, json params);

// ---- Seeding (through the store, as the same user) ---------------------------------------------

inline const server::RequestContext kLocalUser{.user_id = "local", .locale = ""};

WidgetItem seed_widget(server::Store& store, const std::string& thread_id,
                       const server::RequestContext& context = kLocalUser, json widget = probe_widget());
ClientToolCallItem seed_pending_tool_call(server::Store& store, const std::string& thread_id,
                                          const server::RequestContext& context = kLocalUser);
StructuredInputItem seed_structured_input(server::Store& store, const std::string& thread_id,
                                          const server::RequestContext& context = kLocalUser);

// ---- Reading the store back ---------------------------------------------------------------------

// Every item of a thread, oldest first, hidden ones included.
std::vector<ThreadItem> all_items(server::Store& store, const std::string& thread_id,
                                  const server::RequestContext& context = kLocalUser);
std::vector<json> all_items_json(server::Store& store, const std::string& thread_id,
                                 const server::RequestContext& context = kLocalUser);
// SELECT count(*) FROM <table> on the file, through its own connection.
long count_rows(const std::filesystem::path& db, const std::string& table);
// PRAGMA integrity_check's first row.
std::string integrity_check(const std::filesystem::path& db);

// The text of an assistant message item (JSON), parts concatenated.
std::string assistant_text(const json& item);

}  // namespace chatkit::testing
