#pragma once
// The steps of making a return, each one answer moving the thread's draft forward: what a tool
// call and a click on a card both run, so the two reach the same state by the same checks. Each
// step loads the thread's current draft, checks the answer against the rules (returns_rules.hpp)
// and the user's data, and saves it with a compare-and-set. A click names the revision its card
// showed, and a draft that moved on since is reported as stale instead of changed; chat acts on
// the draft as it is now (revision 0).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "use_cases/returns/returns_cards.hpp"
#include "use_cases/returns/returns_store.hpp"

namespace chatkit::use_cases::returns {

// What one step did: the draft as saved, or why nothing changed.
struct StepOutcome {
  enum class Kind { changed, refused, stale };
  Kind kind = Kind::changed;
  Draft draft;          // as saved (changed), or as it is now
  std::string problem;  // refused or stale: what the user or the model is told
  bool ok() const { return kind == Kind::changed; }
};

// Who asks, in which thread, from which revision (0: from chat, whatever the draft is at now).
struct StepCall {
  const std::string& user;
  const std::string& thread_id;
  std::int64_t rev = 0;
};

class ReturnsFlow {
 public:
  explicit ReturnsFlow(ReturnsStore& store) : store_(store) {}

  // By e-mail, phone or order number; starts a new draft when the thread's last one is finished.
  StepOutcome lookup(const StepCall& call, const std::string& query);
  StepOutcome choose_order(const StepCall& call, const std::string& order_number);
  // Adds the line to the chosen ones, or takes it out again.
  StepOutcome toggle_item(const StepCall& call, std::int64_t line_id);
  // The lines to return, all at once (chat): sets the customer and order they belong to as well.
  StepOutcome select_items(const StepCall& call, const std::string& order_number, const std::vector<std::int64_t>& lines);
  StepOutcome confirm_items(const StepCall& call);
  StepOutcome choose_reason(const StepCall& call, const std::string& reason);
  StepOutcome choose_resolution(const StepCall& call, const std::string& resolution);
  StepOutcome answer_incentive(const StepCall& call, bool accept);
  StepOutcome choose_shipping(const StepCall& call, const std::string& shipping);
  // Creates the return from a complete draft.
  StepOutcome create(const StepCall& call, std::optional<ReturnRecord>* created);
  StepOutcome cancel(const StepCall& call);

  // The quote for the draft's chosen lines.
  RefundQuote quote(const std::string& user, const Draft& draft);
  // What the draft's card shows, read now.
  CardFacts facts(const std::string& user, const Draft& draft);

 private:
  using Change = std::function<std::string(Draft& draft)>;  // "" when the answer is good
  StepOutcome change(const StepCall& call, const Change& apply);
  std::string check_line(const std::string& user, const Order& order, std::int64_t line_id);

  ReturnsStore& store_;
};

// The stale note for a click on a card of `draft` that showed revision `rev`, or nullopt when the
// card was current (the refusal is then about something else).
std::optional<std::string> stale_note(const Draft& draft, std::int64_t rev);

}  // namespace chatkit::use_cases::returns
