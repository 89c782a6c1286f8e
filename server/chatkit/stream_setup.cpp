// The checks of each streaming request (docs/PROTOCOL.md §2.1-§2.6), done before any byte is sent.
// A request that cannot start is answered with an error (4xx) instead of a dropped connection
// (§1.5b); nothing is written here: the writes happen in the prelude, once the stream runs.
#include "core/action_validation.hpp"
#include "core/structured_input.hpp"
#include "server/chatkit/chatkit_server.hpp"
#include "server/chatkit/lookups.hpp"
#include "server/chatkit/stream_error.hpp"
#include "server/common/clock.hpp"

namespace chatkit::server {

namespace {

// The attachments now belong to this thread (§2.11); then the message itself. An attachment deleted
// since the request was checked fails the write (it is one transaction) instead of coming back.
Status store_user_message(Store& store, const Turn& turn, const UserMessageItem& message) {
  for (const auto& attachment : message.attachments) {
    if (auto still = store.load_attachment(attachment_common(attachment).id, turn.context()); !still) return still.error();
    if (auto status = store.save_attachment(attachment, turn.context()); !status) return status;
  }
  return store.add_thread_item(turn.thread.id, message, turn.context());
}

// One store write (one commit to wait for), then the message's event.
std::function<awaitable<void>(Turn&)> add_user_message(UserMessageItem message) {
  return [message = std::move(message)](Turn& turn) -> awaitable<void> {
    StoreWriter::Write write = [&](Store& store) { return store_user_message(store, turn, message); };
    const Status saved = co_await turn.write(write);
    throw_if_store_failed(saved);
    const ThreadStreamEvent done = ThreadItemDoneEvent{message};
    co_await turn.send(done);
  };
}

// The newest item must be a pending client tool call (§2.3).
Result<ClientToolCallItem> pending_tool_call(Store& store, const std::string& thread_id, const RequestContext& context) {
  auto newest = store.load_thread_items(thread_id, std::nullopt, 1, SortOrder::desc, context);
  if (!newest) return newest.error();
  const auto* call = newest->data.empty() ? nullptr : std::get_if<ClientToolCallItem>(&newest->data.front());
  if (!call || call->status != ClientToolCallStatus::pending) {
    return make_error(ErrorCode::invalid_state,
                      "the newest item of thread " + thread_id + " is not a pending client tool call");
  }
  return *call;
}

// Other pending client tool calls among the newest 20 are dropped (§2.3's safety sweep).
Status sweep_pending_tool_calls(Store& store, const Turn& turn, const std::string& completed_id) {
  auto page = store.load_thread_items(turn.thread.id, std::nullopt, 20, SortOrder::desc, turn.context());
  if (!page) return page.error();
  for (const auto& item : page->data) {
    const auto* call = std::get_if<ClientToolCallItem>(&item);
    if (call && call->id != completed_id && call->status == ClientToolCallStatus::pending) {
      if (auto status = store.delete_thread_item(turn.thread.id, call->id, turn.context()); !status) return status;
    }
  }
  return ok_status();
}

// Every item newer than `item_id`, newest first, and the item itself (§2.5).
struct RetryTarget {
  std::vector<std::string> newer_ids;
  ThreadItem target;
};

Result<RetryTarget> find_retry_target(Store& store, const std::string& thread_id, const std::string& item_id,
                                      const RequestContext& context) {
  RetryTarget found;
  std::optional<std::string> after;
  for (;;) {
    auto page = store.load_thread_items(thread_id, after, 20, SortOrder::desc, context);
    if (!page) return page.error();
    for (auto& item : page->data) {
      if (item_base(item).id == item_id) {
        found.target = std::move(item);
        return found;
      }
      found.newer_ids.push_back(item_base(item).id);
    }
    if (!page->has_more) break;
    after = page->after;
  }
  return at_path(make_error(ErrorCode::not_found, "no item " + item_id + " in thread " + thread_id), "$.params.item_id");
}

}  // namespace

Result<UserMessageItem> ChatKitServer::build_user_message(const ThreadMetadata& thread, const UserMessageInput& input,
                                                          const RequestContext& context) {
  UserMessageItem message;
  message.id = random_id(IdKind::message);
  message.thread_id = thread.id;
  message.created_at = monotonic_now();
  message.content = input.content;
  message.quoted_text = input.quoted_text;
  message.inference_options = input.inference_options;
  if (options_.attachments) {
    auto attachments = options_.attachments->resolve(input.attachments, thread.id, context);
    if (!attachments) return attachments.error();
    message.attachments = std::move(*attachments);
    return message;
  }
  for (std::size_t i = 0; i < input.attachments.size(); ++i) {
    auto attachment = store_.load_attachment(input.attachments[i], context);
    if (!attachment) return at_path(attachment.error(), "$.params.input.attachments[" + std::to_string(i) + "]");
    attachment_common(*attachment).thread_id = thread.id;
    message.attachments.push_back(std::move(*attachment));
  }
  return message;
}

Result<PreparedStream> ChatKitServer::prepare_one(const CreateThread& request, const RequestContext& context) {
  ThreadMetadata thread;
  thread.id = random_id(IdKind::thread);
  thread.created_at = monotonic_now();
  auto message = build_user_message(thread, request.params.input, context);
  if (!message) return message.error();
  // A model that titles without a request names the thread now: thread.created carries the title.
  if (options_.titles) thread.title = agent_.local_title(user_text(*message));
  return PreparedStream{
      .context = context,
      .thread = thread,
      // The thread and its first message are written together: both are stored before either
      // event is sent, and the stream waits for one commit instead of two.
      .prelude = [message = *message](Turn& turn) -> awaitable<void> {
        StoreWriter::Write write = [&](Store& store) -> Status {
          if (auto status = store.save_thread(turn.thread, turn.context()); !status) return status;
          return store_user_message(store, turn, message);
        };
        const Status saved = co_await turn.write(write);
        throw_if_store_failed(saved);
        const ThreadStreamEvent created = ThreadCreatedEvent{client_view(turn.thread)};
        co_await turn.send(created);
        const ThreadStreamEvent done = ThreadItemDoneEvent{message};
        co_await turn.send(done);
      },
      // A new thread's history is its first message: nothing to read back from the store.
      .body = [this, first = *message](Turn& turn) -> awaitable<void> {
        std::vector<ThreadItem> history{first};
        co_await answer(turn, history);
      },
  };
}

Result<PreparedStream> ChatKitServer::prepare_one(const AddUserMessage& request, const RequestContext& context) {
  auto thread = find_thread(store_, request.params.thread_id, context);
  if (!thread) return thread.error();
  auto message = build_user_message(*thread, request.params.input, context);
  if (!message) return message.error();
  return PreparedStream{.context = context,
                        .thread = std::move(*thread),
                        .prelude = add_user_message(std::move(*message)),
                        .body = [this](Turn& turn) { return respond(turn); }};
}

Result<PreparedStream> ChatKitServer::prepare_one(const AddClientToolOutput& request, const RequestContext& context) {
  auto thread = find_thread(store_, request.params.thread_id, context);
  if (!thread) return thread.error();
  auto call = pending_tool_call(store_, thread->id, context);
  if (!call) return call.error();
  call->status = ClientToolCallStatus::completed;
  call->output = request.params.result;
  return PreparedStream{
      .context = context,
      .thread = std::move(*thread),
      .prelude = [completed = std::move(*call)](Turn& turn) -> awaitable<void> {
        StoreWriter::Write write = [&](Store& store) -> Status {
          if (auto status = store.save_item(turn.thread.id, completed, turn.context()); !status) return status;  // no event (§2.3)
          return sweep_pending_tool_calls(store, turn, completed.id);
        };
        const Status saved = co_await turn.write(write);
        throw_if_store_failed(saved);
      },
      .body = [this](Turn& turn) { return respond(turn); },
  };
}

Result<PreparedStream> ChatKitServer::prepare_one(const AddStructuredInput& request, const RequestContext& context) {
  auto thread = find_thread(store_, request.params.thread_id, context);
  if (!thread) return thread.error();
  auto item = find_item(store_, thread->id, request.params.item_id, context);
  if (!item) return item.error();
  const auto* input = std::get_if<StructuredInputItem>(&*item);
  if (!input || input->status != StructuredInputStatus::pending) {
    return at_path(make_error(ErrorCode::invalid_state, "item " + request.params.item_id +
                                                       " is not a structured_input item waiting for an answer"),
              "$.params.item_id");
  }
  ThreadItem answered = answer_structured_input(*input, request.params.input);
  return PreparedStream{.context = context,
                        .thread = std::move(*thread),
                        .prelude = nullptr,
                        .body = [this, answered = std::move(answered)](Turn& turn) -> awaitable<void> {
                          ThreadStreamEvent replaced = ThreadItemReplacedEvent{answered};
                          co_await turn.emit(std::move(replaced));
                          co_await respond(turn);
                        }};
}

Result<PreparedStream> ChatKitServer::prepare_one(const RetryAfterItem& request, const RequestContext& context) {
  auto thread = find_thread(store_, request.params.thread_id, context);
  if (!thread) return thread.error();
  auto found = find_retry_target(store_, thread->id, request.params.item_id, context);
  if (!found) return found.error();
  if (!std::holds_alternative<UserMessageItem>(found->target)) {
    return at_path(make_error(ErrorCode::invalid_state, "item " + request.params.item_id +
                                                       " is not a user message; only user messages can be retried"),
              "$.params.item_id");
  }
  return PreparedStream{
      .context = context,
      .thread = std::move(*thread),
      .prelude = [newer = std::move(found->newer_ids)](Turn& turn) -> awaitable<void> {
        // The newer items go silently, as in the reference (§2.5); the client drops them itself.
        StoreWriter::Write write = [&](Store& store) -> Status {
          for (const auto& id : newer) {
            auto status = store.delete_thread_item(turn.thread.id, id, turn.context());
            if (!status && status.error().code != ErrorCode::not_found) return status;
          }
          return ok_status();
        };
        const Status deleted = co_await turn.write(write);
        throw_if_store_failed(deleted);
      },
      .body = [this](Turn& turn) { return respond(turn); },
  };
}

// An action the stored widget no longer offers is refused, unless the use case recognises it as a
// click on a widget that changed since the client drew it (a second tab): then the stream only
// carries the use case's note, and nothing is written.
Result<PreparedStream> ChatKitServer::explain_refusal(ThreadMetadata thread, const CustomAction& request, Error refusal,
                                                      const RequestContext& context) {
  if (refusal.code != ErrorCode::action_refused || !request.params.item_id) return refusal;
  auto note = use_case_.explain_stale_action(request.params.action, context);
  if (!note) return refusal;
  return PreparedStream{.context = context,
                        .thread = std::move(thread),
                        .prelude = nullptr,
                        .body = [note = std::move(*note)](Turn& turn) -> awaitable<void> {
                          ThreadStreamEvent notice =
                              NoticeEvent{.level = NoticeLevel::info, .message = note, .title = std::nullopt};
                          co_await turn.send(notice);
                        }};
}

Result<PreparedStream> ChatKitServer::prepare_one(const CustomAction& request, const RequestContext& context) {
  auto thread = find_thread(store_, request.params.thread_id, context);
  if (!thread) return thread.error();
  auto sender = find_sender(store_, thread->id, request.params.item_id, request.params.action, context);
  if (!sender) return explain_refusal(std::move(*thread), request, sender.error(), context);
  return PreparedStream{.context = context,
                        .thread = std::move(*thread),
                        .prelude = nullptr,
                        .body = [this, action = request.params.action, sender = std::move(*sender)](Turn& turn) {
                          return use_case_.action(turn, action, sender);
                        }};
}

}  // namespace chatkit::server
