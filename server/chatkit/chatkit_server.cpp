// The base server: dispatch, the respond loop and the event-processing loop's frame (§4.6).
#include "server/chatkit/chatkit_server.hpp"

#include <algorithm>

#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

#include "server/chatkit/stream_error.hpp"
#include "server/chatkit/tool_calls.hpp"
#include "server/common/clock.hpp"
#include "server/models/derived_title.hpp"

namespace chatkit::server {

namespace {

// The error event for an exception that ended the loop (§1.5a), and a line for the log.
std::pair<ErrorEvent, std::string> error_event_for(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const StreamError& e) {
    return {e.event(), e.what()};
  } catch (const ModelError& e) {
    // The provider's failure, said plainly; retry is offered where it may help (429, 5xx, ...).
    return {StreamError::custom(e.what(), e.allow_retry()).event(), e.what()};
  } catch (const std::exception& e) {
    return {make_error_event(ErrorCode::stream_error), e.what()};
  } catch (...) {
    return {make_error_event(ErrorCode::stream_error), "unknown exception"};
  }
}

bool is_client_gone(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const ClientGone&) {
    return true;
  } catch (...) {
    return false;
  }
}

// The attachment store as the agent reads it: the bytes of a file a message carries.
class ServiceFiles final : public AttachmentReader {
 public:
  explicit ServiceFiles(AttachmentService& service) : service_(service) {}
  std::optional<AttachmentContent> read(const Attachment& attachment, std::size_t max_bytes) override {
    auto bytes = service_.read(attachment, max_bytes);
    if (!bytes) return std::nullopt;
    return AttachmentContent{.size = bytes->size, .bytes = std::move(bytes->bytes)};
  }

 private:
  AttachmentService& service_;
};

std::unique_ptr<AttachmentReader> files_of(AttachmentService* service) {
  if (!service) return nullptr;
  return std::make_unique<ServiceFiles>(*service);
}

AgentOptions with_files(AgentOptions options, AttachmentReader* files) {
  options.files = files;
  return options;
}

}  // namespace

ChatKitServer::ChatKitServer(Store& store, StoreWriter& writer, UseCase& use_case, Model& model, Options options)
    : store_(store),
      writer_(writer),
      use_case_(use_case),
      model_(model),
      options_(options),
      files_(files_of(options.attachments)),
      agent_(model, with_files(options.agent, files_.get())) {}

ChatKitServer::ChatKitServer(Store& store, StoreWriter& writer, UseCase& use_case, Model& model)
    : ChatKitServer(store, writer, use_case, model, Options{}) {}

ChatKitServer::ChatKitServer(Store& store, UseCase& use_case, Model& model)
    : store_(store), own_writer_(std::make_unique<DirectWriter>(store)), writer_(*own_writer_), use_case_(use_case),
      model_(model), options_(Options{}), agent_(model) {}

void ChatKitServer::present(std::vector<ThreadItem>& items, const RequestContext& context) const {
  if (!options_.attachments) return;
  for (auto& item : items) options_.attachments->present(item, context);
}

Result<json> ChatKitServer::handle(const JsonRequest& request, const RequestContext& context) {
  return std::visit([&](const auto& r) { return handle_one(r, context); }, request);
}

Result<PreparedStream> ChatKitServer::prepare(const StreamingRequest& request, const RequestContext& context) {
  auto prepared = std::visit([&](const auto& r) { return prepare_one(r, context); }, request);
  if (!prepared) return prepared;
  prepared->run_id = random_wide_id(IdKind::run);
  // Widget actions change widgets in place and never run the model: a click does not wait for an
  // answer, nor is it refused during one. Every request that makes the model answer claims the thread.
  if (std::holds_alternative<CustomAction>(request)) return prepared;
  auto claim = claims_.try_claim(prepared->thread.id, prepared->run_id);
  if (!claim) {
    return make_error(ErrorCode::thread_busy, "thread " + prepared->thread.id +
                                                  " is still answering an earlier request; try again when it ends");
  }
  prepared->claim = std::move(*claim);
  return prepared;
}

template <class Work>
awaitable<std::invoke_result_t<Work&>> ChatKitServer::on_store(Work& work) {
  if (options_.store_executor) co_return co_await options_.store_executor->run(work);
  std::invoke_result_t<Work&> result = work();  // named: GCC 12 destroys a co_return temporary twice
  co_return result;
}

std::optional<std::string> ChatKitServer::active_run(const std::string& thread_id) const {
  if (auto local = claims_.active_run(thread_id)) return local;
  if (options_.shared_active_run) return options_.shared_active_run(thread_id);
  return std::nullopt;
}

awaitable<void> ChatKitServer::run(PreparedStream& stream, StreamOutput& output, StreamSummary& summary) {
  Turn turn(store_, writer_, stream.context, stream.thread, output);
  std::exception_ptr failure;
  try {
    if (stream.prelude) co_await stream.prelude(turn);
    const ThreadStreamEvent options = StreamOptionsEvent{use_case_.stream_options(turn.thread)};
    co_await turn.send(options);
    co_await stream.body(turn);
    co_await turn.announce_thread_if_changed();
  } catch (...) {
    failure = std::current_exception();  // handled below: a catch block cannot co_await
  }
  if (failure) {
    // Read whether the run was cancelled, then clear that state: finishing up awaits again.
    const auto state = co_await net::this_coro::cancellation_state;
    const bool cancelled = state.cancelled() != net::cancellation_type::none || is_client_gone(failure);
    co_await net::this_coro::reset_cancellation_state();
    co_await finish_after_failure(turn, failure, cancelled, summary);
  }
  summary.events_sent = turn.events_sent();
  // Given back before the stream's last bytes leave: a client that sends its next message the
  // moment this answer ends must not find the thread still busy.
  stream.claim = {};
  output.end();
}

awaitable<void> ChatKitServer::finish_after_failure(Turn& turn, std::exception_ptr failure, bool cancelled,
                                                    StreamSummary& summary) {
  if (!cancelled) {
    auto [event, why] = error_event_for(failure);
    // A thread deleted while it was answering cannot be retried.
    auto load = [&] { return store_.load_thread(turn.thread.id, turn.context()); };
    const auto thread = co_await on_store(load);
    if (event.allow_retry && !thread) {
      event.allow_retry = false;
      event.message = "This conversation was deleted while the answer was being written.";
    }
    summary.error = event;
    summary.failure = std::move(why);
    try {
      co_await turn.send(event);
      co_await turn.announce_thread_if_changed();
      co_return;
    } catch (...) {
      // The client left while we reported the error: that is a cancellation too.
    }
  }
  summary.cancelled = true;
  auto persist = [&] { return turn.persist_on_cancel(); };
  const Status status = co_await on_store(persist);
  if (!status) summary.failure = describe(status.error());
}

awaitable<void> ChatKitServer::respond(Turn& turn) {
  auto load = [&] {
    return store_.load_thread_items(turn.thread.id, std::nullopt, options_.history_items, SortOrder::desc,
                                    turn.context());
  };
  auto page = co_await on_store(load);
  if (!page) throw StreamError::code("stream.error");
  std::reverse(page->data.begin(), page->data.end());
  co_await answer(turn, page->data);
}

awaitable<void> ChatKitServer::answer(Turn& turn, const std::vector<ThreadItem>& history) {
  const SharedTools tools = use_case_.tools(turn.thread);  // lives until the run ends: handlers run from it
  TurnTools runner(turn, *tools);
  AgentResult result = co_await agent_.run(turn, use_case_.instructions(turn.thread), runner, history);
  // The hook runs now even when the answer waits for the browser: what this run's server tools
  // asked for (turn.requests) would be lost with the turn.
  co_await use_case_.after_respond(turn);
  // Last, so that it is the newest item when the browser's output comes (§2.3); stamped now, since
  // items are ordered by created_at and the hook's come before it.
  if (result.awaiting_client) {
    result.awaiting_client->created_at = turn.now();
    ThreadStreamEvent pending = ThreadItemDoneEvent{std::move(*result.awaiting_client)};
    co_await turn.emit(std::move(pending));
  }
  co_await give_title(turn, history);
}

// After the first exchange of an untitled thread, the model names it (the reference leaves this to
// each application, §8.5; we do it for every use case). A provider failure is no reason to fail
// the answer that was just streamed: the title is then derived from the message.
awaitable<void> ChatKitServer::give_title(Turn& turn, const std::vector<ThreadItem>& history) {
  if (!options_.titles || turn.thread.title) co_return;
  const UserMessageItem* first = nullptr;
  for (const auto& item : history) {
    if (const auto* message = std::get_if<UserMessageItem>(&item)) {
      if (first) co_return;  // not the first exchange
      first = message;
    }
  }
  if (!first) co_return;
  const std::string text = user_text(*first);
  std::string title;
  try {
    title = co_await agent_.title(text);
  } catch (const ModelError&) {
    title.clear();
  }
  turn.thread.title = title.empty() ? derive_title(text) : title;
}

}  // namespace chatkit::server
