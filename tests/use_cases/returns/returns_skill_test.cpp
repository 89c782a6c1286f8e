// The offline model's Returns phrasings: each reaches the right tool with arguments its schema
// accepts, and the replies are written from the tools' outputs.
#include "use_cases/returns/returns_skill.hpp"

#include <gtest/gtest.h>

#include "core/json_schema.hpp"
#include "use_cases/returns/returns_fixture.hpp"
#include "use_cases/returns/returns_tools.hpp"

namespace chatkit::use_cases {
namespace {

using nlohmann::json;

struct Expected {
  std::string message;
  std::string tool;
  json arguments;
};

class ReturnsSkillTest : public ::testing::Test {
 protected:
  const server::Tool* tool(const std::string& name) const {
    for (const auto& t : tools_) {
      if (t.name == name) return &t;
    }
    return nullptr;
  }
  std::unique_ptr<ReturnsStore> store_ = testing::open_test_store();
  server::Tools tools_ = returns_tools(*store_);
  ReturnsSkill skill_;
};

TEST_F(ReturnsSkillTest, EveryStepHasPhrasingsThatReachItsTool) {
  const std::vector<Expected> cases = {
      {"look up jane@example.com", "lookup_customer", {{"query", "jane@example.com"}}},
      {"Find order #1002", "lookup_customer", {{"query", "order #1002"}}},
      {"my email is omar@example.com", "lookup_customer", {{"query", "omar@example.com"}}},
      {"I want to start a return", "start_return", json::object()},
      {"show my orders", "list_orders", json::object()},
      {"order 1002", "list_returnable_items", {{"order_number", "1002"}}},
      {"what can I return from order 1007?", "list_returnable_items", {{"order_number", "1007"}}},
      {"return the headphones from order 1002", "select_return_items",
       {{"order_number", "1002"}, {"item_text", "the headphones"}}},
      {"I'd like to return the lamp and the headphones from #1002", "select_return_items",
       {{"order_number", "1002"}, {"item_text", "the lamp and the headphones"}}},
      {"can I return the sunglasses from order 1002?", "check_eligibility", {{"order_number", "1002"}}},
      {"It arrived damaged.", "set_return_reason", {{"reason", "damaged"}}},
      {"it stopped working", "set_return_reason", {{"reason", "defective"}}},
      {"you sent the wrong item", "set_return_reason", {{"reason", "wrong_item"}}},
      {"it doesn't fit", "set_return_reason", {{"reason", "doesnt_fit"}}},
      {"I changed my mind", "set_return_reason", {{"reason", "changed_mind"}}},
      {"refund", "set_resolution", {{"resolution", "refund"}}},
      {"I'd like an exchange", "set_resolution", {{"resolution", "exchange"}}},
      {"store credit please", "set_resolution", {{"resolution", "store_credit"}}},
      {"yes, keep it with the discount", "answer_retention_incentive", {{"accept", true}}},
      {"I'll take the credit", "answer_retention_incentive", {{"accept", true}}},
      {"no thanks", "answer_retention_incentive", {{"accept", false}}},
      {"drop off at a store", "set_shipping_option", {{"shipping", "dropoff"}}},
      {"please pick it up", "set_shipping_option", {{"shipping", "pickup"}}},
      {"mail it", "set_shipping_option", {{"shipping", "mail"}}},
      {"how much will I get back?", "compute_refund", json::object()},
      {"confirm", "create_return", json::object()},
      {"Cancel the return", "cancel_return", json::object()},
      {"show my returns", "show_return_history", json::object()},
      {"what are the reasons?", "list_return_reasons", json::object()},
      {"what are my options?", "list_resolution_options", json::object()},
      {"shipping options", "list_shipping_options", json::object()},
  };
  for (const auto& c : cases) {
    const auto calls = skill_.plan(c.message);
    ASSERT_FALSE(calls.empty()) << c.message;
    EXPECT_EQ(calls.front().name, c.tool) << c.message;
    EXPECT_EQ(calls.front().arguments, c.arguments) << c.message;
    for (const auto& call : calls) {
      const server::Tool* target = tool(call.name);
      ASSERT_NE(target, nullptr) << call.name;
      EXPECT_FALSE(check_schema(call.arguments, *target->parameters).has_value()) << c.message << ": " << call.arguments;
    }
  }
  EXPECT_EQ(skill_.plan("refund").size(), 2u) << "a refund is followed by the offer";
  EXPECT_EQ(skill_.plan("refund")[1].name, "offer_retention_incentive");
  EXPECT_TRUE(skill_.plan("what's the weather like?").empty());
  EXPECT_TRUE(skill_.plan("order pizza").empty()) << "not an order number";
}

TEST_F(ReturnsSkillTest, ItsToolsAreTheUseCasesTools) {
  for (const auto& name : skill_.tool_names()) EXPECT_NE(tool(name), nullptr) << name;
  EXPECT_EQ(skill_.tool_names().size(), tools_.size()) << "every tool has a phrasing";
}

TEST_F(ReturnsSkillTest, RepliesAreWrittenFromTheOutputs) {
  const json created = {{"draft", {{"step", "created"}}},
                        {"created", {{"rma", "R-1001"}, {"next", "Bring the items to any of our stores within 14 days."}}}};
  EXPECT_EQ(skill_.reply({{.name = "create_return", .arguments = json::object(), .output = created}}),
            "Return R-1001 is created. Bring the items to any of our stores within 14 days.");
  EXPECT_EQ(skill_.reply({{.name = "set_return_reason", .arguments = json::object(),
                           .output = {{"draft", {{"step", "resolution"}}}}}}),
            "Noted. Would you like a refund, an exchange or store credit?");
  EXPECT_EQ(skill_.reply({{.name = "select_return_items", .arguments = json::object(),
                           .output = {{"error", "Clearance Sunglasses cannot be returned: final sale, not returnable"}}}}),
            "I couldn't do that: Clearance Sunglasses cannot be returned: final sale, not returnable.");
}

TEST(ReturnsLinesNamed, WordsOfTheNamesPickTheLines) {
  returns::Order order{.number = "1002"};
  for (const auto& [id, name] : std::vector<std::pair<int, std::string>>{{3, "Wireless Headphones"}, {5, "Desk Lamp"}}) {
    order.lines.push_back({.id = id, .order_number = "1002", .product = {.name = name}});
  }
  EXPECT_EQ(returns::lines_named(order, "the headphones"), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(returns::lines_named(order, "the lamp and the headphones"), (std::vector<std::int64_t>{5, 3}));
  EXPECT_EQ(returns::lines_named(order, "Desk Lamps"), (std::vector<std::int64_t>{5}));
  EXPECT_THROW(returns::lines_named(order, "the toaster"), server::ToolError);
}

}  // namespace
}  // namespace chatkit::use_cases
