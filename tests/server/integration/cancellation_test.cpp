// A client that goes away mid-stream (docs/PROTOCOL.md §4.5): the partial answer and the hidden
// "cancelled" note are persisted, the note is never listed, and the thread stays usable.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace chatkit::testing {
namespace {

constexpr int kDeltas = 50;  // bench:50:20, about a second per answer

class CancellationTest : public ::testing::TestWithParam<bool> {
 protected:
  ServerHarness harness_{HarnessOptions{.model = "bench:50:20"}};
};

TEST_P(CancellationTest, PartialAnswerAndHiddenNoteArePersistedAndTheThreadStaysUsable) {
  const bool abortive = GetParam();
  std::string thread_id, user_id, assistant_id, received;
  {
    SseClient client(harness_.port(), create_thread_request("tell me a long story"));
    ASSERT_EQ(client.status(), 200);
    int deltas = 0;
    while (deltas < 10) {
      auto event = client.next();
      ASSERT_TRUE(event) << "the stream ended early: " << client.raw();
      const std::string type = (*event)["type"];
      if (type == "thread.created") thread_id = (*event)["thread"]["id"];
      if (type == "thread.item.done") user_id = (*event)["item"]["id"];
      if (type == "thread.item.added") assistant_id = (*event)["item"]["id"];
      if (type == "thread.item.updated" &&
          (*event)["update"]["type"] == "assistant_message.content_part.text_delta") {
        received += (*event)["update"]["delta"].get<std::string>();
        ++deltas;
      }
    }
    if (abortive) {
      client.connection().reset();
    } else {
      client.connection().close();
    }
  }
  ASSERT_FALSE(assistant_id.empty());

  // The server notices, persists, and adds the note; wait for the note to appear.
  auto& store = harness_.store();
  const auto has_note = [&] {
    for (const auto& item : all_items(store, thread_id)) {
      if (std::holds_alternative<SdkHiddenContextItem>(item)) return true;
    }
    return false;
  };
  ASSERT_TRUE(eventually(has_note)) << "no sdk_hidden_context item after the disconnect";

  const auto items = all_items_json(store, thread_id);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["id"], user_id);
  EXPECT_EQ(items[1]["id"], assistant_id);
  EXPECT_EQ(items[1]["type"], "assistant_message");
  const std::string saved = assistant_text(items[1]);
  ASSERT_TRUE(saved.starts_with(received)) << "saved '" << saved << "' but the client got '" << received << "'";
  const std::string extra = saved.substr(received.size());
  EXPECT_LE(std::count(extra.begin(), extra.end(), ' '), 3) << "too much was saved after the client left: " << extra;
  EXPECT_LT(saved.size(), std::string("word0 ").size() * kDeltas) << "the answer should not have completed";
  EXPECT_EQ(items[2]["type"], "sdk_hidden_context");
  EXPECT_TRUE(items[2]["id"].get<std::string>().starts_with("shcx_"));
  EXPECT_FALSE(items[2]["content"].get<std::string>().empty());

  // Listed: the user message and the partial answer, never the note.
  const auto listed = post_chatkit(harness_.port(), request("items.list", {{"thread_id", thread_id}, {"order", "asc"}}));
  ASSERT_EQ(listed.status, 200);
  const json data = listed.json_body()["data"];
  ASSERT_EQ(data.size(), 2u) << listed.body;
  EXPECT_EQ(data[0], items[0]);
  EXPECT_EQ(data[1], items[1]);
  const auto thread = post_chatkit(harness_.port(), request("threads.get_by_id", {{"thread_id", thread_id}}));
  EXPECT_EQ(thread.json_body()["items"]["data"], data);

  // The thread goes on normally.
  const auto next = stream_chatkit(harness_.port(), add_user_message_request(thread_id, "go on"));
  ASSERT_EQ(next.status, 200);
  EXPECT_TRUE(next.ended_cleanly);
  ASSERT_GE(next.events.size(), 2u);
  EXPECT_EQ(next.events[0]["type"], "thread.item.done");
  EXPECT_EQ(next.events[1]["type"], "stream_options");
  const auto answer = check_bench_answer(next.events, 2, kDeltas, thread_id);
  EXPECT_EQ(answer.problem, "");
  EXPECT_EQ(answer.next, next.events.size());
  EXPECT_EQ(all_items(store, thread_id).size(), 5u);
}

INSTANTIATE_TEST_SUITE_P(CloseAndReset, CancellationTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? std::string("Reset") : std::string("Close"); });

}  // namespace
}  // namespace chatkit::testing
