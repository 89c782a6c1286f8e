#include "use_cases/returns/returns_flow.hpp"

#include <algorithm>

#include "server/kit/failures.hpp"
#include "use_cases/returns/returns_rules.hpp"

namespace chatkit::use_cases::returns {

namespace {

using server::kit::must;
using Kind = StepOutcome::Kind;

StepOutcome refused(Draft draft, std::string problem) {
  return {.kind = Kind::refused, .draft = std::move(draft), .problem = std::move(problem)};
}

std::string finished_problem(const Draft& draft) {
  if (draft.status == DraftStatus::created) {
    return "return " + draft.rma + " was already created; look up a customer to start another one";
  }
  return "that return was cancelled; look up a customer to start another one";
}

// Everything after the order forgets its answers when the order changes.
void forget_from_items(Draft& draft) {
  draft.line_ids.clear();
  draft.items_confirmed = false;
  draft.reason.clear();
  draft.resolution.clear();
  draft.incentive.clear();
  draft.shipping.clear();
}

std::string option_problem(const std::vector<Option>& options, const std::string& id, std::string_view what) {
  if (find_option(options, id)) return "";
  std::string ids;
  for (const auto& option : options) ids += (ids.empty() ? "" : ", ") + option.id;
  return "there is no " + std::string(what) + " '" + id + "' (choose one of: " + ids + ")";
}

}  // namespace

std::optional<std::string> stale_note(const Draft& draft, std::int64_t rev) {
  if (draft.status == DraftStatus::created) {
    return "Return " + draft.rma + " was already created, so that card is out of date. Say \"show my returns\" to see it.";
  }
  if (draft.status == DraftStatus::cancelled) return std::string("That return was cancelled, so that card is out of date.");
  if (rev > 0 && rev < draft.rev) {
    return std::string("This return has moved on since that card was shown (perhaps in another tab): the newest card "
                       "shows where it stands.");
  }
  return std::nullopt;
}

StepOutcome ReturnsFlow::change(const StepCall& call, const Change& apply) {
  Draft draft = must(store_.current_draft(call.user, call.thread_id), "reading the return");
  if (call.rev != 0 && call.rev != draft.rev) {
    return {.kind = Kind::stale, .draft = draft, .problem = stale_note(draft, call.rev).value_or("That card is out of date.")};
  }
  if (draft.status != DraftStatus::open) return refused(draft, finished_problem(draft));
  Draft changed = draft;
  if (std::string problem = apply(changed); !problem.empty()) return refused(draft, std::move(problem));
  auto saved = must(store_.save_draft(call.user, changed), "saving the return");
  if (!saved) {
    Draft now = must(store_.current_draft(call.user, call.thread_id), "reading the return");
    return {.kind = Kind::stale, .draft = now, .problem = stale_note(now, draft.rev).value_or("That card is out of date.")};
  }
  return {.kind = Kind::changed, .draft = std::move(*saved), .problem = {}};
}

StepOutcome ReturnsFlow::lookup(const StepCall& call, const std::string& query) {
  const auto customer = must(store_.find_customer(call.user, query), "finding the customer");
  Draft current = must(store_.current_draft(call.user, call.thread_id), "reading the return");
  if (!customer) {
    return refused(current, "no customer has the e-mail, phone or order number '" + query +
                                "' (the sample customers are jane@example.com, omar@example.com and mei@example.com)");
  }
  std::int64_t rev = call.rev;
  if (current.status != DraftStatus::open) {
    if (call.rev != 0) {
      return {.kind = Kind::stale, .draft = current, .problem = stale_note(current, call.rev).value_or("That card is out of date.")};
    }
    must(store_.start_draft(call.user, call.thread_id), "starting a return");
    rev = 0;
  }
  const std::int64_t customer_id = customer->id;
  return change({.user = call.user, .thread_id = call.thread_id, .rev = rev}, [&](Draft& draft) {
    if (draft.customer_id != customer_id) {
      draft.customer_id = customer_id;
      draft.order_number.clear();
      forget_from_items(draft);
    }
    return std::string();
  });
}

StepOutcome ReturnsFlow::choose_order(const StepCall& call, const std::string& number) {
  return change(call, [&](Draft& draft) {
    const auto order = must(store_.order(call.user, number), "reading the order");
    if (!order) return "there is no order " + number;
    if (draft.customer_id != 0 && order->customer_id != draft.customer_id) {
      return "order " + number + " belongs to another customer";
    }
    draft.customer_id = order->customer_id;
    if (draft.order_number != number) {
      draft.order_number = number;
      forget_from_items(draft);
    }
    return std::string();
  });
}

std::string ReturnsFlow::check_line(const std::string& user, const Order& order, std::int64_t line_id) {
  const auto line = std::find_if(order.lines.begin(), order.lines.end(), [&](const OrderLine& l) { return l.id == line_id; });
  if (line == order.lines.end()) return "order " + order.number + " has no line " + std::to_string(line_id);
  const auto returned = must(store_.returned_line_ids(user), "reading the returns");
  const bool already = std::find(returned.begin(), returned.end(), line_id) != returned.end();
  const Eligibility verdict = eligibility(order, *line, store_.today(), already);
  if (!verdict.eligible) return line->product.name + " cannot be returned: " + verdict.why;
  return "";
}

StepOutcome ReturnsFlow::toggle_item(const StepCall& call, std::int64_t line_id) {
  return change(call, [&](Draft& draft) {
    if (draft.order_number.empty()) return std::string("choose an order first");
    const auto order = must(store_.order(call.user, draft.order_number), "reading the order");
    if (!order) return "there is no order " + draft.order_number;
    auto chosen = std::find(draft.line_ids.begin(), draft.line_ids.end(), line_id);
    if (chosen != draft.line_ids.end()) {
      draft.line_ids.erase(chosen);
      draft.items_confirmed = false;
      return std::string();
    }
    if (std::string problem = check_line(call.user, *order, line_id); !problem.empty()) return problem;
    draft.line_ids.push_back(line_id);
    std::sort(draft.line_ids.begin(), draft.line_ids.end());
    return std::string();
  });
}

StepOutcome ReturnsFlow::select_items(const StepCall& call, const std::string& number,
                                      const std::vector<std::int64_t>& lines) {
  return change(call, [&](Draft& draft) {
    const auto order = must(store_.order(call.user, number), "reading the order");
    if (!order) return "there is no order " + number;
    if (draft.customer_id != 0 && order->customer_id != draft.customer_id) {
      return "order " + number + " belongs to another customer";
    }
    if (lines.empty()) return std::string("name at least one item to return");
    for (const auto line : lines) {
      if (std::string problem = check_line(call.user, *order, line); !problem.empty()) return problem;
    }
    if (draft.order_number != number) forget_from_items(draft);
    draft.customer_id = order->customer_id;
    draft.order_number = number;
    draft.line_ids = lines;
    std::sort(draft.line_ids.begin(), draft.line_ids.end());
    draft.line_ids.erase(std::unique(draft.line_ids.begin(), draft.line_ids.end()), draft.line_ids.end());
    draft.items_confirmed = true;
    return std::string();
  });
}

StepOutcome ReturnsFlow::confirm_items(const StepCall& call) {
  return change(call, [&](Draft& draft) {
    if (draft.line_ids.empty()) return std::string("choose at least one item to return first");
    draft.items_confirmed = true;
    return std::string();
  });
}

StepOutcome ReturnsFlow::choose_reason(const StepCall& call, const std::string& reason) {
  return change(call, [&](Draft& draft) {
    if (draft.line_ids.empty() || !draft.items_confirmed) return std::string("choose the items to return first");
    if (std::string problem = option_problem(return_reasons(), reason, "reason"); !problem.empty()) return problem;
    draft.reason = reason;
    return std::string();
  });
}

StepOutcome ReturnsFlow::choose_resolution(const StepCall& call, const std::string& resolution) {
  return change(call, [&](Draft& draft) {
    if (draft.reason.empty()) return std::string("say why the items are returned first");
    if (std::string problem = option_problem(resolution_options(), resolution, "resolution"); !problem.empty()) {
      return problem;
    }
    draft.resolution = resolution;
    draft.incentive.clear();
    return std::string();
  });
}

StepOutcome ReturnsFlow::answer_incentive(const StepCall& call, bool accept) {
  return change(call, [&](Draft& draft) {
    if (next_step(draft) != Step::incentive) return std::string("there is no offer to answer at this step");
    draft.incentive = accept ? "accepted" : "declined";
    if (accept) draft.resolution = "store_credit";
    return std::string();
  });
}

StepOutcome ReturnsFlow::choose_shipping(const StepCall& call, const std::string& shipping) {
  return change(call, [&](Draft& draft) {
    const Step step = next_step(draft);
    if (step != Step::shipping && step != Step::summary) return "the return is at the " + std::string(step_name(step)) + " step";
    if (std::string problem = option_problem(shipping_options(), shipping, "shipping option"); !problem.empty()) {
      return problem;
    }
    draft.shipping = shipping;
    return std::string();
  });
}

RefundQuote ReturnsFlow::quote(const std::string& user, const Draft& draft) {
  if (draft.order_number.empty()) return {};
  const auto order = must(store_.order(user, draft.order_number), "reading the order");
  return order ? quote_refund(draft, order->lines) : RefundQuote{};
}

CardFacts ReturnsFlow::facts(const std::string& user, const Draft& draft) {
  CardFacts facts{.draft = draft, .customer = std::nullopt, .orders = {}, .returned = {}, .today = store_.today(),
                  .quote = {}, .created = std::nullopt};
  if (draft.customer_id != 0) {
    facts.customer = must(store_.customer(user, draft.customer_id), "reading the customer");
    facts.orders = must(store_.orders(user, draft.customer_id), "reading the orders");
  }
  facts.returned = must(store_.returned_line_ids(user), "reading the returns");
  facts.quote = quote(user, draft);
  if (draft.status == DraftStatus::created) {
    for (auto& record : must(store_.returns_of(user), "reading the returns")) {
      if (record.rma == draft.rma) facts.created = std::move(record);
    }
  }
  return facts;
}

StepOutcome ReturnsFlow::create(const StepCall& call, std::optional<ReturnRecord>* created) {
  Draft draft = must(store_.current_draft(call.user, call.thread_id), "reading the return");
  if (call.rev != 0 && call.rev != draft.rev) {
    return {.kind = Kind::stale, .draft = draft, .problem = stale_note(draft, call.rev).value_or("That card is out of date.")};
  }
  if (draft.status != DraftStatus::open) return refused(draft, finished_problem(draft));
  if (const Step step = next_step(draft); step != Step::summary) {
    return refused(draft, "the return is not complete yet: it is at the " + std::string(step_name(step)) + " step");
  }
  const auto order = must(store_.order(call.user, draft.order_number), "reading the order");
  const RefundQuote quoted = order ? quote_refund(draft, order->lines) : RefundQuote{};
  ReturnRecord record{.rma = {},
                      .order_number = draft.order_number,
                      .line_ids = draft.line_ids,
                      .item_names = {},
                      .reason = draft.reason,
                      .resolution = draft.resolution,
                      .shipping = draft.shipping,
                      .incentive_accepted = draft.incentive == "accepted",
                      .amount_cents = quoted.total_cents,
                      .created_day = 0};
  auto made = must(store_.create_return(call.user, draft, std::move(record)), "creating the return");
  Draft now = must(store_.current_draft(call.user, call.thread_id), "reading the return");
  if (!made) return {.kind = Kind::stale, .draft = now, .problem = stale_note(now, draft.rev).value_or("That card is out of date.")};
  *created = std::move(made);
  return {.kind = Kind::changed, .draft = std::move(now), .problem = {}};
}

StepOutcome ReturnsFlow::cancel(const StepCall& call) {
  return change(call, [](Draft& draft) {
    draft.status = DraftStatus::cancelled;
    return std::string();
  });
}

}  // namespace chatkit::use_cases::returns
