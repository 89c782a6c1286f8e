#pragma once
// What the offline model understands of the Todo use case: plain-English phrasings mapped to the
// real tools ("add buy milk", "remind me to call mom", "I finished buy milk", "remove the milk
// one", "what's on my list?", "clear completed", "rename milk to oat milk", "reopen milk"), and
// the short replies written from the tools' outputs.
#include "server/models/offline/offline_skill.hpp"

namespace chatkit::use_cases {

class TodoSkill final : public server::OfflineSkill {
 public:
  std::vector<std::string> tool_names() const override;
  std::vector<server::PlannedCall> plan(std::string_view message) const override;
  std::string reply(const std::vector<server::ToolExchange>& exchanges) const override;
  std::string help() const override;
};

}  // namespace chatkit::use_cases
