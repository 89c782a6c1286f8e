#include "server/chatkit/use_case.hpp"

#include "server/chatkit/stream_error.hpp"

namespace chatkit::server {

SharedTools UseCase::tools(const ThreadMetadata&) { return std::make_shared<const Tools>(); }

std::shared_ptr<const OfflineSkill> UseCase::offline_skill() const { return nullptr; }

awaitable<void> UseCase::action(Turn&, const Action& action, const std::optional<WidgetItem>&) {
  throw StreamError::custom("The '" + std::string(name()) + "' use case has no action '" + action.type + "'.");
  co_return;
}

std::optional<std::string> UseCase::explain_stale_action(const Action&, const RequestContext&) {
  return std::nullopt;
}

Result<SyncCustomActionResponse> UseCase::sync_action(const SyncActionCall& call) {
  return make_error(ErrorCode::not_implemented, "the '" + std::string(name()) +
                                                    "' use case has no synchronous action '" +
                                                    call.action.type + "'");
}

awaitable<void> UseCase::after_respond(Turn&) { co_return; }

StreamOptions UseCase::stream_options(const ThreadMetadata&) const { return StreamOptions{.allow_cancel = true}; }

Status UseCase::feedback(const FeedbackCall&) { return ok_status(); }

Result<std::string> UseCase::transcribe(std::string_view, std::string_view, const RequestContext&) {
  return make_error(ErrorCode::not_implemented,
                    "the '" + std::string(name()) + "' use case does not transcribe audio");
}

}  // namespace chatkit::server
