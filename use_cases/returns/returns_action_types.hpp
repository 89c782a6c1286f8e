#pragma once
// The Returns cards' actions, named once: the templates write them literally (widgets/*.widget,
// and a test checks that every type a template renders is one of these) and the use case's action
// table runs them (returns_actions.cpp). Every payload names the draft and the revision its card
// showed; a control's value (the query, the reason, the shipping option) is merged in by the client.
//   returns.lookup {draft, rev} + query        returns.order {draft, rev, order}
//   returns.item {draft, rev, line}            returns.items_done {draft, rev}
//   returns.reason {draft, rev} + reason       returns.resolution {draft, rev, resolution}
//   returns.incentive {draft, rev, accept}     returns.shipping {draft, rev} + shipping
//   returns.confirm {draft, rev}               returns.cancel {draft, rev}
#include <cstdint>
#include <optional>
#include <string>

#include "core/widget/action_type.hpp"

namespace chatkit::use_cases::returns {

struct DraftRef {
  std::int64_t draft = 0;
  std::int64_t rev = 0;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("draft", s.draft);
    v.required("rev", s.rev);
  }
};

// A ref with one text answer: the order, the resolution, or a control's value (optional there:
// an empty input or an unanswered select sends none).
template <const char* Name>
struct TextAnswer {
  std::int64_t draft = 0;
  std::int64_t rev = 0;
  std::optional<std::string> value;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("draft", s.draft);
    v.required("rev", s.rev);
    v.optional(Name, s.value);
  }
};

inline constexpr char kQueryField[] = "query";
inline constexpr char kOrderField[] = "order";
inline constexpr char kReasonField[] = "reason";
inline constexpr char kResolutionField[] = "resolution";
inline constexpr char kShippingField[] = "shipping";

struct LineChoice {
  std::int64_t draft = 0;
  std::int64_t rev = 0;
  std::int64_t line = 0;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("draft", s.draft);
    v.required("rev", s.rev);
    v.required("line", s.line);
  }
};

struct IncentiveAnswer {
  std::int64_t draft = 0;
  std::int64_t rev = 0;
  bool accept = false;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("draft", s.draft);
    v.required("rev", s.rev);
    v.required("accept", s.accept);
  }
};

inline constexpr widget::ActionType<TextAnswer<kQueryField>> kLookup{"returns.lookup"};
inline constexpr widget::ActionType<TextAnswer<kOrderField>> kChooseOrder{"returns.order"};
inline constexpr widget::ActionType<LineChoice> kToggleItem{"returns.item"};
inline constexpr widget::ActionType<DraftRef> kItemsDone{"returns.items_done"};
inline constexpr widget::ActionType<TextAnswer<kReasonField>> kChooseReason{"returns.reason"};
inline constexpr widget::ActionType<TextAnswer<kResolutionField>> kChooseResolution{"returns.resolution"};
inline constexpr widget::ActionType<IncentiveAnswer> kAnswerIncentive{"returns.incentive"};
inline constexpr widget::ActionType<TextAnswer<kShippingField>> kChooseShipping{"returns.shipping"};
inline constexpr widget::ActionType<DraftRef> kConfirm{"returns.confirm"};
inline constexpr widget::ActionType<DraftRef> kCancel{"returns.cancel"};

}  // namespace chatkit::use_cases::returns
