// The real chatkit-server binary: its start-up line, flag errors, graceful SIGTERM, and
// durability under kill -9 with a hundred streams in flight.
#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>
#include <mutex>
#include <regex>
#include <thread>

#include "process.hpp"
#include "test_util.hpp"

namespace chatkit::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::vector<std::string> server_args(const TempDir& dir, const std::string& model, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--port",      "0",  "--db",     (dir.path() / "data" / "chatkit.db").string(),
                                   "--web",       (dir.path() / "web").string(), "--model", model,
                                   "--log-level", "warn"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(BinaryTest, VersionPrintsTheVersionAndBuildAndTheStartUpLogCarriesThem) {
  TempDir dir("chatkit_int_version");
  // --version wins over a broken flag, prints one line and exits 0.
  ServerProcess version(server_binary(), {"--port", "nope", "--version"}, dir.path() / "version.log");
  ASSERT_TRUE(version.started());
  const auto line = version.read_line(20s);
  ASSERT_TRUE(line) << version.stderr_text();
  std::smatch match;
  ASSERT_TRUE(std::regex_match(*line, match, std::regex(R"(chatkit-server (\d+\.\d+\.\d+) \(build ([0-9a-f]{12}|unknown) (\w*)\))")))
      << *line;
  EXPECT_EQ(version.wait_exit(10s), 0);
  // The start-up log line says the same.
  auto args = server_args(dir, "bench:3");
  args.back() = "info";  // --log-level
  ServerProcess server(server_binary(), args, dir.path() / "stderr.log");
  ASSERT_TRUE(server.started());
  ASSERT_NE(server.wait_listening(), 0) << server.stderr_text();
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(20s), 0);
  const std::string log = server.stderr_text();
  EXPECT_NE(log.find("\"version\":\"" + match[1].str() + "\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"build\":\"" + match[2].str() + " " + match[3].str() + "\""), std::string::npos) << log;
}

// The container's health check: the binary probes a running server, as the image has no curl.
TEST(BinaryTest, ReadyzAndCheckHealthTellWhetherTheServerAnswers) {
  TempDir dir("chatkit_int_health");
  ServerProcess server(server_binary(), server_args(dir, "bench:3"), dir.path() / "stderr.log");
  const auto port = server.wait_listening();
  ASSERT_NE(port, 0) << server.stderr_text();
  EXPECT_EQ(http_request(port, "GET", "/readyz").body, R"({"status":"ready"})");
  EXPECT_EQ(http_request(port, "POST", "/readyz").status, 405);
  const auto probe = [&](const std::string& url, const std::string& name) {
    ServerProcess check(server_binary(), {"--port", "nope", "--check-health", url}, dir.path() / (name + ".log"));
    EXPECT_TRUE(check.started());
    const int code = check.wait_exit(20s).value_or(-1);
    return std::pair{code, check.stderr_text()};
  };
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  EXPECT_EQ(probe(base + "/healthz", "healthz").first, 0);
  EXPECT_EQ(probe(base + "/readyz", "readyz").first, 0);
  EXPECT_EQ(probe(base, "default_path").first, 0) << "no path probes /healthz";
  const auto missing = probe(base + "/no-such-page", "missing");
  EXPECT_EQ(missing.first, 1);
  EXPECT_NE(missing.second.find("404"), std::string::npos) << missing.second;
  const auto bad = probe("https://127.0.0.1/healthz", "bad_url");
  EXPECT_EQ(bad.first, 2);
  EXPECT_NE(bad.second.find("only http://"), std::string::npos) << bad.second;
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(15s), 0) << server.stderr_text();
  const auto gone = probe(base + "/healthz", "gone");
  EXPECT_EQ(gone.first, 1) << "a stopped server is unhealthy";
  EXPECT_NE(gone.second.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << gone.second;
}

TEST(BinaryTest, PrintsTheListeningLineAndStopsOnSigterm) {
  TempDir dir("chatkit_int_bin");
  ServerProcess server(server_binary(), server_args(dir, "bench:3"), dir.path() / "stderr.log");
  ASSERT_TRUE(server.started());
  const auto line = server.read_line(20s);
  ASSERT_TRUE(line) << server.stderr_text();
  std::smatch match;
  ASSERT_TRUE(std::regex_match(*line, match, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))"))) << *line;
  const auto port = static_cast<std::uint16_t>(std::stoi(match[1]));
  EXPECT_NE(port, 0);
  EXPECT_EQ(http_request(port, "GET", "/healthz").body, R"({"status":"ok"})");
  const auto stream = stream_chatkit(port, create_thread_request("hi"));
  EXPECT_EQ(stream.status, 200);
  EXPECT_EQ(check_bench_answer(stream.events, 3, 3, stream.events.at(0)["thread"]["id"]).problem, "");
  EXPECT_TRUE(fs::exists(dir.path() / "data" / "chatkit.db")) << "the database directory is created";
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(15s), 0) << server.stderr_text();
}

TEST(BinaryTest, BadFlagsExitWithCode2AndAMessage) {
  TempDir dir("chatkit_int_bin");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--port", "abc"}, "--port"},
      {{"--model", "gpt-nonsense"}, "model"},
      {{"--use-case", "nope"}, "nope"},
      {{"--frobnicate"}, "--frobnicate"},
  };
  int i = 0;
  for (const auto& [args, mention] : cases) {
    ServerProcess server(server_binary(), args, dir.path() / ("stderr" + std::to_string(i++) + ".log"));
    ASSERT_TRUE(server.started());
    EXPECT_EQ(server.wait_exit(20s), 2) << args[0];
    EXPECT_FALSE(server.read_line(1s)) << "nothing on stdout for " << args[0];
    const std::string err = server.stderr_text();
    EXPECT_NE(err.find(mention), std::string::npos) << args[0] << ": " << err;
  }
}

TEST(BinaryTest, SigtermLetsARunningStreamFinish) {
  TempDir dir("chatkit_int_bin");
  ServerProcess server(server_binary(), server_args(dir, "bench:20:50"), dir.path() / "stderr.log");
  const auto port = server.wait_listening();
  ASSERT_NE(port, 0) << server.stderr_text();

  SseClient client(port, create_thread_request("finish me"));
  ASSERT_EQ(client.status(), 200);
  std::vector<json> events;
  while (auto event = client.next()) {
    events.push_back(*event);
    if ((*event)["type"] == "thread.item.updated" && (*event)["update"]["type"] == "assistant_message.content_part.text_delta") {
      break;
    }
  }
  ASSERT_FALSE(events.empty());
  ASSERT_EQ(events.back()["type"], "thread.item.updated") << "the answer never started";
  server.signal(SIGTERM);
  for (auto& event : client.rest()) events.push_back(std::move(event));
  EXPECT_TRUE(client.ended_cleanly());
  const std::string thread_id = events[0]["thread"]["id"];
  const auto answer = check_bench_answer(events, 3, 20, thread_id);
  EXPECT_EQ(answer.problem, "");
  // The bench model titles without a request (derived from the message): the thread is named as
  // it is created, so the answer is the last thing sent.
  EXPECT_EQ(events[0]["thread"].value("title", ""), "Finish me");
  EXPECT_EQ(answer.next, events.size());
  EXPECT_EQ(server.wait_exit(15s), 0) << server.stderr_text();

  // The finished answer is in the file.
  auto store = server::SqliteStore::open((dir.path() / "data" / "chatkit.db").string());
  ASSERT_TRUE(store.ok());
  auto item = (*store)->load_item(thread_id, answer.id, kLocalUser);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(encode_item(*item), answer.done_item);
}

TEST(BinaryTest, StreamsStillRunningAfterTheGracePeriodAreCancelledAndPersisted) {
  TempDir dir("chatkit_int_bin");
  ServerProcess server(server_binary(), server_args(dir, "bench:200:50", {"--shutdown-grace", "1"}),
                       dir.path() / "stderr.log");
  const auto port = server.wait_listening();
  ASSERT_NE(port, 0) << server.stderr_text();

  SseClient client(port, create_thread_request("too long"));
  ASSERT_EQ(client.status(), 200);
  std::string thread_id, assistant_id, received;
  while (auto event = client.next()) {
    const std::string type = (*event)["type"];
    if (type == "thread.created") thread_id = (*event)["thread"]["id"];
    if (type == "thread.item.added") assistant_id = (*event)["item"]["id"];
    if (type == "thread.item.updated" && (*event)["update"]["type"] == "assistant_message.content_part.text_delta") {
      received += (*event)["update"]["delta"].get<std::string>();
      break;
    }
  }
  ASSERT_FALSE(assistant_id.empty());
  const auto signalled = std::chrono::steady_clock::now();
  server.signal(SIGTERM);
  std::vector<json> after;
  while (auto event = client.next()) after.push_back(*event);
  const auto cut_after = std::chrono::steady_clock::now() - signalled;
  for (const auto& event : after) {
    if (event["type"] == "thread.item.updated" && event["update"]["type"] == "assistant_message.content_part.text_delta") {
      received += event["update"]["delta"].get<std::string>();
    }
    EXPECT_NE(event["type"], "thread.item.done") << "the answer cannot have finished";
  }
  EXPECT_GE(cut_after, 800ms) << "the stream was cut before the grace period";
  EXPECT_LT(cut_after, 5s);
  EXPECT_EQ(server.wait_exit(15s), 0) << server.stderr_text();

  // The run was cancelled as a client disconnect is (§4.5): partial text and the hidden note.
  auto store = server::SqliteStore::open((dir.path() / "data" / "chatkit.db").string());
  ASSERT_TRUE(store.ok());
  const auto items = all_items_json(**store, thread_id);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[1]["id"], assistant_id);
  EXPECT_TRUE(assistant_text(items[1]).starts_with(received)) << assistant_text(items[1]) << " vs " << received;
  EXPECT_EQ(items[2]["type"], "sdk_hidden_context");
}

// What one client saw: its thread and every item it received as done.
struct StreamRecord {
  std::string thread_id;
  std::vector<json> done_items;
};

TEST(BinaryTest, KillMinus9LosesNothingThatWasSentAsDone) {
  constexpr int kStreams = 100;
  TempDir dir("chatkit_int_bin");
  const fs::path db = dir.path() / "data" / "chatkit.db";
  // The offline model, a word every 20 ms: the first turn's answer takes about a second, the
  // second turn's ("count to 3000") a minute, so every second turn is mid-answer when the kill
  // lands, however fast the machine (a bench model whose turns were alike let a fast build finish
  // them all before the kill).
  auto args = server_args(dir, "offline:20", {"--threads", "2"});
  auto server = std::make_unique<ServerProcess>(server_binary(), args, dir.path() / "stderr.log");
  const auto port = server->wait_listening();
  ASSERT_NE(port, 0) << server->stderr_text();

  std::vector<StreamRecord> records(kStreams);
  std::mutex mutex;  // guards records
  std::atomic<int> first_turns_done{0};
  std::atomic<int> second_turns_streaming{0};
  std::atomic<int> second_turns_done{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kStreams; ++i) {
    clients.emplace_back([&, i] {
      auto read_stream = [&](SseClient& client, bool second) {
        bool counted = false;
        while (auto event = client.next()) {
          const std::string type = (*event)["type"];
          std::lock_guard lock(mutex);
          if (type == "thread.created") records[i].thread_id = (*event)["thread"]["id"];
          if (type == "thread.item.done") records[i].done_items.push_back((*event)["item"]);
          if (second && !counted && type == "thread.item.updated") {
            counted = true;
            ++second_turns_streaming;
          }
        }
        return client.ended_cleanly();
      };
      SseClient first(port, create_thread_request("stream " + std::to_string(i)));
      if (first.status() != 200 || !read_stream(first, false)) return;
      ++first_turns_done;
      std::string thread_id;
      {
        std::lock_guard lock(mutex);
        thread_id = records[i].thread_id;
      }
      // The second turn keeps a hundred streams in flight when the server dies.
      SseClient second(port, add_user_message_request(thread_id, "count to 3000"));
      if (second.status() == 200 && read_stream(second, true)) ++second_turns_done;
    });
  }

  // Kill once every first turn finished and every second turn is mid-answer.
  const bool ready = eventually([&] { return first_turns_done == kStreams && second_turns_streaming == kStreams; }, 60s);
  server->signal(SIGKILL);
  EXPECT_EQ(server->wait_exit(10s), 128 + SIGKILL);
  for (auto& client : clients) client.join();
  ASSERT_TRUE(ready) << "first turns done: " << first_turns_done << ", second turns streaming: " << second_turns_streaming;
  EXPECT_EQ(second_turns_done.load(), 0) << "the kill should hit every second turn in flight";

  // The file is intact, and holds every item any client received as done.
  EXPECT_EQ(integrity_check(db), "ok");
  {
    auto store = server::SqliteStore::open(db.string());
    ASSERT_TRUE(store.ok()) << describe(store.error());
    std::size_t checked = 0, assistants = 0;
    for (const auto& record : records) {
      ASSERT_FALSE(record.thread_id.empty());
      EXPECT_TRUE((*store)->load_thread(record.thread_id, kLocalUser).ok()) << record.thread_id;
      for (const auto& item : record.done_items) {
        auto stored = (*store)->load_item(record.thread_id, item["id"].get<std::string>(), kLocalUser);
        ASSERT_TRUE(stored.ok()) << "lost " << item.dump();
        EXPECT_EQ(encode_item(*stored), item);
        ++checked;
        if (item["type"] == "assistant_message") ++assistants;
      }
    }
    // Per stream: the user message and the answer of the first turn, and the second turn's user
    // message (its answer was streaming).
    EXPECT_EQ(checked, static_cast<std::size_t>(kStreams * 3));
    EXPECT_GE(assistants, static_cast<std::size_t>(kStreams));
  }

  // The server starts again on the same file and serves what was there.
  server = std::make_unique<ServerProcess>(server_binary(), args, dir.path() / "stderr2.log");
  const auto again = server->wait_listening();
  ASSERT_NE(again, 0) << server->stderr_text();
  for (int i = 0; i < kStreams; i += 25) {
    const auto& record = records[static_cast<std::size_t>(i)];
    const auto thread = post_chatkit(again, request("threads.get_by_id", {{"thread_id", record.thread_id}}));
    ASSERT_EQ(thread.status, 200);
    const json data = thread.json_body()["items"]["data"];
    for (const auto& item : record.done_items) {
      EXPECT_NE(std::find(data.begin(), data.end(), item), data.end()) << item.dump();
    }
  }
  const auto listed = post_chatkit(again, request("threads.list", {{"limit", 1000}}));
  EXPECT_EQ(listed.json_body()["data"].size(), static_cast<std::size_t>(kStreams));
  server->signal(SIGTERM);
  EXPECT_EQ(server->wait_exit(15s), 0) << server->stderr_text();
}

}  // namespace
}  // namespace chatkit::testing
