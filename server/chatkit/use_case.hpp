#pragma once
// What a use case gives the base server (server/chatkit/chatkit_server.hpp): the agent's
// instructions, a handler for widget actions, and optional hooks. Everything has a default
// except the name and the instructions, and the defaults refuse loudly instead of doing nothing.
// docs/USE_CASES.md walks through writing one.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/requests.hpp"
#include "core/protocol/responses.hpp"
#include "server/chatkit/tool.hpp"
#include "server/common/async.hpp"
#include "server/chatkit/turn.hpp"
#include "server/models/offline/offline_skill.hpp"

namespace chatkit::server {

// A threads.sync_custom_action call: answered without a stream (docs/PROTOCOL.md §2.7).
struct SyncActionCall {
  ThreadMetadata& thread;
  const Action& action;
  const std::optional<WidgetItem>& sender;
  const RequestContext& context;
  Store& store;
};

// An items.feedback call (§2.14).
struct FeedbackCall {
  const std::string& thread_id;
  const std::vector<std::string>& item_ids;
  FeedbackKind kind;
  const RequestContext& context;
};

class UseCase {
 public:
  virtual ~UseCase() = default;

  // The name --use-case selects.
  virtual std::string_view name() const = 0;
  // The agent's instructions (system prompt) for this thread.
  virtual std::string instructions(const ThreadMetadata& thread) const = 0;
  // The tools the agent may call in this thread. Default: none.
  virtual SharedTools tools(const ThreadMetadata& thread);
  // The phrasings this use case teaches the offline model (--model offline). Default: none, and
  // the offline model then says what it is.
  virtual std::shared_ptr<const OfflineSkill> offline_skill() const;

  // threads.custom_action: the server has already checked that `sender` (when given) is a
  // widget item that offered this action. Default: an error event saying there are no actions.
  virtual awaitable<void> action(Turn& turn, const Action& action, const std::optional<WidgetItem>& sender);
  // An action the sender widget does not offer (any more): a note for the user when the use case
  // knows it for a click on an outdated copy of the widget (another tab changed it), shown instead
  // of the 4xx refusal; nothing is run. Default: nullopt, the refusal stands.
  virtual std::optional<std::string> explain_stale_action(const Action& action, const RequestContext& context);
  // threads.sync_custom_action. The server persists `updated_item` (the reference does not).
  // Default: not_implemented.
  virtual Result<SyncCustomActionResponse> sync_action(const SyncActionCall& call);
  // Runs after the agent answered (titles, follow-up widgets, ...). Default: nothing.
  virtual awaitable<void> after_respond(Turn& turn);
  // stream_options of every stream (§4.4). Default: cancellable.
  virtual StreamOptions stream_options(const ThreadMetadata& thread) const;
  // items.feedback. Default: accepted and dropped, as the reference does.
  virtual Status feedback(const FeedbackCall& call);
  // input.transcribe: the audio bytes and the media type. Default: not_implemented.
  virtual Result<std::string> transcribe(std::string_view audio, std::string_view media_type,
                                         const RequestContext& context);
};

}  // namespace chatkit::server
