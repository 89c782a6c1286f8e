#include "use_cases/chat/chat_use_case.hpp"

namespace chatkit::use_cases {

std::string ChatUseCase::instructions(const ThreadMetadata&) const {
  return "You are a helpful assistant. Answer concisely.";
}

}  // namespace chatkit::use_cases
