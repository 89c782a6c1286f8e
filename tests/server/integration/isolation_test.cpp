// Two users with bearer tokens (docs/PROTOCOL.md §7.4): another user's threads and items do not exist
// for you (404 on every request), whatever you try, and the owner's data stays as it was.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace chatkit::testing {
namespace {

const server::RequestContext kAlice{.user_id = "alice", .locale = ""};

class IsolationTest : public ::testing::Test {
 protected:
  std::uint16_t port() const { return harness_.port(); }

  // Alice's view of her thread: get_by_id and every item.
  json alice_snapshot(const std::string& thread_id) {
    const auto thread = post_chatkit(port(), request("threads.get_by_id", {{"thread_id", thread_id}}), alice_);
    const auto items = post_chatkit(port(), request("items.list", {{"thread_id", thread_id}, {"limit", 100}}), alice_);
    EXPECT_EQ(thread.status, 200);
    EXPECT_EQ(items.status, 200);
    return json{{"thread", thread.json_body()}, {"items", items.json_body()}, {"stored", all_items_json(harness_.store(), thread_id, kAlice)}};
  }

  ServerHarness harness_{HarnessOptions{.model = "bench:3", .auth_tokens = "# two users\ntoken-alice alice\ntoken-bob bob\n"}};
  Headers alice_ = bearer("token-alice");
  Headers bob_ = bearer("token-bob");
};

TEST_F(IsolationTest, AnotherUsersThreadsAndItemsAreNotFoundEverywhere) {
  StreamResult created;
  const std::string thread_id = create_thread(port(), "alice's secret", &created, alice_);
  ASSERT_FALSE(thread_id.empty());
  const std::string user_item = created.events[1]["item"]["id"];
  const auto widget = seed_widget(harness_.store(), thread_id, kAlice);
  const auto structured = seed_structured_input(harness_.store(), thread_id, kAlice);
  seed_pending_tool_call(harness_.store(), thread_id, kAlice);

  // Bob has a thread of his own, to aim alice's item ids through.
  const std::string bob_thread = create_thread(port(), "bob's", nullptr, bob_);
  ASSERT_FALSE(bob_thread.empty());

  const json before = alice_snapshot(thread_id);
  const RowCounts rows = row_counts(harness_.db_path());

  const json press = {{"type", "probe.press"}, {"payload", {{"n", 1}}}};
  const json sync = {{"type", "probe.sync"}, {"payload", {{"v", 2}}}};
  const std::vector<json> attempts = {
      request("threads.get_by_id", {{"thread_id", thread_id}}),
      request("items.list", {{"thread_id", thread_id}}),
      request("threads.update", {{"thread_id", thread_id}, {"title", "pwned"}}),
      request("threads.delete", {{"thread_id", thread_id}}),
      request("items.feedback", {{"thread_id", thread_id}, {"item_ids", {user_item}}, {"kind", "negative"}}),
      add_user_message_request(thread_id, "hi from bob"),
      request("threads.retry_after_item", {{"thread_id", thread_id}, {"item_id", user_item}}),
      request("threads.add_client_tool_output", {{"thread_id", thread_id}, {"result", "bob"}}),
      request("threads.add_structured_input", {{"thread_id", thread_id}, {"item_id", structured.id}, {"input", json::object()}}),
      request("threads.custom_action", {{"thread_id", thread_id}, {"item_id", widget.id}, {"action", press}}),
      request("threads.custom_action", {{"thread_id", thread_id}, {"item_id", nullptr}, {"action", press}}),
      request("threads.sync_custom_action", {{"thread_id", thread_id}, {"item_id", widget.id}, {"action", sync}}),
      // Alice's items through bob's own thread.
      request("threads.retry_after_item", {{"thread_id", bob_thread}, {"item_id", user_item}}),
      request("threads.custom_action", {{"thread_id", bob_thread}, {"item_id", widget.id}, {"action", press}}),
      request("threads.sync_custom_action", {{"thread_id", bob_thread}, {"item_id", widget.id}, {"action", sync}}),
      request("threads.add_structured_input", {{"thread_id", bob_thread}, {"item_id", structured.id}, {"input", json::object()}}),
  };
  for (const auto& attempt : attempts) {
    const auto response = post_chatkit(port(), attempt, bob_);
    EXPECT_EQ(response.status, 404) << attempt.dump() << " -> " << response.body;
    EXPECT_EQ(error_of(response)["code"], "not_found") << attempt.dump();
    EXPECT_EQ(response.body.find("alice's secret"), std::string::npos);
  }

  // Bob's list shows only his thread.
  const auto listed = post_chatkit(port(), request("threads.list", json::object()), bob_);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json_body()["data"].size(), 1u) << listed.body;
  EXPECT_EQ(listed.json_body()["data"][0]["id"], bob_thread);
  // Paging with alice's thread id as a cursor reveals nothing either.
  EXPECT_EQ(post_chatkit(port(), request("threads.list", {{"after", thread_id}}), bob_).status, 404);

  // Alice's data is exactly as it was, and nothing at all was written.
  EXPECT_EQ(alice_snapshot(thread_id), before);
  EXPECT_EQ(row_counts(harness_.db_path()), rows);
  EXPECT_EQ(harness_.probe().feedback_calls(), 0);
  const auto alice_list = post_chatkit(port(), request("threads.list", json::object()), alice_);
  ASSERT_EQ(alice_list.json_body()["data"].size(), 1u);
  EXPECT_EQ(alice_list.json_body()["data"][0]["id"], thread_id);
}

TEST_F(IsolationTest, MissingOrWrongTokenIsUnauthorized) {
  const RowCounts rows = row_counts(harness_.db_path());
  const std::vector<Headers> bad = {{}, bearer("token-mallory"), {{"Authorization", "Basic dG9rZW4tYWxpY2U="}},
                                    bearer("token-alice token-bob")};
  for (const auto& headers : bad) {
    for (const json& body : {create_thread_request("x"), request("threads.list", json::object())}) {
      const auto response = post_chatkit(port(), body, headers);
      EXPECT_EQ(response.status, 401) << body.dump() << " -> " << response.body;
      EXPECT_EQ(response.header("www-authenticate"), "Bearer");
      EXPECT_EQ(error_of(response)["code"], "unauthorized");
      EXPECT_FALSE(error_of(response)["message"].get<std::string>().empty());
      EXPECT_EQ(response.body.find("token-alice"), std::string::npos) << "a token was echoed";
    }
  }
  EXPECT_EQ(row_counts(harness_.db_path()), rows);
  // The right token works.
  EXPECT_EQ(post_chatkit(port(), request("threads.list", json::object()), alice_).status, 200);
}

}  // namespace
}  // namespace chatkit::testing
