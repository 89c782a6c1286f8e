// The Returns use case end to end over real HTTP, with the offline model and real SQLite files:
// the whole flow by text and the whole flow by clicks reach the same state; a click on an
// outdated copy of a card gets a note, a forged one the refusal; every user has their own data.
#include <functional>

#include <gtest/gtest.h>

#include "core/protocol/items.hpp"
#include "test_util.hpp"
#include "use_cases/registry.hpp"
#include "use_cases/returns/returns_store.hpp"

namespace chatkit::testing {
namespace {

using use_cases::ReturnsStore;

std::unique_ptr<server::UseCase> returns_use_case(const std::filesystem::path& db) {
  auto made = use_cases::make_use_case("returns", {.db = db.string()});
  if (!made) throw std::runtime_error(describe(made.error()));
  return std::move(*made);
}

// Every ActionConfig of a widget, in order.
void collect_actions(const json& node, std::vector<json>& out) {
  if (node.is_array()) {
    for (const auto& child : node) collect_actions(child, out);
    return;
  }
  if (!node.is_object()) return;
  for (const char* key : {"onClickAction", "onSubmitAction", "onChangeAction"}) {
    if (node.contains(key)) out.push_back(node[key]);
  }
  for (const char* key : {"confirm", "cancel"}) {
    if (node.contains(key) && node[key].is_object()) out.push_back(node[key]["action"]);
  }
  if (node.contains("children")) collect_actions(node["children"], out);
}

// A widget with every action's draft and revision blanked: what two users' cards share.
json without_refs(json node) {
  if (node.is_array()) {
    for (auto& child : node) child = without_refs(child);
  } else if (node.is_object()) {
    for (auto& [key, value] : node.items()) {
      if ((key == "draft" || key == "rev") && value.is_number()) value = 0;
      else value = without_refs(value);
    }
  }
  return node;
}

class ReturnsTest : public ::testing::Test {
 protected:
  std::uint16_t port() const { return harness_.port(); }

  std::vector<json> listed_items(const std::string& thread_id, const Headers& headers = {}) {
    const auto response = post_chatkit(
        port(), request("items.list", {{"thread_id", thread_id}, {"order", "asc"}, {"limit", 100}}), headers);
    EXPECT_EQ(response.status, 200) << response.body;
    const json body = response.json_body();
    return body.is_object() ? body["data"].get<std::vector<json>>() : std::vector<json>{};
  }

  // The newest widget item with this root id, as items.list shows it (a reload).
  json newest(const std::string& thread_id, const std::string& id = "returns-card", const Headers& headers = {}) {
    json card;
    for (const auto& item : listed_items(thread_id, headers)) {
      if (item.value("type", "") == "widget" && item["widget"].value("id", "") == id) card = item;
    }
    return card;
  }

  StreamResult say(const std::string& thread_id, const std::string& text, const Headers& headers = {}) {
    return stream_chatkit(port(), add_user_message_request(thread_id, text), headers);
  }

  StreamResult act(const std::string& thread_id, const json& card, json action, const Headers& headers = {}) {
    return stream_chatkit(port(), request("threads.custom_action", {{"thread_id", thread_id},
                                                                   {"item_id", card["id"]},
                                                                   {"action", std::move(action)}}),
                          headers);
  }

  // The card's action of this type whose payload has key == value (any, without a key); a form
  // value `extra` merged in as the client does.
  static json offered(const json& card, const std::string& type, const std::string& key = "", const json& value = {},
                      const json& extra = json::object()) {
    std::vector<json> actions;
    collect_actions(card["widget"], actions);
    for (auto action : actions) {
      if (action.value("type", "") != type) continue;
      if (!key.empty() && action["payload"].value(key, json()) != value) continue;
      action["payload"].update(extra);
      return action;
    }
    ADD_FAILURE() << "the card offers no " << type << " " << key << "=" << value << ": " << card.dump();
    return {{"type", type}};
  }

  // Clicks the newest card's action and expects it to update that card in place.
  json click(const std::string& thread_id, const std::string& type, const std::string& key = "", const json& value = {},
             const json& extra = json::object(), const Headers& headers = {}) {
    const json card = newest(thread_id, "returns-card", headers);
    const StreamResult stream = act(thread_id, card, offered(card, type, key, value, extra), headers);
    EXPECT_EQ(stream.status, 200) << stream.raw;
    EXPECT_EQ(stream.index_of("error"), -1) << stream.raw;
    EXPECT_EQ(stream.index_of("notice"), -1) << stream.raw;
    EXPECT_EQ(stream.index_of("thread.item.done"), -1) << "in place: " << stream.raw;
    EXPECT_NE(stream.index_of("thread.item.updated"), -1) << stream.raw;
    const json after = newest(thread_id, "returns-card", headers);
    EXPECT_EQ(after["id"], card["id"]) << "the same card";
    return after;
  }

  static std::string text_of(const json& card) { return card.dump(); }

  ServerHarness harness_{HarnessOptions{.model = "offline:0", .auth_tokens = "tok-a alice\ntok-b bob\n",
                                        .use_case = returns_use_case}};
  Headers alice_ = bearer("tok-a");
  Headers bob_ = bearer("tok-b");
};

TEST_F(ReturnsTest, ByTextTheWholeFlowRunsFromLookupToConfirmation) {
  StreamResult first;
  const std::string thread = create_thread(port(), "look up jane@example.com", &first, alice_);
  ASSERT_FALSE(thread.empty()) << first.raw;
  EXPECT_NE(first.raw.find("Found Jane Cooper with 3 orders."), std::string::npos) << first.raw;
  EXPECT_NE(text_of(newest(thread, "returns-card", alice_)).find("Orders of Jane Cooper"), std::string::npos);

  const auto items = say(thread, "return the headphones from order 1002", alice_);
  EXPECT_NE(items.raw.find("Returning Wireless Headphones. Why are they coming back?"), std::string::npos) << items.raw;
  EXPECT_NE(items.index_of("thread.item.replaced"), -1) << "the older card becomes a note";
  EXPECT_NE(text_of(newest(thread, "returns-card", alice_)).find("Why are they coming back?"), std::string::npos);
  EXPECT_NE(say(thread, "I changed my mind", alice_).raw.find("refund, an exchange or store credit"), std::string::npos);
  const auto refund = say(thread, "refund", alice_);
  EXPECT_NE(refund.raw.find("Take store credit instead of a refund and get 10% extra ($12.90)"), std::string::npos)
      << refund.raw;
  EXPECT_NE(text_of(newest(thread, "returns-card", alice_)).find("Before we refund you"), std::string::npos);
  EXPECT_NE(say(thread, "no thanks", alice_).raw.find("A refund it stays. How will you send it back"), std::string::npos);
  const auto mailed = say(thread, "mail it", alice_);
  const std::string total = "$" + std::to_string((12900 - 1935 - 499) / 100) + "." + std::to_string((12900 - 1935 - 499) % 100);
  EXPECT_NE(mailed.raw.find("Here is the summary (" + total + ")"), std::string::npos) << mailed.raw;
  const json summary = newest(thread, "returns-card", alice_);
  EXPECT_NE(text_of(summary).find("Restocking fee"), std::string::npos);
  EXPECT_NE(say(thread, "how much will I get back?", alice_).raw.find("You get " + total + " back"), std::string::npos);

  const auto confirmed = say(thread, "confirm", alice_);
  EXPECT_NE(confirmed.raw.find("Return R-1001 is created. The prepaid label is in your e-mail"), std::string::npos)
      << confirmed.raw;
  EXPECT_NE(text_of(newest(thread, "returns-card", alice_)).find("Return R-1001 created"), std::string::npos);
  const auto history = say(thread, "show my returns", alice_);
  EXPECT_NE(history.raw.find("You have 1 return."), std::string::npos) << history.raw;
  EXPECT_NE(text_of(newest(thread, "returns-history", alice_)).find("R-1001 · order #1002"), std::string::npos);

  auto store = ReturnsStore::open(harness_.db_path().string());
  ASSERT_TRUE(store.ok());
  const auto returns = (*store)->returns_of("alice");
  ASSERT_TRUE(returns.ok());
  ASSERT_EQ(returns->size(), 1u);
  EXPECT_EQ(returns->front().amount_cents, 12900 - 1935 - 499);
  EXPECT_EQ(returns->front().resolution, "refund");
  EXPECT_EQ(returns->front().shipping, "mail");
}

// The same answers by text (alice) and by clicks (bob) reach the same cards and the same return.
TEST_F(ReturnsTest, ByClicksTheSameReturnIsMadeAndEveryCardMatchesTheTextFlow) {
  const std::string by_text = create_thread(port(), "look up jane@example.com", nullptr, alice_);
  std::vector<json> text_cards = {newest(by_text, "returns-card", alice_)["widget"]};
  for (const char* answer : {"return the headphones from order 1002", "it arrived damaged", "refund",
                             "yes, keep it with the discount", "please pick it up", "confirm"}) {
    const auto said = say(by_text, answer, alice_);
    EXPECT_EQ(said.index_of("error"), -1) << said.raw;
    text_cards.push_back(newest(by_text, "returns-card", alice_)["widget"]);
  }

  StreamResult started;
  const std::string by_clicks = create_thread(port(), "I want to start a return", &started, bob_);
  ASSERT_FALSE(by_clicks.empty()) << started.raw;
  EXPECT_NE(text_of(newest(by_clicks, "returns-card", bob_)).find("Start a return"), std::string::npos);
  std::vector<json> click_cards;
  click_cards.push_back(click(by_clicks, "returns.lookup", "", {}, {{"query", "jane@example.com"}}, bob_)["widget"]);
  click(by_clicks, "returns.order", "order", "1002", json::object(), bob_);
  click(by_clicks, "returns.item", "line", 3, json::object(), bob_);
  click_cards.push_back(click(by_clicks, "returns.items_done", "", {}, json::object(), bob_)["widget"]);
  click_cards.push_back(click(by_clicks, "returns.reason", "", {}, {{"reason", "damaged"}}, bob_)["widget"]);
  click_cards.push_back(click(by_clicks, "returns.resolution", "resolution", "refund", json::object(), bob_)["widget"]);
  click_cards.push_back(click(by_clicks, "returns.incentive", "accept", true, json::object(), bob_)["widget"]);
  click_cards.push_back(click(by_clicks, "returns.shipping", "", {}, {{"shipping", "pickup"}}, bob_)["widget"]);
  click_cards.push_back(click(by_clicks, "returns.confirm", "", {}, json::object(), bob_)["widget"]);

  ASSERT_EQ(text_cards.size(), click_cards.size());
  for (std::size_t i = 0; i < text_cards.size(); ++i) {
    EXPECT_EQ(without_refs(text_cards[i]), without_refs(click_cards[i])) << "step " << i;
  }
  EXPECT_NE(text_of(click_cards.back()).find("Return R-1001 created"), std::string::npos) << "bob's own numbering";
  auto store = ReturnsStore::open(harness_.db_path().string());
  ASSERT_TRUE(store.ok());
  const auto alice = (*store)->returns_of("alice");
  const auto bob = (*store)->returns_of("bob");
  ASSERT_EQ(alice->size(), 1u);
  ASSERT_EQ(bob->size(), 1u);
  EXPECT_EQ(bob->front().amount_cents, 12900 + 1290) << "damaged: free pickup, no fee, the 10% bonus";
  EXPECT_EQ(alice->front().amount_cents, bob->front().amount_cents);
  EXPECT_EQ(bob->front().resolution, "store_credit");
  // Each user's history holds their own return only.
  const auto bob_history = say(by_clicks, "show my returns", bob_);
  EXPECT_NE(bob_history.raw.find("You have 1 return."), std::string::npos) << bob_history.raw;
  EXPECT_TRUE((*store)->returns_of("local")->empty());
}

TEST_F(ReturnsTest, AClickOnAnOutdatedCopyGetsANoteAndChangesNothing) {
  const std::string thread = create_thread(port(), "look up jane@example.com", nullptr, alice_);
  const json old_copy = newest(thread, "returns-card", alice_);  // a second tab still shows this
  click(thread, "returns.order", "order", "1002", json::object(), alice_);
  const auto late = act(thread, old_copy, offered(old_copy, "returns.order", "order", "1001"), alice_);
  EXPECT_EQ(late.status, 200) << late.raw;
  EXPECT_EQ(late.index_of("error"), -1) << late.raw;
  ASSERT_NE(late.index_of("notice"), -1) << late.raw;
  EXPECT_NE(late.events[static_cast<std::size_t>(late.index_of("notice"))].value("message", "").find("moved on"),
            std::string::npos)
      << late.raw;
  EXPECT_NE(text_of(newest(thread, "returns-card", alice_)).find("Order #1002: what comes back?"), std::string::npos)
      << "still at order 1002";

  for (const char* answer : {"return the headphones from order 1002", "it arrived damaged", "exchange",
                             "drop off at a store"}) {
    say(thread, answer, alice_);
  }
  const json summary = newest(thread, "returns-card", alice_);
  EXPECT_NE(text_of(summary).find("Create return"), std::string::npos);
  click(thread, "returns.confirm", "", {}, json::object(), alice_);
  const long returns_before = count_rows(harness_.db_path(), "returns_returns");
  const auto again = act(thread, summary, offered(summary, "returns.confirm"), alice_);
  ASSERT_NE(again.index_of("notice"), -1) << again.raw;
  EXPECT_NE(again.events[static_cast<std::size_t>(again.index_of("notice"))].value("message", "").find(
                "Return R-1001 was already created"),
            std::string::npos)
      << again.raw;
  EXPECT_EQ(count_rows(harness_.db_path(), "returns_returns"), returns_before) << "created once";
}

TEST_F(ReturnsTest, AForgedActionIsRefusedAndChangesNothing) {
  const std::string thread = create_thread(port(), "look up jane@example.com", nullptr, alice_);
  const json card = newest(thread, "returns-card", alice_);
  json forged = offered(card, "returns.order", "order", "1002");
  forged["payload"]["order"] = "1004";  // Omar's order: never offered on Jane's card
  const RowCounts before = row_counts(harness_.db_path());
  const long drafts_before = count_rows(harness_.db_path(), "returns_drafts");
  for (const json& action : {forged, json{{"type", "returns.confirm"}, {"payload", {{"draft", 77}, {"rev", 1}}}},
                             json{{"type", "returns.order"}, {"payload", {{"draft", 1}, {"rev", 0}, {"order", "1002"}}}}}) {
    const auto response = post_chatkit(port(), request("threads.custom_action", {{"thread_id", thread},
                                                                                 {"item_id", card["id"]},
                                                                                 {"action", action}}),
                                       alice_);
    EXPECT_EQ(response.status, 400) << action << ": " << response.body;
    EXPECT_EQ(error_of(response).value("code", ""), "action_refused") << response.body;
  }
  EXPECT_EQ(row_counts(harness_.db_path()), before);
  EXPECT_EQ(count_rows(harness_.db_path(), "returns_drafts"), drafts_before);
  EXPECT_EQ(newest(thread, "returns-card", alice_), card);
  // Bob cannot click alice's card at all.
  const auto bobs = post_chatkit(port(), request("threads.custom_action", {{"thread_id", thread},
                                                                          {"item_id", card["id"]},
                                                                          {"action", offered(card, "returns.order", "order", "1002")}}),
                                 bob_);
  EXPECT_EQ(bobs.status, 404) << bobs.body;
}

TEST_F(ReturnsTest, TheRulesRefuseByTextWithAReasonTheModelSays) {
  const std::string thread = create_thread(port(), "look up jane@example.com", nullptr, alice_);
  const auto final_sale = say(thread, "return the sunglasses from order 1002", alice_);
  EXPECT_NE(final_sale.raw.find("Clearance Sunglasses cannot be returned: final sale, not returnable"),
            std::string::npos)
      << final_sale.raw;
  EXPECT_EQ(final_sale.index_of("error"), -1);
  const auto too_late = say(thread, "return the mug from order 1001", alice_);
  EXPECT_NE(too_late.raw.find("(30-day window)"), std::string::npos) << too_late.raw;
  const auto others = say(thread, "return the keyboard from order 1004", alice_);
  EXPECT_NE(others.raw.find("order 1004 belongs to another customer"), std::string::npos) << others.raw;
  const auto early = say(thread, "confirm", alice_);
  EXPECT_NE(early.raw.find("the return is not complete yet: it is at the order step"), std::string::npos) << early.raw;
}

}  // namespace
}  // namespace chatkit::testing
