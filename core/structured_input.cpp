#include "core/structured_input.hpp"

#include "core/variant_util.hpp"

namespace chatkit {

namespace {

// How many of the submitted values an answer keeps.
enum class Values { all, first_only };

StructuredAnswer answer_for(const std::string& question_id, Values kept, const StructuredInputSubmission& submission) {
  const StructuredAnswer skipped{.values = {}, .skipped = true};
  if (submission.status == SubmissionStatus::skipped) return skipped;
  const auto found = submission.answers.find(question_id);
  if (found == submission.answers.end() || found->second.skipped || found->second.values.empty()) return skipped;
  StructuredAnswer answer{.values = found->second.values, .skipped = false};
  if (kept == Values::first_only) answer.values.resize(1);
  return answer;
}

}  // namespace

StructuredInputItem answer_structured_input(StructuredInputItem item, const StructuredInputSubmission& submission) {
  for (auto& input : item.inputs) {
    std::visit(Overloaded{
                   [&](MultipleChoiceInput& q) { q.answer = answer_for(q.id, q.multiple ? Values::all : Values::first_only, submission); },
                   [&](FreeformInput& q) { q.answer = answer_for(q.id, Values::all, submission); },
               },
               input);
  }
  item.status = submission.status == SubmissionStatus::skipped ? StructuredInputStatus::skipped
                                                               : StructuredInputStatus::answered;
  return item;
}

}  // namespace chatkit
