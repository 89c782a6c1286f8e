// The Returns cards, rendered from the embedded ChatKit Studio templates at every step of a real
// flow: each strictly valid for @openai/chatkit's catalogue, each naming the draft and revision it
// shows, and every action type a template writes is one the use case's action table runs (and
// every entry of the table is offered by some card).
#include "use_cases/returns/returns_cards.hpp"

#include <set>

#include <gtest/gtest.h>

#include "core/widget/validate.hpp"
#include "use_cases/returns/returns_fixture.hpp"
#include "use_cases/returns/returns_flow.hpp"
#include "use_cases/returns/returns_use_case.hpp"

namespace chatkit::use_cases::returns {
namespace {

using nlohmann::json;

// Every ActionConfig in a widget: control and button actions, and a Card's confirm and cancel.
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
    if (node.contains(key) && node[key].is_object() && node[key].contains("action")) out.push_back(node[key]["action"]);
  }
  if (node.contains("children")) collect_actions(node["children"], out);
}

class ReturnsCardsTest : public ::testing::Test {
 protected:
  ReturnsCardsTest() {
    auto loaded = ReturnsCards::load();
    if (!loaded) throw std::runtime_error(describe(loaded.error()));
    cards_.emplace(std::move(*loaded));
  }

  StepCall chat() const { return {.user = user_, .thread_id = thread_, .rev = 0}; }

  // The card of the draft as it is now, checked strictly; its actions collected.
  json card_now(const std::string& expected_template) {
    const Draft draft = *store_->current_draft(user_, "thr_1");
    const CardFacts facts = flow_.facts(user_, draft);
    EXPECT_EQ(step_card_data(facts).template_name, expected_template);
    auto card = cards_->step_card(facts);
    EXPECT_TRUE(card.ok()) << expected_template << ": " << describe(card.error());
    if (!card) return json();
    const Status strict = widget::check(*card, widget::Strictness::strict);
    EXPECT_TRUE(strict.ok()) << expected_template << ": " << describe(strict.error());
    std::vector<json> actions;
    collect_actions(*card, actions);
    for (const auto& action : actions) {
      seen_types_.insert(action.value("type", ""));
      EXPECT_EQ(action["payload"].value("draft", -1), draft.id) << action;
      EXPECT_EQ(action["payload"].value("rev", -1), draft.rev) << action;
    }
    return *card;
  }

  std::string user_ = "alice";
  std::string thread_ = "thr_1";
  std::unique_ptr<ReturnsStore> store_ = testing::open_test_store();
  ReturnsFlow flow_{*store_};
  std::optional<ReturnsCards> cards_;
  std::set<std::string> seen_types_;
};

TEST_F(ReturnsCardsTest, EveryStepsCardIsStrictlyValidAndOffersOnlyTheTablesActions) {
  card_now("lookup");
  ASSERT_TRUE(flow_.lookup(chat(), "jane@example.com").ok());
  const json orders = card_now("orders");
  EXPECT_NE(orders.dump().find("Orders of Jane Cooper"), std::string::npos);
  ASSERT_TRUE(flow_.choose_order(chat(), "1002").ok());
  const json items = card_now("items");
  EXPECT_NE(items.dump().find("final sale, not returnable"), std::string::npos);
  EXPECT_NE(items.dump().find("Not returnable"), std::string::npos) << "the sunglasses get a badge, not a button";
  ASSERT_TRUE(flow_.toggle_item(chat(), 3).ok());
  EXPECT_NE(card_now("items").dump().find("Selected ✓"), std::string::npos);
  ASSERT_TRUE(flow_.confirm_items(chat()).ok());
  card_now("reason");
  ASSERT_TRUE(flow_.choose_reason(chat(), "changed_mind").ok());
  card_now("resolution");
  ASSERT_TRUE(flow_.choose_resolution(chat(), "refund").ok());
  EXPECT_NE(card_now("incentive").dump().find("$141.90 in store credit"), std::string::npos);
  ASSERT_TRUE(flow_.answer_incentive(chat(), false).ok());
  card_now("shipping");
  ASSERT_TRUE(flow_.choose_shipping(chat(), "mail").ok());
  const json summary = card_now("summary");
  EXPECT_NE(summary.dump().find("Restocking fee"), std::string::npos);
  EXPECT_NE(summary.dump().find(money(12900 - 1935 - 499)), std::string::npos);
  std::optional<ReturnRecord> created;
  ASSERT_TRUE(flow_.create(chat(), &created).ok());
  EXPECT_NE(card_now("confirmation").dump().find("Return R-1001 created"), std::string::npos);
  ASSERT_TRUE(flow_.lookup(chat(), "mei@example.com").ok());
  ASSERT_TRUE(flow_.cancel(chat()).ok());
  card_now("cancelled");

  auto use_case = ReturnsUseCase(testing::open_test_store(), *cards_);
  std::set<std::string> table;
  for (const auto type : use_case.actions().types()) table.insert(std::string(type));
  EXPECT_EQ(seen_types_, table) << "the cards offer exactly the table's actions";
}

TEST_F(ReturnsCardsTest, TheHistoryAndTheEarlierStepNoteAreValidAndOfferNothing) {
  auto empty = cards_->history_card({});
  ASSERT_TRUE(empty.ok()) << describe(empty.error());
  EXPECT_NE(empty->dump().find("No returns yet."), std::string::npos);
  ReturnRecord record{.rma = "R-1001", .order_number = "1002", .line_ids = {3}, .item_names = "Wireless Headphones",
                      .reason = "damaged", .resolution = "refund", .shipping = "dropoff", .incentive_accepted = false,
                      .amount_cents = 12900, .created_day = testing::kToday};
  auto history = cards_->history_card({record});
  ASSERT_TRUE(history.ok()) << describe(history.error());
  EXPECT_NE(history->dump().find("$129.00 refund"), std::string::npos);
  EXPECT_NE(history->dump().find("1 return\""), std::string::npos);
  auto earlier = cards_->earlier_card();
  ASSERT_TRUE(earlier.ok());
  for (const json* card : {&*empty, &*history, &*earlier}) {
    EXPECT_TRUE(widget::check(*card, widget::Strictness::strict).ok()) << card->dump();
    std::vector<json> actions;
    collect_actions(*card, actions);
    EXPECT_TRUE(actions.empty()) << card->dump();
    EXPECT_FALSE(is_flow_card(*card)) << "never collapsed, never clicked";
  }
}

// Every widgets/*.widget file is embedded in the library, under its file name.
TEST_F(ReturnsCardsTest, EveryTemplateIsEmbedded) {
  for (const char* name : {"lookup", "orders", "items", "reason", "resolution", "incentive", "shipping", "summary",
                           "confirmation", "cancelled", "earlier", "history"}) {
    EXPECT_TRUE(cards_->templates().has(name)) << name;
  }
  EXPECT_EQ(cards_->templates().size(), 12u);
}

}  // namespace
}  // namespace chatkit::use_cases::returns
