#pragma once
// What the offline model understands of the Returns use case: a phrasing for every step, mapped
// to the real tools ("look up jane@example.com", "show my orders", "return the headphones from
// order 1002", "it arrived damaged", "refund", "yes, take the credit", "drop off at a store",
// "how much will I get back?", "confirm", "cancel", "show my returns"), and the short replies
// written from the tools' outputs. The tools act on the thread's draft, so a sentence reaches the
// same state a click does.
#include "server/models/offline/offline_skill.hpp"

namespace chatkit::use_cases {

class ReturnsSkill final : public server::OfflineSkill {
 public:
  std::vector<std::string> tool_names() const override;
  std::vector<server::PlannedCall> plan(std::string_view message) const override;
  std::string reply(const std::vector<server::ToolExchange>& exchanges) const override;
  std::string help() const override;
};

}  // namespace chatkit::use_cases
