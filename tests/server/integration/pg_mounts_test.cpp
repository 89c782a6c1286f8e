// Two use cases in one server on PostgreSQL (--use-case todo,chat): the scoping holds on the other
// engine too, and for runs, which PostgreSQL keeps in the shared ledger: a thread and a run made at
// /chatkit/chat are not found at /chatkit/todo, and Todo's phrasing at Chat adds no todo.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "pg_balancer.hpp"
#include "process.hpp"
#include "support/postgres_fixture.hpp"

namespace chatkit::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const Headers kJson = {{"Content-Type", "application/json"}};

HttpResponse post(std::uint16_t port, const std::string& path, const json& body) {
  return http_request(port, "POST", path, body.dump(), kJson);
}

json create_thread(const std::string& text) { return protocol_request("threads.create", {{"input", text_input(text)}}); }

// The first frame's run id ("id: RUN:SEQ") and the thread's id of a streamed threads.create.
std::pair<std::string, std::string> run_and_thread(const HttpResponse& response) {
  const auto id_at = response.body.find("id: ");
  const auto data_at = response.body.find("data: ");
  if (id_at == std::string::npos || data_at == std::string::npos) return {};
  const auto id_line = response.body.substr(id_at + 4, response.body.find('\n', id_at) - id_at - 4);
  const auto first = json::parse(response.body.substr(data_at + 6, response.body.find('\n', data_at) - data_at - 6));
  return {id_line.substr(0, id_line.rfind(':')), first["thread"].value("id", "")};
}

TEST(PgMounts, ThreadsRunsAndTodosStayWithTheirUseCase) {
  const fs::path dir = make_shared_temp_dir("chatkit_pg_mounts");
  fs::create_directories(dir / "web");
  std::ofstream(dir / "web" / "index.html") << "<!doctype html><title>pg</title>";
  ServerProcess server(server_binary(),
                       {"--port", "0", "--db", PostgresCluster::instance().fresh_database(), "--db-pool", "2",
                        "--web", (dir / "web").string(), "--attachments-dir", (dir / "files").string(), "--model",
                        "offline:0", "--use-case", "todo,chat", "--log-level", "warn"},
                       dir / "stderr.log");
  const auto port = server.wait_listening();
  ASSERT_NE(port, 0) << server.stderr_text();

  const auto chat = post(port, "/chatkit/chat", create_thread("add buy milk"));
  ASSERT_EQ(chat.status, 200) << chat.body;
  const auto [run, thread] = run_and_thread(chat);
  ASSERT_FALSE(run.empty());
  ASSERT_FALSE(thread.empty());
  EXPECT_NE(chat.body.find("offline model"), std::string::npos);
  // Not Todo's: the thread, its run, and no todo was added.
  EXPECT_EQ(post(port, "/chatkit/todo", protocol_request("threads.get_by_id", {{"thread_id", thread}})).status, 404);
  EXPECT_EQ(post(port, "/chatkit", protocol_request("items.list", {{"thread_id", thread}})).status, 404);
  EXPECT_EQ(http_request(port, "GET", "/chatkit/todo/runs/" + run + "/events").status, 404);
  EXPECT_EQ(http_request(port, "POST", "/chatkit/runs/" + run + "/cancel").status, 404);
  const auto todos = post(port, "/chatkit/todo", create_thread("show my todos"));
  EXPECT_NE(todos.body.find("Your list is empty."), std::string::npos) << todos.body;
  // Chat's own: all there.
  EXPECT_EQ(post(port, "/chatkit/chat", protocol_request("threads.get_by_id", {{"thread_id", thread}})).status, 200);
  EXPECT_EQ(http_request(port, "GET", "/chatkit/chat/runs/" + run + "/events").status, 200);
  const auto listed = post(port, "/chatkit/chat", protocol_request("threads.list", json::object()));
  ASSERT_EQ(listed.json_body()["data"].size(), 1u) << listed.body;
  EXPECT_EQ(listed.json_body()["data"][0].value("id", ""), thread);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(20s), 0) << server.stderr_text();
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

}  // namespace
}  // namespace chatkit::testing
