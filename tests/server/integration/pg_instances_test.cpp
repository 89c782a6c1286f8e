// Several chatkit-server processes on one PostgreSQL, behind a real nginx balancing round robin
// with no stickiness (as docs/DEPLOY.md describes): the three start at once and migrate the schema
// once, and a thread or a todo made through one instance is seen and changed through the others.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http_client.hpp"
#include "pg_balancer.hpp"
#include "process.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "support/postgres_fixture.hpp"

namespace chatkit::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int kInstances = 3;
constexpr std::string_view kPassword = "s3cret-never-logged";  // trust auth ignores it; no log may show it

std::string uri_of(const std::string& keywords) { return postgres_uri(keywords, kPassword); }

json user_input(const std::string& text) { return text_input(text); }
json request(const std::string& type, json params) { return protocol_request(type, std::move(params)); }

// Three instances on one database and nginx in front, for the whole suite.
class PgInstances : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = make_shared_temp_dir("chatkit_pg_instances");
    conninfo_ = PostgresCluster::instance().fresh_database();
    fs::create_directories(dir_ / "web");
    std::ofstream(dir_ / "web" / "index.html") << "<!doctype html><title>pg</title>";
    // Started together: they race on the migrations.
    for (int i = 0; i < kInstances; ++i) {
      const auto name = "instance" + std::to_string(i);
      servers_[i] = std::make_unique<ServerProcess>(
          server_binary(),
          std::vector<std::string>{"--port", "0", "--db", uri_of(conninfo_), "--db-pool", "2", "--threads", "1",
                                   "--web", (dir_ / "web").string(), "--attachments-dir", (dir_ / name).string(),
                                   "--signing-key", "the-same-key-on-every-instance-0123456789"},
          dir_ / (name + ".log"));
    }
    std::vector<std::uint16_t> ports;
    for (auto& server : servers_) ports.push_back(server->wait_listening());
    balancer_ = std::make_unique<Balancer>(dir_, ports);
    balancer_port_ = balancer_->port();
  }
  static void TearDownTestSuite() {
    balancer_.reset();
    for (auto& server : servers_) server.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // How many requests of `type` each instance has logged.
  static std::array<int, kInstances> counts(const std::string& type) {
    std::array<int, kInstances> found{};
    const std::string needle = "\"type\":\"" + type + "\"";
    for (int i = 0; i < kInstances; ++i) {
      const auto text = servers_[i]->stderr_text();
      for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++found[i];
    }
    return found;
  }
  // The instance that logged one more request of `type` than `before` says (its log line follows the answer).
  static int served_by(const std::string& type, const std::array<int, kInstances>& before) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      const auto now = counts(type);
      for (int i = 0; i < kInstances; ++i) {
        if (now[i] > before[i]) return i;
      }
      std::this_thread::sleep_for(20ms);
    }
    return -1;
  }
  // A JSON request through the balancer, and the instance that answered it.
  static std::pair<HttpResponse, int> post(const json& body) {
    const std::string type = body.at("type");
    const auto before = counts(type);
    auto response = post_chatkit(balancer_port_, body);
    return {response, served_by(type, before)};
  }
  static std::pair<StreamResult, int> stream(const json& body) {
    const std::string type = body.at("type");
    const auto before = counts(type);
    auto result = stream_chatkit(balancer_port_, body);
    return {result, served_by(type, before)};
  }
  static std::string thread_id_of(const StreamResult& result) {
    const int created = result.index_of("thread.created");
    return created < 0 ? std::string() : result.events.at(created).at("thread").at("id").get<std::string>();
  }

  static inline fs::path dir_;
  static inline std::string conninfo_;
  static inline std::array<std::unique_ptr<ServerProcess>, kInstances> servers_;
  static inline std::unique_ptr<Balancer> balancer_;
  static inline std::uint16_t balancer_port_ = 0;
};

TEST_F(PgInstances, AllStartAndTheSchemaIsMigratedOnce) {
  for (int i = 0; i < kInstances; ++i) {
    EXPECT_TRUE(servers_[i]->started());
    EXPECT_FALSE(servers_[i]->wait_exit(0ms).has_value()) << "instance " << i << ": " << servers_[i]->stderr_text();
  }
  auto connection = server::pg::Connection::connect({.conninfo = conninfo_});
  ASSERT_TRUE(connection.ok());
  for (const char* table : {"schema_version", "todo_schema_version"}) {
    auto rows = (*connection)->execute_script(std::string("SELECT count(*), max(version) FROM ") + table);
    ASSERT_TRUE(rows.ok()) << table;
    EXPECT_EQ(rows->integer(0, 0), 1) << table << ": one row, written once";
    EXPECT_EQ(rows->integer(0, 1), 1) << table;
  }
  EXPECT_EQ(http_request(balancer_port_, "GET", "/readyz").status, 200);
}

TEST_F(PgInstances, AThreadMadeOnOneInstanceIsListedReadRenamedAndDeletedThroughTheOthers) {
  const auto [created, creator] = stream(request("threads.create", {{"input", user_input("hello there")}}));
  ASSERT_EQ(created.status, 200) << created.raw;
  const auto thread = thread_id_of(created);
  ASSERT_FALSE(thread.empty()) << created.raw;

  const auto [listed, lister] = post(request("threads.list", {{"limit", 20}}));
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool found = false;
  const json page = json::parse(listed.body);
  for (const auto& entry : page.at("data")) found = found || entry.at("id") == thread;
  EXPECT_TRUE(found) << listed.body;

  const auto [read, reader] = post(request("items.list", {{"thread_id", thread}, {"limit", 20}}));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(json::parse(read.body).at("data").size(), 2u) << "the message and its answer";

  const auto [renamed, renamer] = post(request("threads.update", {{"thread_id", thread}, {"title", "Renamed"}}));
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  const auto [got, getter] = post(request("threads.get_by_id", {{"thread_id", thread}}));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(json::parse(got.body).at("title"), "Renamed");

  const auto [deleted, deleter] = post(request("threads.delete", {{"thread_id", thread}}));
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  const auto [gone, checker] = post(request("threads.get_by_id", {{"thread_id", thread}}));
  EXPECT_EQ(gone.status, 404) << gone.body;

  // Round robin, no stickiness: each request went to another instance than the one before it.
  const std::vector<int> path = {creator, lister, reader, renamer, getter, deleter, checker};
  for (int instance : path) ASSERT_GE(instance, 0) << "a request no instance logged";
  for (std::size_t i = 1; i < path.size(); ++i) EXPECT_NE(path[i], path[i - 1]) << "request " << i;
  EXPECT_NE(lister, creator);
  EXPECT_NE(reader, creator);
}

TEST_F(PgInstances, ATodoAddedOnOneInstanceIsSeenOnAnother) {
  const auto [added, adder] = stream(request("threads.create", {{"input", user_input("add buy oat milk")}}));
  ASSERT_EQ(added.status, 200) << added.raw;
  ASSERT_NE(added.raw.find("buy oat milk"), std::string::npos) << added.raw;
  const auto [listed, lister] = stream(request("threads.create", {{"input", user_input("what's on my list?")}}));
  ASSERT_EQ(listed.status, 200) << listed.raw;
  EXPECT_NE(listed.raw.find("buy oat milk"), std::string::npos) << listed.raw;
  ASSERT_GE(adder, 0);
  EXPECT_NE(lister, adder);
}

TEST_F(PgInstances, NoLogLineShowsTheDatabasePassword) {
  for (int i = 0; i < kInstances; ++i) {
    const auto log = servers_[i]->stderr_text();
    EXPECT_EQ(log.find(kPassword), std::string::npos) << log;
    EXPECT_NE(log.find("postgresql://chatkit:***@/"), std::string::npos) << "the start-up line names the database";
  }
}

TEST(PgInstance, AnUnreachableDatabaseStopsStartUpWithoutShowingThePassword) {
  const fs::path dir = fs::temp_directory_path() / ("chatkit_pg_unreachable_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  ServerProcess server(server_binary(),
                       {"--port", "0", "--db", "postgresql://app:" + std::string(kPassword) + "@/nowhere?host=/nonexistent",
                        "--attachments-dir", (dir / "a").string()},
                       dir / "stderr.log");
  const auto status = server.wait_exit(30s);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 1);
  const auto text = server.stderr_text();
  EXPECT_NE(text.find("--db postgresql://app:***@/nowhere"), std::string::npos) << text;
  EXPECT_EQ(text.find(kPassword), std::string::npos) << text;
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

}  // namespace
}  // namespace chatkit::testing
