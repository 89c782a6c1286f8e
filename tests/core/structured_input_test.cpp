#include "core/structured_input.hpp"

#include <gtest/gtest.h>

namespace chatkit {
namespace {

StructuredInputItem two_questions(bool multiple) {
  StructuredInputItem item;
  item.id = "si_1";
  item.thread_id = "thr_1";
  MultipleChoiceInput priority;
  priority.id = "p";
  priority.question = "Priority?";
  priority.options = {{"Low"}, {"High"}};
  priority.multiple = multiple;
  FreeformInput notes;
  notes.id = "n";
  notes.question = "Notes?";
  item.inputs = {priority, notes};
  return item;
}

const StructuredAnswer& answer_of(const StructuredInputItem& item, std::size_t index) {
  return *std::visit([](const auto& q) -> const std::optional<StructuredAnswer>& { return q.answer; }, item.inputs[index]);
}

TEST(StructuredInput, CopiesAnswersAndMarksTheItemAnswered) {
  StructuredInputSubmission submission;
  submission.answers["p"] = {.values = {"High"}, .skipped = false};
  submission.answers["n"] = {.values = {"a very long note that is never truncated"}, .skipped = false};
  const auto answered = answer_structured_input(two_questions(false), submission);
  EXPECT_EQ(answered.status, StructuredInputStatus::answered);
  EXPECT_EQ(answer_of(answered, 0).values, std::vector<std::string>{"High"});
  EXPECT_FALSE(answer_of(answered, 0).skipped);
  EXPECT_EQ(answer_of(answered, 1).values, std::vector<std::string>{"a very long note that is never truncated"});
}

TEST(StructuredInput, SingleChoiceKeepsOnlyTheFirstValueAndMultipleKeepsAll) {
  StructuredInputSubmission submission;
  submission.answers["p"] = {.values = {"Low", "High"}, .skipped = false};
  EXPECT_EQ(answer_of(answer_structured_input(two_questions(false), submission), 0).values,
            std::vector<std::string>{"Low"});
  EXPECT_EQ(answer_of(answer_structured_input(two_questions(true), submission), 0).values,
            (std::vector<std::string>{"Low", "High"}));
}

TEST(StructuredInput, MissingEmptyOrSkippedAnswersAreSkippedAndUnknownIdsIgnored) {
  StructuredInputSubmission submission;
  submission.answers["p"] = {.values = {}, .skipped = false};
  submission.answers["zzz"] = {.values = {"x"}, .skipped = false};
  const auto answered = answer_structured_input(two_questions(false), submission);
  EXPECT_TRUE(answer_of(answered, 0).skipped);
  EXPECT_TRUE(answer_of(answered, 0).values.empty());
  EXPECT_TRUE(answer_of(answered, 1).skipped);  // no answer at all
  EXPECT_EQ(answered.inputs.size(), 2u);

  submission.answers["p"] = {.values = {"Low"}, .skipped = true};
  EXPECT_TRUE(answer_of(answer_structured_input(two_questions(false), submission), 0).skipped);
}

TEST(StructuredInput, ASkippedSubmissionSkipsEveryQuestion) {
  StructuredInputSubmission submission;
  submission.status = SubmissionStatus::skipped;
  submission.answers["p"] = {.values = {"High"}, .skipped = false};
  const auto skipped = answer_structured_input(two_questions(false), submission);
  EXPECT_EQ(skipped.status, StructuredInputStatus::skipped);
  EXPECT_TRUE(answer_of(skipped, 0).skipped);
  EXPECT_TRUE(answer_of(skipped, 1).skipped);
}

}  // namespace
}  // namespace chatkit
