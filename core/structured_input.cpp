#include "core/structured_input.hpp"

#include "core/variant_util.hpp"

namespace chatkit {

namespace {

StructuredAnswer answer_for(const std::string& question_id, bool single_choice,
                            const StructuredInputSubmission& submission) {
  const StructuredAnswer skipped{.values = {}, .skipped = true};
  if (submission.status == SubmissionStatus::skipped) return skipped;
  const auto found = submission.answers.find(question_id);
  if (found == submission.answers.end() || found->second.skipped || found->second.values.empty()) return skipped;
  StructuredAnswer answer{.values = found->second.values, .skipped = false};
  if (single_choice) answer.values.resize(1);
  return answer;
}

}  // namespace

StructuredInputItem answer_structured_input(StructuredInputItem item, const StructuredInputSubmission& submission) {
  for (auto& input : item.inputs) {
    std::visit(Overloaded{
                   [&](MultipleChoiceInput& q) { q.answer = answer_for(q.id, !q.multiple, submission); },
                   [&](FreeformInput& q) { q.answer = answer_for(q.id, false, submission); },
               },
               input);
  }
  item.status = submission.status == SubmissionStatus::skipped ? StructuredInputStatus::skipped
                                                               : StructuredInputStatus::answered;
  return item;
}

}  // namespace chatkit
