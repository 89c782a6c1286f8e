// Every registered use case (the list the server binary picks from) is made on a real database
// file and answers a first message through the base server with the offline model.
#include "use_cases/registry.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "core/sse.hpp"
#include "server/chatkit/chatkit_server.hpp"
#include "server/models/catalog/model_spec.hpp"
#include "server/store/sqlite_store.hpp"

namespace chatkit::use_cases {
namespace {

class CollectingOutput final : public server::StreamOutput {
 public:
  void send(std::string_view frame) override {
    auto decoded = decode_sse_events(frame);
    ASSERT_TRUE(decoded.ok()) << frame;
    for (auto& event : *decoded) events.push_back(std::move(event));
  }
  std::vector<ThreadStreamEvent> events;
};

std::filesystem::path fresh_db(std::string_view name) {
  const auto path = std::filesystem::temp_directory_path() / ("chatkit_registry_" + std::string(name) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path;
}

TEST(UseCaseRegistry, NamesAreUniqueAndEachUseCaseAnswersToItsName) {
  std::set<std::string_view> names;
  for (const auto& entry : registered_use_cases()) {
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name << " is registered twice";
    auto made = entry.make({.db = ":memory:"});
    ASSERT_TRUE(made.ok()) << entry.name << ": " << describe(made.error());
    EXPECT_EQ((*made)->name(), entry.name);
  }
  EXPECT_TRUE(names.contains("chat"));
  EXPECT_TRUE(names.contains("todo"));
}

TEST(UseCaseRegistry, AnUnknownNameIsRefusedWithTheRegisteredOnes) {
  auto made = make_use_case("frobnicate", {.db = ":memory:"});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, ErrorCode::invalid_request);
  EXPECT_NE(made.error().message.find("'frobnicate'"), std::string::npos) << made.error().message;
  EXPECT_NE(made.error().message.find("chat, todo"), std::string::npos) << made.error().message;
}

TEST(UseCaseRegistry, EveryUseCaseAnswersAFirstMessageOnARealDatabase) {
  for (const auto& entry : registered_use_cases()) {
    SCOPED_TRACE(std::string(entry.name));
    const auto db = fresh_db(entry.name);
    auto store = server::SqliteStore::open(db.string());
    ASSERT_TRUE(store.ok()) << describe(store.error());
    auto use_case = make_use_case(entry.name, {.db = db.string()});
    ASSERT_TRUE(use_case.ok()) << describe(use_case.error());
    server::BuiltInModelParts parts;
    if (auto skill = (*use_case)->offline_skill()) parts.offline_skills.push_back(std::move(skill));
    auto model = server::make_model("offline:0", parts);
    ASSERT_TRUE(model.ok()) << describe(model.error());
    server::ChatKitServer chatkit(**store, **use_case, **model);

    CreateThread request;
    request.params.input.content.push_back(InputTextContent{.text = "hello"});
    const server::RequestContext context{.user_id = "u1", .locale = ""};
    auto prepared = chatkit.prepare(request, context);
    ASSERT_TRUE(prepared.ok()) << describe(prepared.error());
    CollectingOutput output;
    server::StreamSummary summary;
    boost::asio::io_context io;
    boost::asio::co_spawn(io, chatkit.run(*prepared, output, summary), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
    io.run();

    EXPECT_FALSE(summary.error) << (summary.failure ? *summary.failure : "");
    ASSERT_FALSE(output.events.empty());
    EXPECT_TRUE(std::holds_alternative<ThreadCreatedEvent>(output.events.front()));
    bool answered = false;
    for (const auto& event : output.events) {
      const auto* done = std::get_if<ThreadItemDoneEvent>(&event);
      if (done && std::holds_alternative<AssistantMessageItem>(done->item)) answered = true;
    }
    EXPECT_TRUE(answered) << "no assistant message was streamed";
    auto items = (*store)->load_thread_items(prepared->thread.id, std::nullopt, 20, SortOrder::asc, context);
    ASSERT_TRUE(items.ok());
    EXPECT_GE(items->data.size(), 2u) << "the message and the answer are stored";
  }
}

}  // namespace
}  // namespace chatkit::use_cases
