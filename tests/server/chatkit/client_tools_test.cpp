// Client tools through the base server, without sockets (docs/PROTOCOL.md §8.3, §2.3): a use case
// declares one beside its server tools, the model's call of it ends the turn with a pending
// client_tool_call item (after the round's server tools and the use case's hook), and the
// browser's output continues the answer with the call and its output in the model's input.
#include "server/chatkit/chatkit_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "core/sse.hpp"
#include "server/chatkit/tool.hpp"
#include "server/models/text_stream.hpp"
#include "server/store/sqlite_store.hpp"

namespace chatkit::server {
namespace {

// Collects what the stream sends.
class CollectingOutput final : public StreamOutput {
 public:
  void send(std::string_view frame) override {
    auto events = decode_sse_events(frame);
    EXPECT_TRUE(events.ok());
    for (auto& event : *events) sent.push_back(std::move(event));
  }
  std::vector<ThreadStreamEvent> sent;
};

// One scripted response per answer request, and every request it got; titles are answered aside.
class ScriptedModel final : public Model {
 public:
  std::string_view name() const override { return "scripted"; }
  awaitable<void> stream(const ModelRequest& request, ModelEventSink& sink) override {
    std::vector<std::string> words{"Colours"};  // named locals: GCC 12 and temporaries in co_await
    const TextStreamOptions now{};
    if (request.purpose == RequestPurpose::title) {
      co_await stream_text_message(std::move(words), now, sink);
      co_return;
    }
    requests.push_back(request);
    if (requests.size() > script.size()) throw std::runtime_error("the script has no response left");
    const auto& response = script[requests.size() - 1];
    if (response.text) {
      words = {*response.text};
      co_await stream_text_message(std::move(words), now, sink);
      co_return;
    }
    for (const auto& call : response.calls) {
      ModelEvent event = ToolCallRequested{call};
      co_await sink.on_event(std::move(event));
    }
  }

  struct Response {
    std::vector<FunctionCall> calls;
    std::optional<std::string> text;
  };
  std::vector<Response> script;
  std::vector<ModelRequest> requests;
};

ScriptedModel::Response calls(std::vector<FunctionCall> calls) { return {.calls = std::move(calls), .text = {}}; }
ScriptedModel::Response text(std::string text) { return {.calls = {}, .text = std::move(text)}; }

struct NoteWasTaken {};

// A server tool `note` (which reports progress while it runs) and two client tools: `pick_color`
// with a schema, `ping` without one. Its hook shows a widget after any answer whose tools noted.
class ToolsUseCase final : public UseCase {
 public:
  ToolsUseCase() {
    Tools tools;
    tools.push_back(Tool{.name = "note",
                         .description = "Notes a text.",
                         .parameters = schema(R"({"type":"object","properties":{"text":{"type":"string"}},
                                                  "required":["text"],"additionalProperties":false})"),
                         .handler = [](ToolInvocation& call) -> awaitable<json> {
                           ThreadStreamEvent progress = ProgressUpdateEvent{.icon = std::nullopt, .text = "noting"};
                           co_await call.turn.emit(std::move(progress));
                           call.turn.requests.add(NoteWasTaken{});
                           co_return json{{"noted", call.arguments.at("text")}};
                         }});
    tools.push_back(client_tool("pick_color", "Asks the user's browser for a colour.",
                                schema(R"({"type":"object","properties":{"color":{"enum":["red","blue"]}},
                                           "required":["color"],"additionalProperties":false})")));
    tools.push_back(client_tool("ping", "Pings the browser.", nullptr));
    tools_ = std::make_shared<const Tools>(std::move(tools));
  }
  std::string_view name() const override { return "tools"; }
  std::string instructions(const ThreadMetadata&) const override { return "test"; }
  SharedTools tools(const ThreadMetadata&) override { return tools_; }
  awaitable<void> after_respond(Turn& turn) override {
    if (!turn.requests.has<NoteWasTaken>()) co_return;
    WidgetItem card;
    card.id = "msg_card_" + std::to_string(++cards_);
    card.thread_id = turn.thread.id;
    card.created_at = turn.now();
    card.widget.value = json{{"type", "Card"}, {"children", json::array()}};
    ThreadStreamEvent shown = ThreadItemDoneEvent{std::move(card)};
    co_await turn.emit(std::move(shown));
  }

 private:
  static JsonSchema schema(const char* text) { return std::make_shared<const json>(json::parse(text)); }
  SharedTools tools_;
  int cards_ = 0;
};

std::string type_of(const ThreadStreamEvent& event) { return std::string(event_type(event)); }

class ClientToolsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::open(":memory:");
    ASSERT_TRUE(opened.ok());
    store = std::move(*opened);
    server = std::make_unique<ChatKitServer>(*store, use_case, model);
  }

  // Runs a streaming request to its end; what it sent.
  std::vector<ThreadStreamEvent> run(const StreamingRequest& request) {
    auto prepared = server->prepare(request, context);
    EXPECT_TRUE(prepared.ok()) << describe(prepared.error());
    if (!prepared) return {};
    CollectingOutput output;
    StreamSummary summary;
    boost::asio::io_context io;
    boost::asio::co_spawn(io, server->run(*prepared, output, summary), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
    io.run();
    EXPECT_FALSE(summary.error) << summary.failure.value_or("");
    thread_id = prepared->thread.id;
    return std::move(output.sent);
  }

  std::vector<ThreadStreamEvent> create(const std::string& message) {
    CreateThread request;
    request.params.input.content.push_back(InputTextContent{.text = message});
    return run(request);
  }

  AddClientToolOutput output_of(json result) {
    AddClientToolOutput request;
    request.params.thread_id = thread_id;
    request.params.result = std::move(result);
    return request;
  }

  std::vector<ThreadItem> items() {
    auto page = store->load_thread_items(thread_id, std::nullopt, 100, SortOrder::asc, context);
    EXPECT_TRUE(page.ok());
    return page ? page->data : std::vector<ThreadItem>{};
  }

  std::unique_ptr<SqliteStore> store;
  ToolsUseCase use_case;
  ScriptedModel model;
  std::unique_ptr<ChatKitServer> server;
  RequestContext context{.user_id = "u1", .locale = ""};
  std::string thread_id;
};

TEST_F(ClientToolsTest, AClientToolCallEndsTheTurnPendingAfterTheServerToolsAndTheHook) {
  model.script = {calls({{.call_id = "call_c", .name = "pick_color", .arguments = R"({"color":"red"})"},
                         {.call_id = "call_s", .name = "note", .arguments = R"({"text":"x"})"}}),
                  text("Red it is.")};
  const auto sent = create("pick a colour");
  ASSERT_EQ(model.requests.size(), 1u) << "no second model round: the browser has the next word";
  ASSERT_FALSE(model.requests[0].tools.empty());
  EXPECT_EQ(model.requests[0].tools[1].name, "pick_color") << "its spec goes to the model like any tool's";

  std::vector<std::string> types;
  for (const auto& event : sent) types.push_back(type_of(event));
  // The server tool ran first (its progress), the hook's widget came next, the pending call last.
  EXPECT_EQ(types, (std::vector<std::string>{"thread.created", "thread.item.done", "stream_options", "progress_update",
                                             "thread.item.done", "thread.item.done", "thread.updated"}));
  const auto& pending = std::get<ClientToolCallItem>(std::get<ThreadItemDoneEvent>(sent[5]).item);
  EXPECT_TRUE(pending.id.starts_with("tc_")) << pending.id;
  EXPECT_EQ(pending.thread_id, thread_id);
  EXPECT_EQ(pending.status, ClientToolCallStatus::pending);
  EXPECT_EQ(pending.call_id, "call_c");
  EXPECT_EQ(pending.name, "pick_color");
  EXPECT_EQ(pending.arguments, json({{"color", "red"}}));
  EXPECT_TRUE(pending.output.is_null()) << "no output yet: the wire form has none";
  EXPECT_FALSE(encode_item(pending).contains("output"));

  // Stored, and the thread's newest item, so that the browser's output finds it (§2.3).
  const auto stored = items();
  ASSERT_EQ(stored.size(), 4u);  // the message, the note's record, the widget, the call
  EXPECT_TRUE(std::holds_alternative<HiddenContextItem>(stored[1]));
  EXPECT_TRUE(std::holds_alternative<WidgetItem>(stored[2]));
  EXPECT_EQ(encode_item(stored[3]), encode_item(pending));

  // The browser answers: the call completes and the answer goes on with it in the input.
  const auto continued = run(output_of({{"color", "red"}, {"hex", "#f00"}}));
  ASSERT_EQ(model.requests.size(), 2u);
  // The message, the note's call and output, the widget's description, the client call and its output.
  const auto& input = model.requests[1].input;
  ASSERT_EQ(input.size(), 6u);
  EXPECT_EQ(std::get<FunctionCall>(input[1]).call_id, "call_s") << "the server tool's pair first";
  const auto& call = std::get<FunctionCall>(input[4]);
  EXPECT_EQ(call.call_id, "call_c");
  EXPECT_EQ(call.name, "pick_color");
  EXPECT_EQ(json::parse(call.arguments), json({{"color", "red"}}));
  const auto& output = std::get<FunctionOutput>(input.back());
  EXPECT_EQ(output.call_id, "call_c");
  EXPECT_EQ(json::parse(output.output), json({{"color", "red"}, {"hex", "#f00"}}));
  EXPECT_EQ(type_of(continued.front()), "stream_options");
  EXPECT_EQ(type_of(continued.back()), "thread.item.done");
  const auto completed = std::get<ClientToolCallItem>(items()[3]);
  EXPECT_EQ(completed.status, ClientToolCallStatus::completed);
  EXPECT_EQ(completed.output, json({{"color", "red"}, {"hex", "#f00"}}));

  // Nothing waits any more: a second output is refused before anything is written.
  const std::size_t before = items().size();
  auto again = server->prepare(output_of(1), context);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::invalid_state);
  EXPECT_EQ(items().size(), before);
}

TEST_F(ClientToolsTest, AnotherUsersPendingCallIsNotFound) {
  model.script = {calls({{.call_id = "call_c", .name = "pick_color", .arguments = R"({"color":"blue"})"}})};
  create("pick a colour");
  auto foreign = server->prepare(output_of("mine now"), RequestContext{.user_id = "u2", .locale = ""});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::not_found);
  EXPECT_EQ(foreign.error().path, "$.params.thread_id");
  EXPECT_EQ(std::get<ClientToolCallItem>(items().back()).status, ClientToolCallStatus::pending) << "untouched";
}

TEST_F(ClientToolsTest, MalformedArgumentsGoBackToTheModelAndNothingWaits) {
  model.script = {calls({{.call_id = "call_1", .name = "pick_color", .arguments = R"({"color":"green"})"},
                         {.call_id = "call_2", .name = "ping", .arguments = "[1]"},
                         {.call_id = "call_3", .name = "pick_color", .arguments = "{not json"}}),
                  text("Sorry.")};
  const auto sent = create("pick a colour");
  ASSERT_EQ(model.requests.size(), 2u) << "the model hears the errors and answers";
  const auto& input = model.requests[1].input;
  ASSERT_EQ(input.size(), 7u);  // the message, then three calls with their outputs
  const auto error_of = [&](std::size_t i) { return json::parse(std::get<FunctionOutput>(input[i]).output)["error"]; };
  EXPECT_EQ(error_of(2), "invalid arguments for pick_color: $.color must be one of [\"red\",\"blue\"], got \"green\"");
  EXPECT_EQ(error_of(4), "the arguments of ping must be a JSON object: [1]");
  EXPECT_EQ(error_of(6), "the arguments of pick_color are not valid JSON: {not json");
  for (const auto& item : items()) EXPECT_FALSE(std::holds_alternative<ClientToolCallItem>(item));
  EXPECT_TRUE(std::holds_alternative<AssistantMessageItem>(items().back()));
  auto nothing_waits = server->prepare(output_of(1), context);
  ASSERT_FALSE(nothing_waits.ok());
  EXPECT_EQ(nothing_waits.error().code, ErrorCode::invalid_state);
}

TEST_F(ClientToolsTest, OneClientToolCallPerAnswerTheOthersAreToldToWait) {
  model.script = {calls({{.call_id = "call_1", .name = "pick_color", .arguments = R"({"color":"red"})"},
                         {.call_id = "call_2", .name = "ping", .arguments = "{}"}}),
                  text("Pong.")};
  create("pick a colour and ping");
  ASSERT_EQ(model.requests.size(), 1u);
  const auto stored = items();
  ASSERT_EQ(stored.size(), 3u);
  const auto record = read_tool_record(std::get<HiddenContextItem>(stored[1]));
  ASSERT_TRUE(record);
  EXPECT_EQ(record->first.name, "ping");
  EXPECT_NE(record->second.output.find("only one client tool call per answer: pick_color runs first"), std::string::npos)
      << record->second.output;
  EXPECT_EQ(std::get<ClientToolCallItem>(stored[2]).call_id, "call_1");

  run(output_of("red"));
  // Both calls come back paired with their outputs, each call before its output.
  const auto& input = model.requests[1].input;
  ASSERT_EQ(input.size(), 5u);
  EXPECT_EQ(std::get<FunctionCall>(input[1]).call_id, "call_2");
  EXPECT_EQ(std::get<FunctionOutput>(input[2]).call_id, "call_2");
  EXPECT_EQ(std::get<FunctionCall>(input[3]).call_id, "call_1");
  EXPECT_EQ(std::get<FunctionOutput>(input[4]).output, "\"red\"");
}

}  // namespace
}  // namespace chatkit::server
