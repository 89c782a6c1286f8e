// Every JSON request over real HTTP, with the exact response (docs/PROTOCOL.md §2.7-§2.17, §7.3).
#include <gtest/gtest.h>

#include "core/protocol/items.hpp"
#include "server/common/clock.hpp"
#include "test_util.hpp"

namespace chatkit::testing {
namespace {

class JsonRequestsTest : public ::testing::Test {
 protected:
  std::uint16_t port() const { return harness_.port(); }
  server::SqliteStore& store() { return harness_.store(); }

  json call(const std::string& type, json params, int expected_status = 200) {
    const auto response = post_chatkit(port(), request(type, std::move(params)));
    EXPECT_EQ(response.status, expected_status) << type << ": " << response.body;
    EXPECT_EQ(response.header("content-type"), "application/json");
    return response.json_body();
  }

  // threads.create; the thread as thread.created announced it, and the two done items.
  json make_thread(std::vector<json>* done_items = nullptr) {
    StreamResult stream;
    const auto id = create_thread(port(), "hi", &stream);
    EXPECT_FALSE(id.empty());
    if (done_items) {
      for (const auto& event : stream.events) {
        if (event["type"] == "thread.item.done") done_items->push_back(event["item"]);
      }
    }
    return stream.events.empty() ? json() : stream.events[0]["thread"];
  }

  json seed_hidden(const std::string& thread_id) {
    HiddenContextItem item;
    item.id = server::random_id(IdKind::message);
    item.thread_id = thread_id;
    item.created_at = server::monotonic_now();
    item.content = json{{"note", "for the model"}};
    EXPECT_TRUE(store().add_thread_item(thread_id, item, kLocalUser).ok());
    return encode_item(item);
  }

  json seed_sdk_hidden(const std::string& thread_id) {
    SdkHiddenContextItem item;
    item.id = server::random_id(IdKind::sdk_hidden_context);
    item.thread_id = thread_id;
    item.created_at = server::monotonic_now();
    item.content = "sdk note";
    EXPECT_TRUE(store().add_thread_item(thread_id, item, kLocalUser).ok());
    return encode_item(item);
  }

  ServerHarness harness_{HarnessOptions{.model = "bench:3"}};
};

TEST_F(JsonRequestsTest, GetByIdGivesTheOldestTwentyItemsWithoutHiddenOnes) {
  std::vector<json> done;
  const json created = make_thread(&done);
  const std::string thread_id = created["id"];
  ASSERT_EQ(done.size(), 2u);
  std::vector<json> items = done;
  seed_hidden(thread_id);
  seed_sdk_hidden(thread_id);
  for (int i = 0; i < 21; ++i) {
    items.push_back(encode_item(seed_widget(store(), thread_id, kLocalUser, pressed_widget(i))));
  }
  // The store's first page (20, asc) is U, A, H, S, W0..W15; the hidden two are dropped after paging.
  json expected_items = json::array();
  for (std::size_t i = 0; i < 18; ++i) expected_items.push_back(items[i]);
  const json expected = {{"id", thread_id},
                         {"created_at", created["created_at"]},
                         {"status", {{"type", "active"}}},
                         {"metadata", json::object()},
                         {"items", {{"data", expected_items}, {"has_more", true}, {"after", items[17]["id"]}}}};
  EXPECT_EQ(call("threads.get_by_id", {{"thread_id", thread_id}}), expected);

  const auto missing = post_chatkit(port(), request("threads.get_by_id", {{"thread_id", "thr_nope"}}));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_of(missing)["code"], "not_found");
  EXPECT_EQ(error_of(missing)["path"], "$.params.thread_id");
}

TEST_F(JsonRequestsTest, ThreadsListPagesExactly) {
  std::vector<json> threads;  // client views as thread.created sent them, oldest first
  for (int i = 0; i < 5; ++i) threads.push_back(make_thread());
  const auto page = [](std::vector<json> data, bool has_more, std::optional<std::string> after) {
    json out = {{"data", std::move(data)}, {"has_more", has_more}};
    if (after) out["after"] = *after;
    return out;
  };
  const auto id = [&](int i) { return threads[static_cast<std::size_t>(i)]["id"].get<std::string>(); };

  EXPECT_EQ(call("threads.list", {{"limit", 2}}), page({threads[4], threads[3]}, true, id(3)));
  EXPECT_EQ(call("threads.list", {{"limit", 2}, {"after", id(3)}}), page({threads[2], threads[1]}, true, id(1)));
  EXPECT_EQ(call("threads.list", {{"limit", 2}, {"after", id(1)}}), page({threads[0]}, false, std::nullopt));
  EXPECT_EQ(call("threads.list", {{"limit", 3}, {"order", "asc"}}), page({threads[0], threads[1], threads[2]}, true, id(2)));
  EXPECT_EQ(call("threads.list", {{"limit", 3}, {"order", "asc"}, {"after", id(2)}}),
            page({threads[3], threads[4]}, false, std::nullopt));
  // limit null or 0 means 20; order defaults to desc.
  EXPECT_EQ(call("threads.list", {{"limit", 0}}), page({threads[4], threads[3], threads[2], threads[1], threads[0]}, false, std::nullopt));
  EXPECT_EQ(call("threads.list", json::object()), page({threads[4], threads[3], threads[2], threads[1], threads[0]}, false, std::nullopt));

  const auto bad_after = post_chatkit(port(), request("threads.list", {{"after", "thr_unknown"}}));
  EXPECT_EQ(bad_after.status, 404) << bad_after.body;
  EXPECT_EQ(error_of(bad_after)["path"], "$.params.after");
  const auto bad_limit = post_chatkit(port(), request("threads.list", {{"limit", -1}}));
  EXPECT_EQ(bad_limit.status, 400) << bad_limit.body;
  EXPECT_EQ(error_of(bad_limit)["path"], "$.params.limit");
}

TEST_F(JsonRequestsTest, ItemsListPagesAndFiltersHiddenItemsAfterPaging) {
  std::vector<json> done;
  const std::string thread_id = make_thread(&done)["id"];
  const json& user = done[0];
  const json& assistant = done[1];
  seed_hidden(thread_id);
  const json widget = encode_item(seed_widget(store(), thread_id));
  const json sdk = seed_sdk_hidden(thread_id);
  const auto page = [](std::vector<json> data, bool has_more, std::optional<std::string> after) {
    json out = {{"data", std::move(data)}, {"has_more", has_more}};
    if (after) out["after"] = *after;
    return out;
  };
  // Store order: U, A, H, W, S. desc pages of 2: [S, W] [H, A] [U].
  EXPECT_EQ(call("items.list", {{"thread_id", thread_id}, {"limit", 2}}), page({widget}, true, widget["id"].get<std::string>()));
  EXPECT_EQ(call("items.list", {{"thread_id", thread_id}, {"limit", 2}, {"after", widget["id"]}}),
            page({assistant}, true, assistant["id"].get<std::string>()));
  EXPECT_EQ(call("items.list", {{"thread_id", thread_id}, {"limit", 2}, {"after", assistant["id"]}}),
            page({user}, false, std::nullopt));
  EXPECT_EQ(call("items.list", {{"thread_id", thread_id}, {"order", "asc"}}), page({user, assistant, widget}, false, std::nullopt));
  EXPECT_EQ(call("items.list", {{"thread_id", thread_id}, {"order", "asc"}, {"limit", 4}}),
            page({user, assistant, widget}, true, widget["id"].get<std::string>()));
  EXPECT_EQ(call("items.list", {{"thread_id", thread_id}, {"order", "asc"}, {"after", widget["id"]}}),
            page({}, false, std::nullopt))
      << "the last stored item (" << sdk["id"] << ") is hidden";

  const auto missing = post_chatkit(port(), request("items.list", {{"thread_id", "thr_nope"}}));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_of(missing)["path"], "$.params.thread_id");
}

TEST_F(JsonRequestsTest, ThreadsUpdateChangesTheTitleOnly) {
  const json created = make_thread();
  const std::string thread_id = created["id"];
  const json expected = {{"id", thread_id},
                         {"title", "Renamed"},
                         {"created_at", created["created_at"]},
                         {"status", {{"type", "active"}}},
                         {"metadata", json::object()},
                         {"items", {{"data", json::array()}, {"has_more", false}}}};
  EXPECT_EQ(call("threads.update", {{"thread_id", thread_id}, {"title", "Renamed"}}), expected);
  const json reloaded = call("threads.get_by_id", {{"thread_id", thread_id}});
  EXPECT_EQ(reloaded["title"], "Renamed");
  EXPECT_EQ(reloaded["items"]["data"].size(), 2u);
  auto stored = store().load_thread(thread_id, kLocalUser);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->title, "Renamed");

  const auto missing = post_chatkit(port(), request("threads.update", {{"thread_id", "thr_nope"}, {"title", "x"}}));
  EXPECT_EQ(missing.status, 404);
}

TEST_F(JsonRequestsTest, ThreadsDeleteAnswersEmptyObjectThenNotFound) {
  const std::string keep = make_thread()["id"];
  const std::string thread_id = make_thread()["id"];
  const auto response = post_chatkit(port(), request("threads.delete", {{"thread_id", thread_id}}));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(response.body, "{}");

  EXPECT_EQ(post_chatkit(port(), request("threads.get_by_id", {{"thread_id", thread_id}})).status, 404);
  EXPECT_EQ(post_chatkit(port(), request("items.list", {{"thread_id", thread_id}})).status, 404);
  EXPECT_EQ(post_chatkit(port(), request("threads.delete", {{"thread_id", thread_id}})).status, 404);
  EXPECT_EQ(stream_chatkit(port(), add_user_message_request(thread_id, "x")).status, 404);
  // Its items went with it; the other thread is untouched.
  EXPECT_EQ(row_counts(harness_.db_path()), (RowCounts{1, 2}));
  EXPECT_EQ(call("threads.list", json::object())["data"].size(), 1u);
  EXPECT_EQ(call("threads.get_by_id", {{"thread_id", keep}})["items"]["data"].size(), 2u);
}

TEST_F(JsonRequestsTest, FeedbackAnswersEmptyObjectAndStoresNothing) {
  std::vector<json> done;
  const std::string thread_id = make_thread(&done)["id"];
  const RowCounts before = row_counts(harness_.db_path());
  const auto response = post_chatkit(port(), request("items.feedback", {{"thread_id", thread_id},
                                                                        {"item_ids", {done[1]["id"]}},
                                                                        {"kind", "positive"}}));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
  EXPECT_EQ(harness_.probe().feedback_calls(), 1);
  EXPECT_EQ(row_counts(harness_.db_path()), before);

  const auto bad_kind = post_chatkit(port(), request("items.feedback", {{"thread_id", thread_id},
                                                                        {"item_ids", json::array()},
                                                                        {"kind", "meh"}}));
  EXPECT_EQ(bad_kind.status, 400);
  EXPECT_EQ(error_of(bad_kind)["path"], "$.params.kind");
  EXPECT_EQ(harness_.probe().feedback_calls(), 1);
}

TEST_F(JsonRequestsTest, AttachmentsAreNotImplemented) {
  for (const json& body : {request("attachments.create", {{"name", "a.png"}, {"size", 10}, {"mime_type", "image/png"}}),
                           request("attachments.delete", {{"attachment_id", "atc_1"}})}) {
    const auto response = post_chatkit(port(), body);
    EXPECT_EQ(response.status, 501) << body.dump();
    EXPECT_EQ(response.header("content-type"), "application/json");
    EXPECT_EQ(error_of(response)["code"], "not_implemented");
    EXPECT_NE(error_of(response)["message"].get<std::string>().find("attachment"), std::string::npos);
  }
}

TEST_F(JsonRequestsTest, TranscribeIsNotImplementedAndChecksBase64) {
  const auto valid = post_chatkit(port(), request("input.transcribe", {{"audio_base64", "aGVsbG8="}, {"mime_type", "audio/webm;codecs=opus"}}));
  EXPECT_EQ(valid.status, 501) << valid.body;
  EXPECT_EQ(error_of(valid)["code"], "not_implemented");
  for (const char* bad : {"%%%%", "aGVsbG8", "aGV=bG8="}) {
    const auto response = post_chatkit(port(), request("input.transcribe", {{"audio_base64", bad}, {"mime_type", "audio/webm"}}));
    EXPECT_EQ(response.status, 400) << bad << ": " << response.body;
    EXPECT_EQ(error_of(response)["code"], "invalid_request");
    EXPECT_EQ(error_of(response)["path"], "$.params.audio_base64");
  }
}

TEST_F(JsonRequestsTest, SyncCustomActionReturnsTheUpdatedItemAndPersistsIt) {
  const std::string thread_id = make_thread()["id"];
  const auto widget = seed_widget(store(), thread_id);
  const RowCounts before = row_counts(harness_.db_path());
  const json body = request("threads.sync_custom_action", {{"thread_id", thread_id},
                                                           {"item_id", widget.id},
                                                           {"action", {{"type", "probe.sync"}, {"payload", {{"v", 2}}}}}});
  json expected_item = encode_item(widget);
  expected_item["widget"] = synced_widget(2);
  EXPECT_EQ(call("threads.sync_custom_action", body["params"]), json({{"updated_item", expected_item}}));

  // Persisted in place (the reference does not; this server does).
  auto stored = store().load_item(thread_id, widget.id, kLocalUser);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(encode_item(*stored), expected_item);
  EXPECT_EQ(row_counts(harness_.db_path()), before) << "an update, not a new row";
  EXPECT_EQ(call("threads.get_by_id", {{"thread_id", thread_id}})["items"]["data"][2], expected_item);

  // The synced widget offers no action any more.
  const auto refused = post_chatkit(port(), body);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(error_of(refused)["code"], "action_refused");
  EXPECT_EQ(encode_item(*store().load_item(thread_id, widget.id, kLocalUser)), expected_item);
}

}  // namespace
}  // namespace chatkit::testing
