#include "support/use_case_harness.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <exception>

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "core/sse.hpp"
#include "server/chatkit/store_writer.hpp"
#include "server/common/clock.hpp"

namespace chatkit::testing {

namespace {

// Records every event a turn sends, decoded back from its SSE frames (what a client reads).
class RecordingOutput final : public server::StreamOutput {
 public:
  void send(std::string_view frame) override {
    auto decoded = decode_sse_events(frame);
    EXPECT_TRUE(decoded.ok()) << frame;
    if (!decoded) return;
    for (auto& event : *decoded) events.push_back(std::move(event));
  }
  std::vector<ThreadStreamEvent> events;
};

void run_to_end(const std::function<server::awaitable<void>()>& body) {
  boost::asio::io_context io;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, body(), [&](std::exception_ptr e) { failure = e; });
  io.run();
  if (failure) std::rethrow_exception(failure);
}

std::filesystem::path fresh_dir() {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("chatkit-use-case-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

UseCaseHarness::UseCaseHarness(std::string user)
    : dir_(fresh_dir()), db_path_(dir_ / "chatkit.db"), context_{.user_id = std::move(user), .locale = ""} {
  auto opened = server::SqliteStore::open(db_path_.string());
  if (!opened) throw std::runtime_error("opening the test store: " + describe(opened.error()));
  store_ = std::move(*opened);
  writer_ = std::make_unique<server::DirectWriter>(*store_);
  thread_.id = "thr_harness";
  thread_.created_at = server::monotonic_now();
  auto saved = store_->save_thread(thread_, context_);
  if (!saved) throw std::runtime_error("saving the test thread: " + describe(saved.error()));
}

UseCaseHarness::~UseCaseHarness() {
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void UseCaseHarness::become(std::string user) {
  context_.user_id = std::move(user);
  auto saved = store_->save_thread(thread_, context_);
  if (!saved) throw std::runtime_error("saving the test thread: " + describe(saved.error()));
}

std::vector<ThreadStreamEvent> UseCaseHarness::respond(
    const std::function<server::awaitable<void>(server::Turn&)>& body) {
  RecordingOutput output;
  server::Turn turn(*store_, *writer_, context_, thread_, output);
  run_to_end([&]() -> server::awaitable<void> { co_await body(turn); });
  thread_ = turn.thread;
  return std::move(output.events);
}

nlohmann::json UseCaseHarness::call_tool(server::UseCase& use_case, std::string_view name,
                                         const nlohmann::json& arguments, std::vector<ThreadStreamEvent>* events) {
  const auto tools = use_case.tools(thread_);
  const server::Tool* tool = nullptr;
  for (const auto& candidate : *tools) {
    if (candidate.name == name) tool = &candidate;
  }
  if (tool == nullptr || !tool->handler) throw std::invalid_argument("no server tool " + std::string(name));
  nlohmann::json output;
  auto sent = respond([&](server::Turn& turn) -> server::awaitable<void> {
    server::ToolInvocation call{.turn = turn, .arguments = arguments};
    try {
      output = co_await tool->handler(call);
    } catch (const server::ToolError& error) {
      output = {{"error", error.what()}};
    }
    co_await use_case.after_respond(turn);
  });
  if (events) *events = std::move(sent);
  return output;
}

std::vector<ThreadStreamEvent> UseCaseHarness::click(server::UseCase& use_case, const Action& action,
                                                     const std::optional<std::string>& sender_id) {
  std::optional<WidgetItem> sender;
  if (sender_id) {
    auto item = store_->load_item(thread_.id, *sender_id, context_);
    if (!item || !std::holds_alternative<WidgetItem>(*item)) throw std::invalid_argument("no widget " + *sender_id);
    sender = std::get<WidgetItem>(*item);
  }
  return respond([&](server::Turn& turn) -> server::awaitable<void> { co_await use_case.action(turn, action, sender); });
}

std::vector<WidgetItem> UseCaseHarness::stored_widgets() {
  auto page = store_->load_thread_items(thread_.id, std::nullopt, 1000, SortOrder::asc, context_);
  if (!page) throw std::runtime_error("loading the items: " + describe(page.error()));
  std::vector<WidgetItem> widgets;
  for (const auto& item : page->data) {
    if (const auto* widget = std::get_if<WidgetItem>(&item)) widgets.push_back(*widget);
  }
  return widgets;
}

std::vector<WidgetItem> shown_widgets(const std::vector<ThreadStreamEvent>& events) {
  std::vector<WidgetItem> widgets;
  for (const auto& done : events_of<ThreadItemDoneEvent>(events)) {
    if (const auto* widget = std::get_if<WidgetItem>(&done.item)) widgets.push_back(*widget);
  }
  return widgets;
}

}  // namespace chatkit::testing
