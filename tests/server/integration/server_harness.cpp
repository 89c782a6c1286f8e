#include "server_harness.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "core/protocol/items.hpp"
#include "server/chatkit/chatkit_server.hpp"
#include "server/common/clock.hpp"
#include "server/http/http_server.hpp"
#include "server/models/catalog/model_spec.hpp"

namespace chatkit::testing {

namespace fs = std::filesystem;
using namespace chatkit::server;

// ---- TempDir ----------------------------------------------------------------------------------

TempDir::TempDir(const std::string& tag) {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() / (tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

// ---- The probe use case -------------------------------------------------------------------------

json probe_widget() {
  return json::parse(R"({"type":"Card","children":[
    {"type":"Text","id":"greeting","value":"Hello"},
    {"type":"Button","label":"Press","onClickAction":{"type":"probe.press","payload":{"n":1}}},
    {"type":"Button","label":"Replace","onClickAction":{"type":"probe.replace","payload":{"r":1}}},
    {"type":"Button","label":"Sync","onClickAction":{"type":"probe.sync","payload":{"v":2}}}]})");
}

json pressed_widget(int n) {
  return json{{"type", "Card"}, {"children", json::array({{{"type", "Text"}, {"value", "Pressed " + std::to_string(n)}}})}};
}

json replaced_widget() {
  return json{{"type", "Card"}, {"children", json::array({{{"type", "Text"}, {"value", "Replaced"}}})}};
}

json synced_widget(int v) {
  return json{{"type", "Card"}, {"children", json::array({{{"type", "Text"}, {"value", "Synced " + std::to_string(v)}}})}};
}

json new_widget_from_press() {
  return json{{"type", "Card"}, {"children", json::array({{{"type", "Text"}, {"value", "Made by press"}}})}};
}

std::string ProbeUseCase::instructions(const ThreadMetadata&) const { return "You are the probe."; }

awaitable<void> ProbeUseCase::action(Turn& turn, const Action& action, const std::optional<WidgetItem>& sender) {
  if (action.type == "probe.press") {
    const int n = action.payload.is_object() ? action.payload.value("n", 0) : 0;
    if (sender) {
      ThreadStreamEvent update = ThreadItemUpdatedEvent{
          .item_id = sender->id, .update = WidgetRootUpdated{.widget = WidgetRoot{pressed_widget(n)}}};
      co_await turn.emit(std::move(update));
    }
    WidgetItem made;
    made.id = turn.new_id(IdKind::message);
    made.thread_id = turn.thread.id;
    made.created_at = turn.now();
    made.widget = WidgetRoot{new_widget_from_press()};
    made.copy_text = "made";
    ThreadStreamEvent done = ThreadItemDoneEvent{std::move(made)};
    co_await turn.emit(std::move(done));
    co_return;
  }
  if (action.type == "probe.rename") {
    // A metadata change mid-stream: announced right after the next event (§4.6).
    turn.thread.title = action.payload.value("title", std::string("renamed"));
    WidgetItem made;
    made.id = turn.new_id(IdKind::message);
    made.thread_id = turn.thread.id;
    made.created_at = turn.now();
    made.widget = WidgetRoot{new_widget_from_press()};
    ThreadStreamEvent done = ThreadItemDoneEvent{std::move(made)};
    co_await turn.emit(std::move(done));
    ThreadStreamEvent effect = ClientEffectEvent{.name = "probe.after_rename", .data = json::object()};
    co_await turn.emit(std::move(effect));
    co_return;
  }
  if (action.type == "probe.note") {
    // A hidden item (stored, never streamed) and a client effect (streamed, never stored).
    HiddenContextItem note;
    note.id = turn.new_id(IdKind::message);
    note.thread_id = turn.thread.id;
    note.created_at = turn.now();
    note.content = action.payload;
    ThreadStreamEvent done = ThreadItemDoneEvent{std::move(note)};
    co_await turn.emit(std::move(done));
    ThreadStreamEvent effect = ClientEffectEvent{.name = "probe.effect", .data = json{{"seen", true}}};
    co_await turn.emit(std::move(effect));
    co_return;
  }
  if (action.type == "probe.replace" && sender) {
    WidgetItem replaced = *sender;
    replaced.widget = WidgetRoot{replaced_widget()};
    ThreadStreamEvent event = ThreadItemReplacedEvent{std::move(replaced)};
    co_await turn.emit(std::move(event));
    co_return;
  }
  co_await UseCase::action(turn, action, sender);
}

Result<SyncCustomActionResponse> ProbeUseCase::sync_action(const SyncActionCall& call) {
  if (call.action.type != "probe.sync" || !call.sender) return UseCase::sync_action(call);
  WidgetItem updated = *call.sender;
  updated.widget = WidgetRoot{synced_widget(call.action.payload.value("v", 0))};
  return SyncCustomActionResponse{.updated_item = ThreadItem{std::move(updated)}};
}

awaitable<void> ProbeUseCase::after_respond(Turn& turn) {
  std::string title;
  {
    std::lock_guard lock(mutex_);
    title = title_after_respond_;
  }
  if (!title.empty()) turn.thread.title = title;
  co_return;
}

Status ProbeUseCase::feedback(const FeedbackCall&) {
  ++feedback_calls_;
  return ok_status();
}

void ProbeUseCase::set_title_after_respond(std::string title) {
  std::lock_guard lock(mutex_);
  title_after_respond_ = std::move(title);
}

// ---- The harness ---------------------------------------------------------------------------------

namespace {

template <class T>
T must(Result<T> result, const std::string& what) {
  if (!result) throw std::runtime_error(what + ": " + describe(result.error()));
  return std::move(result).value();
}

}  // namespace

ServerHarness::ServerHarness(HarnessOptions options) : options_(std::move(options)), dir_("chatkit_int") {
  store_ = must(SqliteStore::open(db_path().string()), "open store");
  if (options_.use_case) own_use_case_ = options_.use_case(db_path());
  BuiltInModelParts model_parts;
  if (auto skill = use_case().offline_skill()) model_parts.offline_skills.push_back(std::move(skill));
  model_ = must(make_model(options_.model, model_parts), "model");
  if (options_.auth_tokens.empty()) {
    auth_ = std::make_unique<LocalUserAuthenticator>();
  } else {
    auth_ = must(TokenFileAuthenticator::parse(options_.auth_tokens, "tokens"), "tokens");
  }
  cors_ = std::make_unique<CorsPolicy>(must(CorsPolicy::parse(options_.cors_origins), "cors"));
  fs::path web = options_.web.value_or(dir_.path() / "web");
  if (!options_.web) {
    fs::create_directories(web);
    std::ofstream(web / "index.html") << "<!doctype html><title>probe</title>";
  }
  static_files_ = std::make_unique<StaticFiles>(web);
  metrics_ = std::make_unique<Metrics>();
  logger_ = std::make_unique<Logger>(LogLevel::off);
  writer_ = std::make_unique<BatchingWriter>(*store_, [this](std::size_t writes) { metrics_->store_committed(writes); });
  ChatKitServer::Options chatkit_options;
  chatkit_options.titles = options_.titles;
  chatkit_ = std::make_unique<ChatKitServer>(*store_, *writer_, use_case(), *model_, chatkit_options);
  parts_.reset(new ServerParts{.chatkit = *chatkit_,
                               .static_files = *static_files_,
                               .cors = *cors_,
                               .auth = *auth_,
                               .metrics = *metrics_,
                               .logger = *logger_,
                               .limits = options_.limits,
                               .readiness = options_.readiness});
  parts_->runs.configure({.detach_grace = options_.detach_grace});
  server_ = std::make_unique<HttpServer>(
      *parts_, HttpServer::Options{.host = "127.0.0.1", .port = 0, .threads = options_.threads,
                                   .shutdown_grace = options_.shutdown_grace});
  port_ = must(server_->listen(), "listen").port();
  runner_ = std::thread([this] { server_->run(); });
}

ServerHarness::~ServerHarness() {
  server_->stop();
  runner_.join();
}

// ---- Request bodies -------------------------------------------------------------------------------

json user_input(const std::string& text) {
  return json{{"content", json::array({{{"type", "input_text"}, {"text", text}}})},
              {"attachments", json::array()},
              {"inference_options", json::object()}};
}

json request(const std::string& type, json params) { return json{{"type", type}, {"params", std::move(params)}}; }

json create_thread_request(const std::string& text) {
  return request("threads.create", {{"input", user_input(text)}});
}

json add_user_message_request(const std::string& thread_id, const std::string& text) {
  return request("threads.add_user_message", {{"thread_id", thread_id}, {"input", user_input(text)}});
}

// ---- Seeding ---------------------------------------------------------------------------------------

namespace {

void must_ok(const Status& status, const std::string& what) {
  if (!status) throw std::runtime_error(what + ": " + describe(status.error()));
}

}  // namespace

WidgetItem seed_widget(Store& store, const std::string& thread_id, const RequestContext& context, json widget) {
  WidgetItem item;
  item.id = random_id(IdKind::message);
  item.thread_id = thread_id;
  item.created_at = monotonic_now();
  item.widget = WidgetRoot{std::move(widget)};
  item.copy_text = "probe";
  must_ok(store.add_thread_item(thread_id, item, context), "seed widget");
  return item;
}

ClientToolCallItem seed_pending_tool_call(Store& store, const std::string& thread_id, const RequestContext& context) {
  ClientToolCallItem item;
  item.id = random_id(IdKind::tool_call);
  item.thread_id = thread_id;
  item.created_at = monotonic_now();
  item.status = ClientToolCallStatus::pending;
  item.call_id = "call_probe";
  item.name = "get_selection";
  item.arguments = json{{"scope", "page"}};
  must_ok(store.add_thread_item(thread_id, item, context), "seed tool call");
  return item;
}

StructuredInputItem seed_structured_input(Store& store, const std::string& thread_id, const RequestContext& context) {
  StructuredInputItem item;
  item.id = random_id(IdKind::message);
  item.thread_id = thread_id;
  item.created_at = monotonic_now();
  item.status = StructuredInputStatus::pending;
  item.inputs.push_back(MultipleChoiceInput{.id = "priority",
                                            .question = "Priority?",
                                            .answer = std::nullopt,
                                            .options = {{"Low"}, {"High"}},
                                            .multiple = false});
  item.inputs.push_back(FreeformInput{.id = "notes", .question = "Notes?", .answer = std::nullopt, .description = "optional"});
  must_ok(store.add_thread_item(thread_id, item, context), "seed structured input");
  return item;
}

// ---- Reading back ----------------------------------------------------------------------------------

std::vector<ThreadItem> all_items(Store& store, const std::string& thread_id, const RequestContext& context) {
  std::vector<ThreadItem> items;
  std::optional<std::string> after;
  for (;;) {
    auto page = store.load_thread_items(thread_id, after, 100, SortOrder::asc, context);
    if (!page) throw std::runtime_error("load_thread_items: " + describe(page.error()));
    for (auto& item : page->data) items.push_back(std::move(item));
    if (!page->has_more) break;
    after = page->after;
  }
  return items;
}

std::vector<json> all_items_json(Store& store, const std::string& thread_id, const RequestContext& context) {
  std::vector<json> out;
  for (const auto& item : all_items(store, thread_id, context)) out.push_back(encode_item(item));
  return out;
}

namespace {

struct Db {
  sqlite3* handle = nullptr;
  explicit Db(const fs::path& path) {
    if (sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      sqlite3_close(handle);
      handle = nullptr;
    }
    if (handle) sqlite3_busy_timeout(handle, 5000);
  }
  ~Db() { sqlite3_close(handle); }
  std::optional<std::string> first_text(const std::string& sql) {
    if (!handle) return std::nullopt;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) return std::nullopt;
    std::optional<std::string> out;
    if (sqlite3_step(statement) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(statement, 0);
      out = text ? std::string(reinterpret_cast<const char*>(text)) : std::string();
    }
    sqlite3_finalize(statement);
    return out;
  }
};

}  // namespace

long count_rows(const fs::path& db, const std::string& table) {
  Db connection(db);
  auto text = connection.first_text("SELECT count(*) FROM " + table);
  return text ? std::stol(*text) : -1;
}

std::string integrity_check(const fs::path& db) {
  Db connection(db);
  return connection.first_text("PRAGMA integrity_check").value_or("<cannot open>");
}

std::string assistant_text(const json& item) {
  std::string text;
  if (!item.contains("content") || !item["content"].is_array()) return text;
  for (const auto& part : item["content"]) text += part.value("text", std::string());
  return text;
}

}  // namespace chatkit::testing
