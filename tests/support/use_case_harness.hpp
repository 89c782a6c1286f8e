#pragma once
// A use case driven without HTTP, as the base server drives it: a SQLite thread store in a
// temporary file (the use case's tables share it), one thread, and Turns whose events are recorded.
// For the unit tests of a use case's tools, cards and actions (Todo's, returns') and of the kit.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/protocol/events.hpp"
#include "server/chatkit/tool.hpp"
#include "server/chatkit/turn.hpp"
#include "server/chatkit/use_case.hpp"
#include "server/kit/tables.hpp"
#include "server/store/sqlite_store.hpp"

namespace chatkit::testing {

class UseCaseHarness {
 public:
  explicit UseCaseHarness(std::string user = "u1");
  ~UseCaseHarness();

  // Where a use case made for this harness keeps its tables: the thread store's file.
  server::kit::TablesPlace tables() const { return {.sqlite_path = db_path_.string()}; }
  server::SqliteStore& store() { return *store_; }
  const ThreadMetadata& thread() const { return thread_; }
  const server::RequestContext& context() const { return context_; }
  // Another user of the same store, for isolation tests: the thread becomes one of theirs.
  void become(std::string user);

  // Runs `body` as one streamed response in the thread; the events it sent.
  std::vector<ThreadStreamEvent> respond(const std::function<server::awaitable<void>(server::Turn&)>& body);
  // Calls the use case's tool `name` with `arguments` (not schema-checked: the agent does that)
  // and then its after_respond hook, as one response; the tool's output, {"error": message} when
  // it threw a ToolError (as the agent hands it to the model).
  nlohmann::json call_tool(server::UseCase& use_case, std::string_view name, const nlohmann::json& arguments,
                           std::vector<ThreadStreamEvent>* events = nullptr);
  // Runs the use case's action as sent by the stored widget item `sender_id` (nullopt: none); the
  // events it sent. The server's own check that the widget offered the action is not made here.
  std::vector<ThreadStreamEvent> click(server::UseCase& use_case, const Action& action,
                                       const std::optional<std::string>& sender_id);
  // The widget items of the thread as stored, oldest first.
  std::vector<WidgetItem> stored_widgets();

 private:
  std::filesystem::path dir_;
  std::filesystem::path db_path_;
  std::unique_ptr<server::SqliteStore> store_;
  std::unique_ptr<server::StoreWriter> writer_;
  server::RequestContext context_;
  ThreadMetadata thread_;
};

// The events of one kind among `events`.
template <class Event>
std::vector<Event> events_of(const std::vector<ThreadStreamEvent>& events) {
  std::vector<Event> found;
  for (const auto& event : events) {
    if (const auto* typed = std::get_if<Event>(&event)) found.push_back(*typed);
  }
  return found;
}

// The widget items shown (thread.item.done) among `events`.
std::vector<WidgetItem> shown_widgets(const std::vector<ThreadStreamEvent>& events);

}  // namespace chatkit::testing
