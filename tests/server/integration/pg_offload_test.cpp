// The server on PostgreSQL, in-process with one I/O thread: a store call that waits on the
// database (the thread store's, a use case's table, an upload's or a preview's attachment record)
// runs on a store worker, so the I/O thread goes on answering other requests meanwhile.
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <thread>

#include <unistd.h>

#include <gtest/gtest.h>

#include "server/attachments/attachment_service.hpp"
#include "server/attachments/local_blob_store.hpp"
#include "server/chatkit/chatkit_server.hpp"
#include "server/chatkit/store_writer.hpp"
#include "server/http/auth.hpp"
#include "server/http/http_server.hpp"
#include "server/models/catalog/model_spec.hpp"
#include "server/store/postgres/pg_store.hpp"
#include "server/store/store_executor.hpp"
#include "server/integration/http_client.hpp"
#include "support/media_samples.hpp"
#include "support/postgres_fixture.hpp"
#include "server/store/postgres/pg_sql_database.hpp"
#include "use_cases/chat/chat_use_case.hpp"
#include "use_cases/registry.hpp"

namespace chatkit::server {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::json;

template <class T>
T must(Result<T> result) {
  if (!result) throw std::runtime_error(describe(result.error()));
  return std::move(result).value();
}

// chatkit-server's parts on a PgStore with its workers, on 127.0.0.1, one I/O thread; the plain
// chat on the bench model, or Todo (its table in the same database) on the offline model; the
// attachment store's bytes in a directory of its own.
class PgServer {
 public:
  enum class UseCaseKind { chat, todo };
  explicit PgServer(const std::string& conninfo, UseCaseKind kind = UseCaseKind::chat)
      : store_(must(PgStore::open({.conninfo = conninfo, .pool_size = 2}))),
        executor_(StoreExecutor::worker_threads(2)),
        tables_(*store_),
        blob_dir_(fresh_blob_dir()),
        blobs_(must(LocalBlobStore::in(blob_dir_))),
        attachments_(*store_, *blobs_, UrlSigner(std::string(32, 'k')),
                     {.policy = must(AttachmentPolicy::parse(kDefaultAttachmentTypes, kDefaultMaxAttachmentBytes))}),
        use_case_(make_use_case(kind)),
        model_(make_model_for(kind, *use_case_)),
        writer_(*store_, {}, executor_.get()),
        chatkit_(*store_, writer_, *use_case_, *model_,
                 {.attachments = &attachments_, .store_executor = executor_.get()}),
        static_files_(std::filesystem::temp_directory_path()),
        parts_{.chatkit = chatkit_, .attachments = &attachments_, .static_files = static_files_, .cors = cors_, .auth = auth_,
               .metrics = metrics_, .logger = logger_, .store_executor = executor_.get()},
        server_(parts_, {.host = "127.0.0.1", .port = 0, .threads = 1, .shutdown_grace = 1s}) {
    port_ = must(server_.listen()).port();
    runner_ = std::thread([this] { server_.run(); });
  }
  ~PgServer() {
    server_.stop();
    runner_.join();
    executor_->join();
    std::error_code ignored;
    std::filesystem::remove_all(blob_dir_, ignored);
  }
  std::uint16_t port() const { return port_; }

 private:
  static std::filesystem::path fresh_blob_dir() {
    static int made = 0;
    auto dir = std::filesystem::temp_directory_path() /
               ("chatkit_pg_offload_" + std::to_string(::getpid()) + "_" + std::to_string(made++));
    std::filesystem::remove_all(dir);
    return dir;
  }
  std::unique_ptr<UseCase> make_use_case(UseCaseKind kind) {
    if (kind == UseCaseKind::chat) return std::make_unique<use_cases::ChatUseCase>();
    return must(use_cases::make_use_case("todo", {.db = "", .database = &tables_, .store_executor = executor_.get()}));
  }
  static std::unique_ptr<Model> make_model_for(UseCaseKind kind, UseCase& use_case) {
    if (kind == UseCaseKind::chat) return must(make_model("bench:3", {}));
    BuiltInModelParts parts;
    if (auto skill = use_case.offline_skill()) parts.offline_skills.push_back(std::move(skill));
    return must(make_model("offline", parts));
  }

  std::unique_ptr<PgStore> store_;
  std::unique_ptr<StoreExecutor> executor_;
  PgSqlDatabase tables_;
  std::filesystem::path blob_dir_;
  std::unique_ptr<LocalBlobStore> blobs_;
  AttachmentService attachments_;
  std::unique_ptr<UseCase> use_case_;
  std::unique_ptr<Model> model_;
  BatchingWriter writer_;
  ChatKitServer chatkit_;
  StaticFiles static_files_;
  CorsPolicy cors_ = must(CorsPolicy::parse(""));
  LocalUserAuthenticator auth_;
  Metrics metrics_;
  Logger logger_{LogLevel::off};
  ServerParts parts_;
  HttpServer server_;
  std::thread runner_;
  std::uint16_t port_ = 0;
};

// Holds ACCESS EXCLUSIVE on `table` for `hold`, from a connection of its own: every statement on
// that table waits for it.
std::future<void> lock_table_for(const std::string& conninfo, const std::string& table,
                                 std::chrono::milliseconds hold, std::promise<void>& locked) {
  return std::async(std::launch::async, [conninfo, table, hold, &locked] {
    auto connection = must(pg::Connection::connect({.conninfo = conninfo}));
    ASSERT_TRUE(connection->execute_script("BEGIN; LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE").ok());
    locked.set_value();
    std::this_thread::sleep_for(hold);
    ASSERT_TRUE(connection->execute_script("COMMIT").ok());
  });
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

TEST(PgServer, AStatementWaitingOnTheDatabaseDoesNotHoldTheIoThread) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  PgServer server(conninfo);
  std::promise<void> locked;
  auto holder = lock_table_for(conninfo, "threads", 1500ms, locked);
  locked.get_future().wait();

  const auto started = Clock::now();
  auto slow = std::async(std::launch::async, [&] {
    auto response = testing::post_chatkit(server.port(), {{"type", "threads.list"}, {"params", {{"limit", 5}}}});
    return std::make_pair(response, seconds_since(started));
  });
  std::this_thread::sleep_for(100ms);  // the list is now waiting for the lock, on a store worker
  // On the same (only) I/O thread: answered at once, while the list still waits.
  const auto health = testing::http_request(server.port(), "GET", "/healthz");
  const double health_at = seconds_since(started);
  EXPECT_EQ(health.status, 200);
  EXPECT_LT(health_at, 1.0) << "the I/O thread was held by the waiting statement";
  EXPECT_EQ(slow.wait_for(0s), std::future_status::timeout) << "the list did not wait for the lock";

  const auto [listed, listed_at] = slow.get();
  EXPECT_EQ(listed.status, 200) << listed.body;
  EXPECT_GE(listed_at, 1.3);
  EXPECT_EQ(json::parse(listed.body).at("data").size(), 0u);
  holder.get();
}

// Todo's tool runs inside the stream: its SQL waits on a store worker, not on the I/O thread.
TEST(PgServer, ATodoToolWaitingOnItsTableDoesNotHoldTheIoThread) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  PgServer server(conninfo, PgServer::UseCaseKind::todo);
  std::promise<void> locked;
  auto holder = lock_table_for(conninfo, "todo_counters", 1500ms, locked);
  locked.get_future().wait();

  const auto started = Clock::now();
  const json input = {{"content", json::array({{{"type", "input_text"}, {"text", "add buy milk"}}})},
                      {"attachments", json::array()},
                      {"inference_options", json::object()}};
  auto slow = std::async(std::launch::async, [&] {
    auto result = testing::stream_chatkit(server.port(), {{"type", "threads.create"}, {"params", {{"input", input}}}});
    return std::make_pair(result, seconds_since(started));
  });
  std::this_thread::sleep_for(300ms);  // the add is now waiting for the lock, on a store worker
  const auto health = testing::http_request(server.port(), "GET", "/healthz");
  const double health_at = seconds_since(started);
  EXPECT_EQ(health.status, 200);
  EXPECT_LT(health_at, 1.2) << "the I/O thread was held by the todo tool's statement";
  EXPECT_EQ(slow.wait_for(0s), std::future_status::timeout) << "the add did not wait for the lock";

  const auto [added, added_at] = slow.get();
  ASSERT_EQ(added.status, 200) << added.raw;
  EXPECT_NE(added.raw.find("buy milk"), std::string::npos) << added.raw;
  EXPECT_GE(added_at, 1.3);
  holder.get();
}

// Sends `request` while `table` is locked: the one I/O thread answers /healthz at once meanwhile,
// and the request is answered only once the lock is gone. Its response.
template <class Request>
testing::HttpResponse answered_after_lock(PgServer& server, const std::string& conninfo, const std::string& table,
                                          const char* what, Request request) {
  std::promise<void> locked;
  auto holder = lock_table_for(conninfo, table, 1500ms, locked);
  locked.get_future().wait();
  const auto started = Clock::now();
  auto slow = std::async(std::launch::async, [&] {
    auto response = request();
    return std::make_pair(response, seconds_since(started));
  });
  std::this_thread::sleep_for(150ms);  // the request now waits for the lock, on a store worker
  const auto health = testing::http_request(server.port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_LT(seconds_since(started), 1.0) << what << ": the I/O thread was held by its statement";
  EXPECT_EQ(slow.wait_for(0s), std::future_status::timeout) << what << " did not wait for the lock";
  auto [response, at] = slow.get();
  EXPECT_GE(at, 1.3) << what;
  holder.get();
  return response;
}

std::string target_of(const std::string& url) { return url.substr(url.find("/chatkit/")); }

// An upload's record (read at a signed link's head, written at its end) and a preview's are
// PostgreSQL statements too: on a store worker, as every other.
TEST(PgServer, UploadsAndPreviewsWaitingOnTheDatabaseDoNotHoldTheIoThread) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  PgServer server(conninfo);
  const std::string png = testing::png_bytes(8, 4);
  const auto created = testing::post_chatkit(
      server.port(), {{"type", "attachments.create"},
                      {"params", {{"name", "a.png"}, {"size", png.size()}, {"mime_type", "image/png"}}}});
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string upload_url = created.json_body().at("upload_descriptor").at("url");

  const auto put = answered_after_lock(server, conninfo, "attachments", "the signed upload", [&] {
    return testing::http_request(server.port(), "PUT", target_of(upload_url), png, {{"Content-Type", "image/png"}});
  });
  ASSERT_EQ(put.status, 200) << put.body;
  const json uploaded = put.json_body();
  EXPECT_EQ(uploaded.at("id"), created.json_body().at("id"));

  const std::string form = "--bNd\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.png\"\r\n"
                           "Content-Type: image/png\r\n\r\n" + png + "\r\n--bNd--\r\n";
  const auto direct = answered_after_lock(server, conninfo, "attachments", "the direct upload", [&] {
    return testing::http_request(server.port(), "POST", "/chatkit/attachments", form,
                                 {{"Content-Type", "multipart/form-data; boundary=bNd"}});
  });
  ASSERT_EQ(direct.status, 200) << direct.body;
  EXPECT_EQ(direct.json_body().at("name"), "b.png");

  const std::string preview_url = uploaded.at("preview_url");
  const auto preview = answered_after_lock(server, conninfo, "attachments", "the preview", [&] {
    return testing::http_request(server.port(), "GET", target_of(preview_url));
  });
  EXPECT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.body, png);
}

TEST(PgServer, StreamsAndJsonRequestsRunThroughTheWorkers) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  PgServer server(conninfo);
  const json input = {{"content", json::array({{{"type", "input_text"}, {"text", "hello"}}})},
                      {"attachments", json::array()},
                      {"inference_options", json::object()}};
  const json create = {{"type", "threads.create"}, {"params", {{"input", input}}}};
  const auto streamed = testing::stream_chatkit(server.port(), create);
  ASSERT_EQ(streamed.status, 200) << streamed.raw;
  ASSERT_GE(streamed.index_of("thread.created"), 0) << streamed.raw;
  ASSERT_GE(streamed.index_of("thread.item.done"), 0) << streamed.raw;
  const auto thread_id = streamed.events.at(streamed.index_of("thread.created")).at("thread").at("id");

  const auto items = testing::post_chatkit(
      server.port(), {{"type", "items.list"}, {"params", {{"thread_id", thread_id}, {"limit", 10}}}});
  ASSERT_EQ(items.status, 200) << items.body;
  EXPECT_GE(json::parse(items.body).at("data").size(), 2u);  // the user's message and the answer
  const auto ready = testing::http_request(server.port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  const auto refused = testing::post_chatkit(
      server.port(), {{"type", "threads.add_user_message"},
                      {"params", {{"thread_id", "thr_missing"}, {"input", input}}}});
  EXPECT_EQ(refused.status, 404) << refused.body;
}

}  // namespace
}  // namespace chatkit::server
