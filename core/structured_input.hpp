#pragma once
// Answering a structured_input item (docs/PROTOCOL.md §2.4): the submission's answers are copied onto
// the item's questions. Pure; the server uses it for threads.add_structured_input.
#include "core/protocol/items.hpp"
#include "core/protocol/requests.hpp"

namespace chatkit {

// A skipped submission, a missing or skipped answer, or an empty one marks the question skipped;
// a single-choice question keeps only the first value. Answers to unknown question ids are
// ignored. The item's status becomes the submission's.
StructuredInputItem answer_structured_input(StructuredInputItem item, const StructuredInputSubmission& submission);

}  // namespace chatkit
