#pragma once
// The base server of the seed, in C++: it answers every request of docs/PROTOCOL.md §2 with the store,
// the agent and one use case. It owns the respond loop (load history, run the agent, stream its
// events, then the use case's after_respond hook) and the event-processing loop (§4.6).
//
// Streaming requests come in two steps. prepare() does every load and check first and answers a
// request that cannot start with an error (a 4xx, where the reference drops the connection,
// §1.5b); it writes nothing. run() then performs the writes and streams the events.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/protocol/requests.hpp"
#include "server/agent/agent.hpp"
#include "server/attachments/attachment_service.hpp"
#include "server/common/async.hpp"
#include "server/chatkit/stream_output.hpp"
#include "server/chatkit/thread_claims.hpp"
#include "server/chatkit/turn.hpp"
#include "server/chatkit/use_case.hpp"
#include "server/store/store.hpp"
#include "server/store/store_executor.hpp"

namespace chatkit::server {

// A streaming request that passed its checks, ready to run.
struct PreparedStream {
  // The run this stream becomes (docs/PROTOCOL.md §4.7): a client reattaches and cancels by it.
  std::string run_id;
  RequestContext context;
  ThreadMetadata thread;
  // Store writes and events before the loop (thread.created, the user message, ...).
  std::function<awaitable<void>(Turn&)> prelude;
  // The loop's event source: the respond loop, or the use case's action handler.
  std::function<awaitable<void>(Turn&)> body;
  // The thread is this stream's until the prepared stream is destroyed (set by prepare()).
  ThreadClaims::Claim claim{};
};

// How a stream ended, for the request log and metrics.
struct StreamSummary {
  std::size_t events_sent = 0;
  bool cancelled = false;               // the client went away (§4.5)
  std::optional<ErrorEvent> error;      // the error event that ended the loop
  std::optional<std::string> failure;   // what went wrong, for the log only
};

class ChatKitServer {
 public:
  struct Options {
    int history_items = 20;  // newest items given to the agent (§8.4)
    AgentOptions agent;      // tool rounds, history budget
    bool titles = true;      // title a thread after its first exchange (§8.5)
    // The attachment store (§2.15); none: attachments.create/delete answer not_implemented.
    AttachmentService* attachments = nullptr;
    // Where a running stream's own store calls go (the history it reads, what a cancel keeps):
    // PostgreSQL's workers, so that they never block an I/O thread. None: inline.
    StoreExecutor* store_executor = nullptr;
    // Several instances (§4.7): the run another instance is answering in a thread, if any.
    std::function<std::optional<std::string>(const std::string& thread_id)> shared_active_run;
  };
  // Streams write through `writer` (group commit in the server, see store_writer.hpp).
  ChatKitServer(Store& store, StoreWriter& writer, UseCase& use_case, Model& model, Options options);
  ChatKitServer(Store& store, StoreWriter& writer, UseCase& use_case, Model& model);
  // Streams write straight to the store (tests, tools).
  ChatKitServer(Store& store, UseCase& use_case, Model& model);

  // A JSON request (§2.7-§2.17): the response body, or the error to answer with.
  Result<json> handle(const JsonRequest& request, const RequestContext& context);
  // input.transcribe (§2.17): the use case's hook, else the model's speech-to-text, which takes a
  // while (an upstream call): awaited, never blocking the caller's thread.
  awaitable<Result<json>> transcribe(const Transcribe& request, const RequestContext& context);

  // A streaming request's checks (§2.1-§2.6); nothing is written. A request that makes the model
  // answer on a thread that is still answering another is thread_busy.
  Result<PreparedStream> prepare(const StreamingRequest& request, const RequestContext& context);
  // Runs a prepared stream to its end, writing every event to `output`. Never throws: failures
  // become error events, a client that leaves is cancellation (§4.5); `summary` says which.
  awaitable<void> run(PreparedStream& stream, StreamOutput& output, StreamSummary& summary);

  // The run answering in the thread now, if any (threads.get_by_id tells the client, §4.7).
  std::optional<std::string> active_run(const std::string& thread_id) const;

  UseCase& use_case() { return use_case_; }
  AttachmentService* attachments() { return options_.attachments; }

 private:
  // stream_setup.cpp: one preparation per streaming request type.
  Result<PreparedStream> prepare_one(const CreateThread& request, const RequestContext& context);
  Result<PreparedStream> prepare_one(const AddUserMessage& request, const RequestContext& context);
  Result<PreparedStream> prepare_one(const AddClientToolOutput& request, const RequestContext& context);
  Result<PreparedStream> prepare_one(const AddStructuredInput& request, const RequestContext& context);
  Result<PreparedStream> prepare_one(const RetryAfterItem& request, const RequestContext& context);
  Result<PreparedStream> prepare_one(const CustomAction& request, const RequestContext& context);
  Result<PreparedStream> explain_refusal(ThreadMetadata thread, const CustomAction& request, Error refusal,
                                         const RequestContext& context);
  Result<UserMessageItem> build_user_message(const ThreadMetadata& thread, const UserMessageInput& input,
                                             const RequestContext& context);

  // json_handlers.cpp: one handler per JSON request type.
  Result<json> handle_one(const SyncCustomAction& request, const RequestContext& context);
  Result<json> handle_one(const GetThreadById& request, const RequestContext& context);
  Result<json> handle_one(const ListThreads& request, const RequestContext& context);
  Result<json> handle_one(const ListItems& request, const RequestContext& context);
  Result<json> handle_one(const UpdateThread& request, const RequestContext& context);
  Result<json> handle_one(const DeleteThread& request, const RequestContext& context);
  Result<json> handle_one(const SubmitFeedback& request, const RequestContext& context);
  Result<json> handle_one(const CreateAttachment& request, const RequestContext& context);
  Result<json> handle_one(const DeleteAttachment& request, const RequestContext& context);
  Result<json> handle_one(const Transcribe& request, const RequestContext& context);

  // chatkit_server.cpp
  // Loads the thread's newest items, then answers.
  awaitable<void> respond(Turn& turn);
  // Runs the agent on `history` (oldest first), then the use case's hook, then the title.
  awaitable<void> answer(Turn& turn, const std::vector<ThreadItem>& history);
  awaitable<void> give_title(Turn& turn, const std::vector<ThreadItem>& history);
  awaitable<void> finish_after_failure(Turn& turn, std::exception_ptr failure, bool cancelled,
                                       StreamSummary& summary);

  // Runs a store call of a running stream where options_.store_executor says (`work` must outlive the await).
  template <class Work>
  awaitable<std::invoke_result_t<Work&>> on_store(Work& work);

  // Shows a page of items to the client: fresh attachment links (§2.15a).
  void present(std::vector<ThreadItem>& items, const RequestContext& context) const;

  Store& store_;
  std::unique_ptr<StoreWriter> own_writer_;  // the DirectWriter when none was given
  StoreWriter& writer_;
  UseCase& use_case_;
  Model& model_;
  Options options_;
  std::unique_ptr<AttachmentReader> files_;  // the agent's view of the attachment store; before agent_
  Agent agent_;
  ThreadClaims claims_;
};

}  // namespace chatkit::server
