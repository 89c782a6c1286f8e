// Runs (docs/PROTOCOL.md §4.7): every streamed answer is a run whose events carry `id: RUN:SEQ`; a
// client that lost its stream reattaches with GET /chatkit/runs/RUN/events and gets every event
// after its last one exactly once; a run with no reader goes on for the detach grace; POST
// /chatkit/runs/RUN/cancel stops it; another user's run does not exist.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace chatkit::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kDeltas = 40;  // bench:40:20: about 0.8 s per answer

const char* kTokens = "token-alice alice\ntoken-bob bob\n";

// A threads.create stream read until `events` events arrived, then left open.
struct StartedRun {
  std::unique_ptr<SseClient> client;
  std::vector<json> events;
  std::vector<std::string> ids;
  std::string thread_id;
  std::string run_id;
};

StartedRun start_run(std::uint16_t port, std::size_t events, const Headers& headers = {}) {
  StartedRun run;
  run.client = std::make_unique<SseClient>(port, create_thread_request("a long answer please"), headers);
  EXPECT_EQ(run.client->status(), 200);
  while (run.events.size() < events) {
    auto event = run.client->next();
    if (!event) break;
    run.events.push_back(*event);
    run.ids.push_back(run.client->last_event_id());
  }
  if (!run.events.empty()) run.thread_id = run.events[0]["thread"].value("id", "");
  if (!run.ids.empty()) run.run_id = run.ids[0].substr(0, run.ids[0].rfind(':'));
  return run;
}

std::string events_target(const std::string& run_id, const std::string& query = "") {
  return "/chatkit/runs/" + run_id + "/events" + (query.empty() ? "" : "?" + query);
}

json thread_json(std::uint16_t port, const std::string& thread_id, const Headers& headers = {}) {
  return post_chatkit(port, request("threads.get_by_id", {{"thread_id", thread_id}}), headers).json_body();
}

bool has_hidden_note(server::Store& store, const std::string& thread_id) {
  for (const auto& item : all_items(store, thread_id)) {
    if (std::holds_alternative<SdkHiddenContextItem>(item)) return true;
  }
  return false;
}

class RunsTest : public ::testing::Test {
 protected:
  ServerHarness harness_{HarnessOptions{.model = "bench:40:20", .detach_grace = 5s}};
};

TEST_F(RunsTest, EveryEventCarriesTheRunIdAndItsSequenceNumber) {
  auto run = start_run(harness_.port(), 1000);
  ASSERT_TRUE(run.client->ended_cleanly());
  ASSERT_TRUE(run.run_id.starts_with("run_")) << run.run_id;
  for (std::size_t i = 0; i < run.ids.size(); ++i) {
    EXPECT_EQ(run.ids[i], run.run_id + ":" + std::to_string(i + 1));
  }
  EXPECT_EQ(check_bench_answer(run.events, 3, kDeltas, run.thread_id).problem, "");
}

TEST_F(RunsTest, GetByIdNamesTheActiveRunUntilItEnds) {
  auto run = start_run(harness_.port(), 8);
  ASSERT_FALSE(run.run_id.empty());
  EXPECT_EQ(thread_json(harness_.port(), run.thread_id)["active_run"]["id"], run.run_id);
  run.client->rest();
  ASSERT_TRUE(eventually([&] { return !thread_json(harness_.port(), run.thread_id).contains("active_run"); }));
}

TEST_F(RunsTest, AReattachAfterADroppedConnectionGetsTheRestExactlyOnce) {
  auto run = start_run(harness_.port(), 10);
  ASSERT_EQ(run.events.size(), 10u);
  run.client->connection().reset();  // the tab went away
  std::this_thread::sleep_for(200ms);
  SseClient again(harness_.port(), SseClient::Get{events_target(run.run_id)}, {{"Last-Event-ID", run.ids.back()}});
  ASSERT_EQ(again.status(), 200) << again.raw();
  EXPECT_EQ(again.head().header("Content-Type"), "text/event-stream");
  auto events = run.events;
  std::size_t seq = run.events.size();
  while (auto event = again.next()) {
    events.push_back(*event);
    EXPECT_EQ(again.last_event_id(), run.run_id + ":" + std::to_string(++seq));
  }
  EXPECT_TRUE(again.ended_cleanly());
  const auto answer = check_bench_answer(events, 3, kDeltas, run.thread_id);
  EXPECT_EQ(answer.problem, "");
  EXPECT_EQ(answer.next, events.size()) << "events after the answer";
  // The whole answer is in the thread, and nothing says it was cancelled.
  ASSERT_TRUE(eventually([&] { return all_items(harness_.store(), run.thread_id).size() == 2; }));
  EXPECT_FALSE(has_hidden_note(harness_.store(), run.thread_id));
}

TEST_F(RunsTest, AReaderCanStartFromAnyEventByQueryAndSeveralReadAtOnce) {
  auto run = start_run(harness_.port(), 5);
  SseClient from_start(harness_.port(), SseClient::Get{events_target(run.run_id, "after=0")});
  SseClient from_three(harness_.port(), SseClient::Get{events_target(run.run_id, "after=3")});
  const auto all = from_start.rest();
  const auto tail = from_three.rest();
  run.client->rest();
  EXPECT_EQ(check_bench_answer(all, 3, kDeltas, run.thread_id).problem, "");
  ASSERT_EQ(tail.size() + 3, all.size());
  EXPECT_EQ(std::vector<json>(all.begin() + 3, all.end()), tail);
  // An ended run can still be read, to its end.
  SseClient late(harness_.port(), SseClient::Get{events_target(run.run_id, "after=" + std::to_string(all.size() - 1))});
  const auto last = late.rest();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0], all.back());
  EXPECT_TRUE(late.ended_cleanly());
}

TEST_F(RunsTest, ABadResumePositionIsA400) {
  auto run = start_run(harness_.port(), 4);
  const auto other = http_request(harness_.port(), "GET", events_target(run.run_id), {},
                                  {{"Last-Event-ID", "run_0000:1"}});
  EXPECT_EQ(other.status, 400);
  EXPECT_NE(error_of(other).value("message", "").find("not an event of run"), std::string::npos) << other.body;
  EXPECT_EQ(http_request(harness_.port(), "GET", events_target(run.run_id, "after=abc")).status, 400);
  EXPECT_EQ(http_request(harness_.port(), "GET", events_target(run.run_id, "after=-1")).status, 400);
  const auto beyond = http_request(harness_.port(), "GET", events_target(run.run_id, "after=100000"));
  EXPECT_EQ(beyond.status, 400);
  EXPECT_NE(error_of(beyond).value("message", "").find("never sent"), std::string::npos) << beyond.body;
  EXPECT_EQ(http_request(harness_.port(), "GET", events_target("run_nope")).status, 404);
  const auto long_id = http_request(harness_.port(), "GET", events_target(std::string(5000, 'r')));
  EXPECT_EQ(long_id.status, 404);
  EXPECT_LT(long_id.body.size(), 400u) << "the id is echoed whole";
  EXPECT_EQ(http_request(harness_.port(), "POST", events_target(run.run_id)).status, 405);
  run.client->rest();
}

TEST_F(RunsTest, CancelStopsTheRunKeepsThePartialAnswerAndEndsEveryReader) {
  auto run = start_run(harness_.port(), 10);
  SseClient second(harness_.port(), SseClient::Get{events_target(run.run_id, "after=0")});
  const auto asked = std::chrono::steady_clock::now();
  const auto cancelled = http_request(harness_.port(), "POST", "/chatkit/runs/" + run.run_id + "/cancel");
  const auto took = std::chrono::steady_clock::now() - asked;
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json_body()["status"], "cancelled");
  EXPECT_EQ(cancelled.json_body()["id"], run.run_id);
  EXPECT_LT(took, 1s);
  // Both readers get the end, well before the answer would have finished.
  const auto first_rest = run.client->rest();
  const auto second_all = second.rest();
  EXPECT_TRUE(run.client->ended_cleanly());
  EXPECT_TRUE(second.ended_cleanly());
  EXPECT_LT(run.events.size() + first_rest.size(), static_cast<std::size_t>(kDeltas));
  EXPECT_TRUE(has_hidden_note(harness_.store(), run.thread_id));
  EXPECT_FALSE(thread_json(harness_.port(), run.thread_id).contains("active_run"));
  // Cancelling again: the run has ended.
  const auto again = http_request(harness_.port(), "POST", "/chatkit/runs/" + run.run_id + "/cancel");
  EXPECT_EQ(again.json_body()["status"], "cancelled");
  // The thread goes on.
  const auto next = stream_chatkit(harness_.port(), add_user_message_request(run.thread_id, "go on"));
  EXPECT_EQ(check_bench_answer(next.events, 2, kDeltas, run.thread_id).problem, "");
}

class DetachGraceTest : public ::testing::Test {
 protected:
  ServerHarness harness_{HarnessOptions{.model = "bench:200:20", .detach_grace = 600ms}};
};

TEST_F(DetachGraceTest, ARunWithNoReaderGoesOnForTheGraceThenIsCancelled) {
  auto run = start_run(harness_.port(), 6);
  run.client->connection().close();
  const auto left = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(thread_json(harness_.port(), run.thread_id)["active_run"]["id"], run.run_id) << "cancelled before the grace";
  EXPECT_FALSE(has_hidden_note(harness_.store(), run.thread_id));
  ASSERT_TRUE(eventually([&] { return has_hidden_note(harness_.store(), run.thread_id); }, 3s));
  EXPECT_GE(std::chrono::steady_clock::now() - left, 600ms);
  // What was written meanwhile is kept: more than the client saw.
  const auto items = all_items_json(harness_.store(), run.thread_id);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_GT(assistant_text(items[1]).size(), std::string("word0 word1 ").size());
}

TEST_F(DetachGraceTest, AReaderThatComesBackWithinTheGraceKeepsTheRunGoing) {
  auto run = start_run(harness_.port(), 6);
  run.client->connection().close();
  std::this_thread::sleep_for(200ms);
  SseClient again(harness_.port(), SseClient::Get{events_target(run.run_id)}, {{"Last-Event-ID", run.ids.back()}});
  std::this_thread::sleep_for(800ms);  // past the grace: the run must still be going
  EXPECT_EQ(thread_json(harness_.port(), run.thread_id)["active_run"]["id"], run.run_id);
  again.connection().close();
  ASSERT_TRUE(eventually([&] { return has_hidden_note(harness_.store(), run.thread_id); }, 3s));
}

class RunOwnershipTest : public ::testing::Test {
 protected:
  ServerHarness harness_{HarnessOptions{.model = "bench:40:20", .auth_tokens = kTokens, .detach_grace = 5s}};
};

TEST_F(RunOwnershipTest, AnotherUsersRunDoesNotExist) {
  auto run = start_run(harness_.port(), 5, bearer("token-alice"));
  ASSERT_FALSE(run.run_id.empty());
  const auto bob_reads = http_request(harness_.port(), "GET", events_target(run.run_id), {}, bearer("token-bob"));
  EXPECT_EQ(bob_reads.status, 404);
  const auto bob_cancels =
      http_request(harness_.port(), "POST", "/chatkit/runs/" + run.run_id + "/cancel", {}, bearer("token-bob"));
  EXPECT_EQ(bob_cancels.status, 404);
  EXPECT_EQ(http_request(harness_.port(), "GET", events_target(run.run_id)).status, 401);
  // Alice's run went on untouched.
  const auto rest = run.client->rest();
  auto events = run.events;
  events.insert(events.end(), rest.begin(), rest.end());
  EXPECT_EQ(check_bench_answer(events, 3, kDeltas, run.thread_id).problem, "");
  // Alice herself can read it.
  SseClient alice(harness_.port(), SseClient::Get{events_target(run.run_id, "after=0")}, bearer("token-alice"));
  EXPECT_EQ(alice.rest().size(), events.size());
}

}  // namespace
}  // namespace chatkit::testing
