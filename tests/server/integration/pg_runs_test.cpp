// Runs across instances (docs/PROTOCOL.md §4.7): three chatkit-server processes on one PostgreSQL
// with nginx in front. A run started on one instance is named by get_by_id, followed, cancelled and
// raced for through the others; when its instance is killed (-9), another takes it over within
// --run-timeout: the partial answer is stored, readers get their end, the thread answers again.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <array>
#include <atomic>
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
#include "support/postgres_fixture.hpp"

namespace chatkit::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int kInstances = 3;
constexpr int kWords = 60;  // bench:60:25: an answer takes about 1.5 s

// The text the bench model's deltas carry, and whether they came in order, each once.
struct Words {
  std::string text;
  int count = 0;
};

Words words_of(const std::vector<json>& events) {
  Words words;
  for (const auto& event : events) {
    if (event.value("type", "") != "thread.item.updated") continue;
    const auto& update = event.at("update");
    if (update.value("type", "") != "assistant_message.content_part.text_delta") continue;
    words.text += update.value("delta", "");
    ++words.count;
  }
  return words;
}

std::string expected_words(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) text += "word" + std::to_string(i) + " ";
  return text;
}

std::string run_of(const std::string& event_id) { return event_id.substr(0, event_id.rfind(':')); }

class PgRuns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = make_shared_temp_dir("chatkit_pg_runs");
    const auto database = postgres_uri(PostgresCluster::instance().fresh_database(), "unused");
    std::vector<std::uint16_t> ports;
    for (int i = 0; i < kInstances; ++i) {
      const auto name = "instance" + std::to_string(i);
      servers_[i] = std::make_unique<ServerProcess>(
          server_binary(),
          std::vector<std::string>{"--port", "0", "--db", database, "--db-pool", "2", "--threads", "1",
                                   "--use-case", "chat", "--model", "bench:60:25", "--run-timeout", "3",
                                   "--detach-grace", "10", "--attachments-dir", (dir_ / name).string(),
                                   "--signing-key", "the-same-key-on-every-instance-0123456789"},
          dir_ / (name + ".log"));
    }
    for (int i = 0; i < kInstances; ++i) ports_[i] = servers_[i]->wait_listening();
    balancer_ = std::make_unique<Balancer>(dir_, std::vector<std::uint16_t>(ports_.begin(), ports_.end()));
  }
  static void TearDownTestSuite() {
    balancer_.reset();
    for (auto& server : servers_) server.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // A thread whose first answer has ended (through the balancer).
  static std::string finished_thread() {
    const auto created = stream_chatkit(balancer_->port(), protocol_request("threads.create", {{"input", text_input("hi")}}));
    EXPECT_EQ(created.status, 200) << created.raw;
    return created.events.empty() ? "" : created.events.at(0).at("thread").value("id", "");
  }

  // A threads.create on instance `i`, read until `events` events arrived, left open.
  struct Started {
    std::unique_ptr<SseClient> client;
    std::vector<json> events;
    std::string last_id;
    std::string thread_id;
    std::string run_id;
  };
  static Started start_on(int i, std::size_t events) {
    Started started;
    started.client = std::make_unique<SseClient>(ports_[i], protocol_request("threads.create", {{"input", text_input("go")}}));
    while (started.events.size() < events) {
      auto event = started.client->next();
      if (!event) break;
      started.events.push_back(*event);
      started.last_id = started.client->last_event_id();
    }
    if (!started.events.empty()) started.thread_id = started.events[0].at("thread").value("id", "");
    started.run_id = run_of(started.last_id);
    return started;
  }

  static json get_thread(int i, const std::string& thread_id) {
    return post_chatkit(ports_[i], protocol_request("threads.get_by_id", {{"thread_id", thread_id}})).json_body();
  }

  static inline fs::path dir_;
  static inline std::array<std::unique_ptr<ServerProcess>, kInstances> servers_;
  static inline std::array<std::uint16_t, kInstances> ports_{};
  static inline std::unique_ptr<Balancer> balancer_;
};

TEST_F(PgRuns, AnotherInstanceNamesTheActiveRunAndAReattachThereGetsTheRestExactlyOnce) {
  auto started = start_on(0, 12);
  ASSERT_EQ(started.events.size(), 12u);
  ASSERT_TRUE(started.run_id.starts_with("run_")) << started.last_id;
  EXPECT_EQ(get_thread(1, started.thread_id)["active_run"]["id"], started.run_id);
  started.client->connection().reset();  // the tab went away; the next request lands elsewhere

  SseClient again(ports_[1], SseClient::Get{"/chatkit/runs/" + started.run_id + "/events"},
                  {{"Last-Event-ID", started.last_id}});
  ASSERT_EQ(again.status(), 200) << again.raw();
  auto events = started.events;
  std::size_t seq = events.size();
  while (auto event = again.next()) {
    events.push_back(*event);
    EXPECT_EQ(again.last_event_id(), started.run_id + ":" + std::to_string(++seq));
  }
  EXPECT_TRUE(again.ended_cleanly());
  const auto words = words_of(events);
  EXPECT_EQ(words.text, expected_words(kWords));
  EXPECT_EQ(words.count, kWords);
  EXPECT_EQ(events.back().value("type", ""), "thread.item.done");
  // The whole answer is stored, and no instance names a run any more.
  const auto items = post_chatkit(ports_[2], protocol_request("items.list", {{"thread_id", started.thread_id}, {"order", "asc"}})).json_body();
  ASSERT_EQ(items["data"].size(), 2u) << items.dump();
  EXPECT_EQ(items["data"][1]["content"][0]["text"], expected_words(kWords));
  for (int i = 0; i < kInstances; ++i) EXPECT_FALSE(get_thread(i, started.thread_id).contains("active_run")) << i;
}

TEST_F(PgRuns, TwoInstancesRacingToAnswerInOneThreadExactlyOneWins) {
  const auto thread = finished_thread();
  ASSERT_FALSE(thread.empty());
  std::this_thread::sleep_for(200ms);  // the first answer's end reaches the ledger (synced every 50 ms)
  const auto body = protocol_request("threads.add_user_message", {{"thread_id", thread}, {"input", text_input("again")}});
  std::array<int, 2> statuses{};
  std::array<std::string, 2> codes;
  std::atomic<int> ready{0};
  auto race = [&](int slot, int instance) {
    ++ready;
    while (ready.load() < 2) std::this_thread::yield();
    const auto answer = stream_chatkit(ports_[instance], body);
    statuses[slot] = answer.status;
    if (answer.status == 409) codes[slot] = answer.head.json_body()["error"].value("code", "");
  };
  std::thread first(race, 0, 0);
  std::thread second(race, 1, 1);
  first.join();
  second.join();
  const int loser = statuses[0] == 409 ? 0 : 1;
  EXPECT_EQ(statuses[1 - loser], 200);
  EXPECT_EQ(statuses[loser], 409) << "both answered";
  EXPECT_EQ(codes[loser], "thread_busy");
}

TEST_F(PgRuns, ACancelThroughAnotherInstanceStopsTheRunAndEndsItsReaders) {
  auto started = start_on(0, 10);
  ASSERT_FALSE(started.run_id.empty());
  const auto asked = std::chrono::steady_clock::now();
  const auto cancelled = http_request(ports_[2], "POST", "/chatkit/runs/" + started.run_id + "/cancel");
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json_body().value("status", ""), "cancelled");
  std::cout << "[ figures ] a cancel through another instance answered in " << took.count() << " ms\n";
  const auto rest = started.client->rest();
  EXPECT_TRUE(started.client->ended_cleanly());
  auto events = started.events;
  events.insert(events.end(), rest.begin(), rest.end());
  EXPECT_LT(words_of(events).count, kWords) << "the answer went on to its end";
  const auto items = post_chatkit(ports_[1], protocol_request("items.list", {{"thread_id", started.thread_id}, {"order", "asc"}})).json_body();
  ASSERT_EQ(items["data"].size(), 2u) << items.dump();
  const std::string kept = items["data"][1]["content"][0].value("text", "");
  EXPECT_FALSE(kept.empty()) << "the partial answer was not kept";
  EXPECT_TRUE(expected_words(kWords).starts_with(kept)) << kept;
  // Another user's run does not exist, on any instance; an unknown one neither.
  EXPECT_EQ(http_request(ports_[1], "GET", "/chatkit/runs/run_0000000000000000/events").status, 404);
  EXPECT_EQ(http_request(ports_[1], "POST", "/chatkit/runs/run_0000000000000000/cancel").status, 404);
}

// Last: it kills an instance.
TEST_F(PgRuns, ZKilledOwnerMidAnswerIsTakenOverWithinTheRunTimeout) {
  auto started = start_on(2, 14);
  ASSERT_FALSE(started.run_id.empty());
  std::this_thread::sleep_for(200ms);  // its frames so far reach the ledger (synced every 50 ms)
  SseClient follower(ports_[0], SseClient::Get{"/chatkit/runs/" + started.run_id + "/events?after=0"});
  ASSERT_EQ(follower.status(), 200) << follower.raw();
  ASSERT_TRUE(follower.next().has_value());
  servers_[2]->signal(SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  servers_[2]->wait_exit(5s);
  const auto rest = follower.rest();  // ends once an instance has taken the run over
  const auto ended = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed);
  EXPECT_TRUE(follower.ended_cleanly());
  EXPECT_LT(ended, 3s + 3s) << "the run timeout is 3 s";
  std::cout << "[ figures ] the follower got its end " << ended.count() << " ms after kill -9\n";
  // The partial answer is in the thread, with what the follower saw, and the thread answers again.
  const auto items = post_chatkit(ports_[1], protocol_request("items.list", {{"thread_id", started.thread_id}, {"order", "asc"}})).json_body();
  ASSERT_EQ(items["data"].size(), 2u) << items.dump();
  const std::string stored = items["data"][1]["content"][0].value("text", "");
  EXPECT_FALSE(stored.empty());
  EXPECT_TRUE(expected_words(kWords).starts_with(stored)) << stored;
  EXPECT_FALSE(get_thread(0, started.thread_id).contains("active_run"));
  const auto next = stream_chatkit(ports_[1], protocol_request("threads.add_user_message",
                                                               {{"thread_id", started.thread_id}, {"input", text_input("go on")}}));
  ASSERT_EQ(next.status, 200) << next.raw;
  EXPECT_EQ(words_of(next.events).text, expected_words(kWords));
}

}  // namespace
}  // namespace chatkit::testing
