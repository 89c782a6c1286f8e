// The shop's rules on the sample data: eligibility by policy and date, the quote, the steps.
#include "use_cases/returns/returns_rules.hpp"

#include <gtest/gtest.h>

#include "use_cases/returns/returns_fixture.hpp"

namespace chatkit::use_cases::returns {
namespace {

using testing::kToday;

const OrderLine& line_of(const Order& order, std::int64_t id) {
  for (const auto& line : order.lines) {
    if (line.id == id) return line;
  }
  throw std::runtime_error("no line " + std::to_string(id));
}

class ReturnsRulesTest : public ::testing::Test {
 protected:
  Order order(const std::string& number) { return store_->order("alice", number)->value(); }
  std::unique_ptr<ReturnsStore> store_ = testing::open_test_store();
};

TEST_F(ReturnsRulesTest, EachPolicyDecidesWhetherALineCanComeBack) {
  const Order o1001 = order("1001"), o1002 = order("1002"), o1003 = order("1003"), o1005 = order("1005");
  EXPECT_FALSE(eligibility(o1001, line_of(o1001, 1), kToday, false).eligible) << "mugs: 40 days > 30";
  EXPECT_EQ(eligibility(o1001, line_of(o1001, 1), kToday, false).why, "delivered 40 days ago (30-day window)");
  EXPECT_TRUE(eligibility(o1001, line_of(o1001, 2), kToday, false).eligible) << "apparel: 45 days";
  const Eligibility headphones = eligibility(o1002, line_of(o1002, 3), kToday, false);
  EXPECT_TRUE(headphones.eligible);
  EXPECT_EQ(headphones.last_day, kToday - 5 + 14);
  EXPECT_EQ(headphones.why, "returnable until " + iso_date(kToday + 9));
  EXPECT_EQ(eligibility(o1002, line_of(o1002, 4), kToday, false).why, "final sale, not returnable");
  EXPECT_EQ(eligibility(o1003, line_of(o1003, 6), kToday, false).why, "not delivered yet");
  EXPECT_FALSE(eligibility(o1005, line_of(o1005, 9), kToday, false).eligible) << "speaker: 20 days > 14";
  EXPECT_EQ(eligibility(o1002, line_of(o1002, 3), kToday, true).why, "already being returned");
  EXPECT_TRUE(eligibility(o1002, line_of(o1002, 3), kToday + 9, false).eligible) << "the last day counts";
  EXPECT_FALSE(eligibility(o1002, line_of(o1002, 3), kToday + 10, false).eligible);
}

TEST_F(ReturnsRulesTest, TheQuoteChargesFeesOnlyWhenTheShopIsNotAtFault) {
  const Order o1002 = order("1002");
  Draft draft{.line_ids = {3, 5}, .items_confirmed = true, .reason = "changed_mind", .resolution = "refund",
              .incentive = "declined", .shipping = "mail"};
  RefundQuote q = quote_refund(draft, o1002.lines);
  EXPECT_EQ(q.items_cents, 12900 + 4500);
  EXPECT_EQ(q.restocking_cents, 1935) << "15% of the headphones only";
  EXPECT_EQ(q.shipping_cents, 499);
  EXPECT_EQ(q.total_cents, 17400 - 1935 - 499);
  EXPECT_EQ(q.paid_as, "refund to the original payment");

  draft.reason = "damaged";
  q = quote_refund(draft, o1002.lines);
  EXPECT_EQ(q.restocking_cents, 0);
  EXPECT_EQ(q.shipping_cents, 0);
  EXPECT_EQ(q.total_cents, 17400);

  draft.reason = "changed_mind";
  draft.resolution = "store_credit";
  draft.incentive = "accepted";
  q = quote_refund(draft, o1002.lines);
  EXPECT_EQ(q.restocking_cents, 0) << "store credit has no restocking fee";
  EXPECT_EQ(q.bonus_cents, 1740);
  EXPECT_EQ(q.total_cents, 17400 - 499 + 1740);
  EXPECT_EQ(q.paid_as, "store credit");

  draft.resolution = "exchange";
  EXPECT_EQ(quote_refund(draft, o1002.lines).total_cents, 0);
  EXPECT_EQ(quote_refund(draft, o1002.lines).paid_as, "replacement");
}

TEST(ReturnsSteps, TheFirstUnansweredQuestionIsTheStep) {
  Draft draft;
  EXPECT_EQ(next_step(draft), Step::customer);
  draft.customer_id = 1;
  EXPECT_EQ(next_step(draft), Step::order);
  draft.order_number = "1002";
  draft.line_ids = {3};
  EXPECT_EQ(next_step(draft), Step::items) << "until the items are confirmed";
  draft.items_confirmed = true;
  EXPECT_EQ(next_step(draft), Step::reason);
  draft.reason = "damaged";
  EXPECT_EQ(next_step(draft), Step::resolution);
  draft.resolution = "refund";
  EXPECT_EQ(next_step(draft), Step::incentive) << "a refund is met with the offer";
  draft.incentive = "declined";
  EXPECT_EQ(next_step(draft), Step::shipping);
  draft.shipping = "dropoff";
  EXPECT_EQ(next_step(draft), Step::summary);
  draft.resolution = "exchange";
  draft.incentive.clear();
  EXPECT_EQ(next_step(draft), Step::summary) << "no offer for an exchange";
  draft.status = DraftStatus::created;
  EXPECT_EQ(next_step(draft), Step::created);
}

TEST(ReturnsMoney, MoneyAndDatesReadAsPeopleWriteThem) {
  EXPECT_EQ(money(12900), "$129.00");
  EXPECT_EQ(money(5), "$0.05");
  EXPECT_EQ(money(-1935), "-$19.35");
  EXPECT_EQ(iso_date(kToday), "2024-10-04");
  EXPECT_EQ(iso_date(0), "1970-01-01");
}

}  // namespace
}  // namespace chatkit::use_cases::returns
