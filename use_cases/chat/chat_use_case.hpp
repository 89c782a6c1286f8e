#pragma once
// The plain assistant: the agent answers, nothing else. No widgets, no actions, no tables; the
// smallest use case there is, and the one to copy when starting a new one (docs/USE_CASES.md).
#include "server/chatkit/use_case.hpp"

namespace chatkit::use_cases {

class ChatUseCase final : public server::UseCase {
 public:
  std::string_view name() const override { return "chat"; }
  std::string instructions(const ThreadMetadata& thread) const override;
};

}  // namespace chatkit::use_cases
