// A cancel through another instance aborts the owner's upstream model request (docs/PROTOCOL.md
// §4.7, §4.5): two chatkit-server processes on one PostgreSQL, the OpenAI provider pointed at the
// loopback stand-in (tests/stand_ins/upstream.mjs), whose answer sends its first words and hangs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "pg_balancer.hpp"
#include "process.hpp"
#include "server/models/http_client_stand_in.hpp"
#include "support/postgres_fixture.hpp"

namespace chatkit::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string sse_of(const json& event) { return "data: " + event.dump() + "\n\n"; }

TEST(PgProviderRuns, ACancelThroughAnotherInstanceAbortsTheOwnersUpstreamRequest) {
  auto& stand_in = StandIn::shared();
  stand_in.reset();
  const json partial = {{"id", "c"}, {"object", "chat.completion.chunk"},
                        {"choices", {{{"index", 0}, {"delta", {{"role", "assistant"}, {"content", "Thinking"}}}}}}};
  stand_in.script(json::array({{{"status", 200}, {"headers", {{"content-type", "text/event-stream"}}},
                                {"chunks", {{{"data", sse_of(partial)}}}}, {"end", "hang"}}}));
  ::setenv("OPENAI_BASE_URL", stand_in.url("/v1").c_str(), 1);
  ::setenv("OPENAI_API_KEY", "sk-test", 1);
  ::setenv("OPENAI_API", "chat", 1);
  const auto dir = make_shared_temp_dir("chatkit_pg_provider_runs");
  const auto database = postgres_uri(PostgresCluster::instance().fresh_database(), "unused");
  std::vector<std::unique_ptr<ServerProcess>> servers;
  std::vector<std::uint16_t> ports;
  for (int i = 0; i < 2; ++i) {
    servers.push_back(std::make_unique<ServerProcess>(
        server_binary(),
        std::vector<std::string>{"--port", "0", "--db", database, "--model", "openai", "--use-case", "chat",
                                 "--attachments-dir", (dir / ("a" + std::to_string(i))).string(),
                                 "--signing-key", "the-same-key-on-every-instance-0123456789", "--log-level", "warn"},
        dir / ("instance" + std::to_string(i) + ".log")));
    ports.push_back(servers.back()->wait_listening());
    ASSERT_NE(ports.back(), 0) << servers.back()->stderr_text();
  }
  SseClient client(ports[0], protocol_request("threads.create", {{"input", text_input("tell me something")}}));
  std::string last_id;
  while (auto event = client.next()) {
    last_id = client.last_event_id();
    if (event->value("type", "") == "thread.item.updated") break;  // the upstream's first words arrived
  }
  const auto run_id = last_id.substr(0, last_id.rfind(':'));
  ASSERT_TRUE(run_id.starts_with("run_")) << last_id;
  EXPECT_FALSE(stand_in.log()[0].value("aborted", true));
  const auto cancelled = http_request(ports[1], "POST", "/chatkit/runs/" + run_id + "/cancel");
  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json_body().value("status", ""), "cancelled");
  EXPECT_TRUE(stand_in.wait_aborted(0)) << stand_in.log().dump();
  client.rest();
  EXPECT_TRUE(client.ended_cleanly());
  for (const char* name : {"OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_API"}) ::unsetenv(name);
  servers.clear();
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

}  // namespace
}  // namespace chatkit::testing
