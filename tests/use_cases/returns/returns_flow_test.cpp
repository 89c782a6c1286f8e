// The steps of a return, as tools and clicks both run them: the whole flow, the answers refused,
// and the revision a click names.
#include "use_cases/returns/returns_flow.hpp"

#include <gtest/gtest.h>

#include "use_cases/returns/returns_fixture.hpp"

namespace chatkit::use_cases::returns {
namespace {

using Kind = StepOutcome::Kind;

class ReturnsFlowTest : public ::testing::Test {
 protected:
  StepCall chat() const { return {.user = user_, .thread_id = thread_, .rev = 0}; }
  StepCall click(std::int64_t rev) const { return {.user = user_, .thread_id = thread_, .rev = rev}; }
  // Drives the draft to the given step the way chat does, asserting each step.
  Draft to_summary() {
    EXPECT_TRUE(flow_.lookup(chat(), "jane@example.com").ok());
    EXPECT_TRUE(flow_.select_items(chat(), "1002", {3}).ok());
    EXPECT_TRUE(flow_.choose_reason(chat(), "changed_mind").ok());
    EXPECT_TRUE(flow_.choose_resolution(chat(), "refund").ok());
    EXPECT_TRUE(flow_.answer_incentive(chat(), false).ok());
    const StepOutcome shipped = flow_.choose_shipping(chat(), "dropoff");
    EXPECT_TRUE(shipped.ok()) << shipped.problem;
    return shipped.draft;
  }

  std::string user_ = "alice";
  std::string thread_ = "thr_1";
  std::unique_ptr<ReturnsStore> store_ = testing::open_test_store();
  ReturnsFlow flow_{*store_};
};

TEST_F(ReturnsFlowTest, EveryStepMovesTheDraftToTheNextQuestion) {
  StepOutcome step = flow_.lookup(chat(), "jane@example.com");
  ASSERT_TRUE(step.ok()) << step.problem;
  EXPECT_EQ(next_step(step.draft), Step::order);
  step = flow_.choose_order(click(step.draft.rev), "1002");
  ASSERT_TRUE(step.ok()) << step.problem;
  EXPECT_EQ(next_step(step.draft), Step::items);
  step = flow_.toggle_item(click(step.draft.rev), 3);
  step = flow_.toggle_item(click(step.draft.rev), 5);
  step = flow_.toggle_item(click(step.draft.rev), 5);  // and out again
  ASSERT_TRUE(step.ok()) << step.problem;
  EXPECT_EQ(step.draft.line_ids, (std::vector<std::int64_t>{3}));
  step = flow_.confirm_items(click(step.draft.rev));
  EXPECT_EQ(next_step(step.draft), Step::reason);
  step = flow_.choose_reason(click(step.draft.rev), "damaged");
  step = flow_.choose_resolution(click(step.draft.rev), "refund");
  EXPECT_EQ(next_step(step.draft), Step::incentive);
  step = flow_.answer_incentive(click(step.draft.rev), true);
  EXPECT_EQ(step.draft.resolution, "store_credit") << "the offer taken";
  EXPECT_EQ(next_step(step.draft), Step::shipping);
  step = flow_.choose_shipping(click(step.draft.rev), "pickup");
  EXPECT_EQ(next_step(step.draft), Step::summary);
  EXPECT_EQ(flow_.quote(user_, step.draft).total_cents, 12900 + 1290) << "damaged: free pickup, plus the bonus";
  std::optional<ReturnRecord> created;
  step = flow_.create(click(step.draft.rev), &created);
  ASSERT_TRUE(step.ok()) << step.problem;
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(created->rma, "R-1001");
  EXPECT_EQ(created->amount_cents, 14190);
  EXPECT_EQ(next_step(step.draft), Step::created);
  const CardFacts facts = flow_.facts(user_, step.draft);
  ASSERT_TRUE(facts.created.has_value());
  EXPECT_EQ(facts.created->item_names, "Wireless Headphones");
}

TEST_F(ReturnsFlowTest, AnswersTheRulesForbidAreRefusedAndChangeNothing) {
  EXPECT_EQ(flow_.lookup(chat(), "nobody@example.com").kind, Kind::refused);
  ASSERT_TRUE(flow_.lookup(chat(), "jane@example.com").ok());
  const StepOutcome other = flow_.choose_order(chat(), "1004");
  EXPECT_EQ(other.kind, Kind::refused);
  EXPECT_EQ(other.problem, "order 1004 belongs to another customer");
  const StepOutcome final_sale = flow_.select_items(chat(), "1002", {4});
  EXPECT_EQ(final_sale.problem, "Clearance Sunglasses cannot be returned: final sale, not returnable");
  EXPECT_EQ(flow_.select_items(chat(), "1002", {7}).problem, "order 1002 has no line 7");
  EXPECT_EQ(flow_.choose_reason(chat(), "damaged").problem, "choose the items to return first");
  ASSERT_TRUE(flow_.select_items(chat(), "1002", {3}).ok());
  EXPECT_EQ(flow_.choose_reason(chat(), "bored").problem,
            "there is no reason 'bored' (choose one of: damaged, defective, wrong_item, not_as_described, doesnt_fit, "
            "changed_mind)");
  EXPECT_EQ(flow_.answer_incentive(chat(), true).problem, "there is no offer to answer at this step");
  std::optional<ReturnRecord> created;
  EXPECT_EQ(flow_.create(chat(), &created).problem, "the return is not complete yet: it is at the reason step");
  EXPECT_FALSE(created.has_value());
  EXPECT_TRUE(store_->returns_of(user_)->empty());
}

TEST_F(ReturnsFlowTest, AClickFromAnOlderRevisionIsStale) {
  const StepOutcome looked = flow_.lookup(chat(), "jane@example.com");
  const std::int64_t shown = looked.draft.rev;
  ASSERT_TRUE(flow_.choose_order(chat(), "1002").ok());  // the chat moved on
  const StepOutcome late = flow_.choose_order(click(shown), "1001");
  EXPECT_EQ(late.kind, Kind::stale);
  EXPECT_NE(late.problem.find("moved on"), std::string::npos) << late.problem;
  EXPECT_EQ(store_->current_draft(user_, thread_)->order_number, "1002") << "nothing changed";
  EXPECT_EQ(stale_note(late.draft, shown).has_value(), true);
  EXPECT_FALSE(stale_note(late.draft, late.draft.rev).has_value()) << "a current card is not stale";
}

TEST_F(ReturnsFlowTest, AFinishedReturnIsNotChangedAndALookupStartsANewOne) {
  const Draft summary = to_summary();
  std::optional<ReturnRecord> created;
  ASSERT_TRUE(flow_.create(chat(), &created).ok());
  EXPECT_EQ(flow_.create(chat(), &created).kind, Kind::refused) << "created once";
  EXPECT_EQ(flow_.cancel(chat()).problem, "return R-1001 was already created; look up a customer to start another one");
  EXPECT_EQ(flow_.create(click(summary.rev), &created).kind, Kind::stale) << "a second tab's Confirm";
  const auto note = stale_note(*store_->draft_by_id(user_, summary.id).value(), summary.rev);
  ASSERT_TRUE(note.has_value());
  EXPECT_NE(note->find("R-1001 was already created"), std::string::npos) << *note;
  const StepOutcome again = flow_.lookup(chat(), "jane@example.com");
  ASSERT_TRUE(again.ok()) << again.problem;
  EXPECT_NE(again.draft.id, summary.id);
  EXPECT_EQ(flow_.select_items(chat(), "1002", {3}).problem,
            "Wireless Headphones cannot be returned: already being returned");
}

TEST_F(ReturnsFlowTest, ChangingTheOrderForgetsTheAnswersAfterIt) {
  to_summary();
  const StepOutcome changed = flow_.choose_order(chat(), "1001");
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(changed.draft.line_ids.empty());
  EXPECT_TRUE(changed.draft.reason.empty());
  EXPECT_TRUE(changed.draft.shipping.empty());
  EXPECT_EQ(next_step(changed.draft), Step::items);
}

}  // namespace
}  // namespace chatkit::use_cases::returns
