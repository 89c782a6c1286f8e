#include "server/http/mounts.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "server/http/edge.hpp"
#include "server/models/bench_model.hpp"
#include "server/store/sqlite_store.hpp"

namespace chatkit::server {
namespace {

class NamedUseCase final : public UseCase {
 public:
  explicit NamedUseCase(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  std::string instructions(const ThreadMetadata&) const override { return "test"; }

 private:
  std::string name_;
};

// Two use cases, "todo" (the first) and "chat", over one store, as main() serves them.
class MountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::open(":memory:");
    ASSERT_TRUE(opened.ok());
    store_ = std::move(*opened);
    todo_ = std::make_unique<ChatKitServer>(*store_, todo_case_, model_);
    chat_ = std::make_unique<ChatKitServer>(*store_, chat_case_, model_);
    parts_.reset(new ServerParts{.chatkit = *todo_, .static_files = files_, .cors = cors_, .auth = auth_,
                                 .metrics = metrics_, .logger = logger_});
    parts_->mounts = {Mount{.name = "todo", .chatkit = todo_.get()}, Mount{.name = "chat", .chatkit = chat_.get()}};
  }

  Route route_to(std::string_view target) { return route_request("POST", target); }

  std::unique_ptr<Store> store_;
  NamedUseCase todo_case_{"todo"};
  NamedUseCase chat_case_{"chat"};
  BenchModel model_{BenchModel::Options{}};
  std::unique_ptr<ChatKitServer> todo_;
  std::unique_ptr<ChatKitServer> chat_;
  StaticFiles files_{std::filesystem::temp_directory_path()};
  CorsPolicy cors_ = *CorsPolicy::parse("");
  LocalUserAuthenticator auth_;
  Metrics metrics_;
  Logger logger_{LogLevel::off};
  std::unique_ptr<ServerParts> parts_;
};

TEST_F(MountsTest, APathFindsItsUseCaseAndTheBarePathTheFirst) {
  const auto bare = mounted_use_case(route_to("/chatkit"), *parts_);
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(&bare->chatkit, todo_.get());
  EXPECT_TRUE(bare->first);
  const auto todo = mounted_use_case(route_to("/chatkit/todo"), *parts_);
  ASSERT_TRUE(todo.ok());
  EXPECT_EQ(&todo->chatkit, todo_.get());
  EXPECT_TRUE(todo->first);
  const auto chat = mounted_use_case(route_to("/chatkit/chat/runs/run_1/cancel"), *parts_);
  ASSERT_TRUE(chat.ok());
  EXPECT_EQ(&chat->chatkit, chat_.get());
  EXPECT_FALSE(chat->first);
  const auto none = mounted_use_case(route_to("/chatkit/returns"), *parts_);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::not_found);
  EXPECT_NE(none.error().message.find("use cases: todo, chat"), std::string::npos) << none.error().message;
}

TEST_F(MountsTest, OnlyTheUseCasesAfterTheFirstScopeTheStore) {
  RequestContext first{.user_id = "alice"};
  ASSERT_TRUE(scope_to(first, *mounted_use_case(route_to("/chatkit/todo"), *parts_), *parts_).ok());
  EXPECT_EQ(first.owner(), "alice");
  RequestContext second{.user_id = "alice"};
  ASSERT_TRUE(scope_to(second, *mounted_use_case(route_to("/chatkit/chat"), *parts_), *parts_).ok());
  EXPECT_EQ(second.user_id, "alice");  // the use case's own tables still see the user
  EXPECT_EQ(second.owner(), "alice chat");
  // A user id with a space could be another user's scope: refused while several use cases are served.
  RequestContext spaced{.user_id = "alice chat"};
  const auto refused = scope_to(spaced, *mounted_use_case(route_to("/chatkit/todo"), *parts_), *parts_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::unauthorized);
}

TEST_F(MountsTest, AnOwnerComesBackToItsUserAndScope) {
  EXPECT_EQ(use_case_scope("bob", "returns"), "bob returns");
  EXPECT_EQ(user_of_owner("bob returns"), "bob");
  EXPECT_EQ(user_of_owner("bob"), "bob");
  const auto scoped = context_of_owner("bob returns");
  EXPECT_EQ(scoped.user_id, "bob");
  EXPECT_EQ(scoped.owner(), "bob returns");
  const auto bare = context_of_owner("bob");
  EXPECT_EQ(bare.user_id, "bob");
  EXPECT_EQ(bare.scope, "");
}

TEST_F(MountsTest, TheListNamesEveryUseCaseAndItsPathFirstFirst) {
  const auto reply = use_cases_reply(*parts_);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(json::parse(*reply.body),
            json::parse(R"({"use_cases":[{"name":"todo","path":"/chatkit/todo"},{"name":"chat","path":"/chatkit/chat"}]})"));
  // A server of one use case without mounts (the tests' harness) lists its one, at its name.
  parts_->mounts.clear();
  EXPECT_EQ(json::parse(*use_cases_reply(*parts_).body),
            json::parse(R"({"use_cases":[{"name":"todo","path":"/chatkit/todo"}]})"));
  EXPECT_TRUE(mounted_use_case(route_to("/chatkit/todo"), *parts_).ok());
  EXPECT_FALSE(mounted_use_case(route_to("/chatkit/chat"), *parts_).ok());
}

TEST_F(MountsTest, TheEdgeAnswersAUseCaseNotServedWithAJsonNotFound) {
  HttpRequest request{http::verb::post, "/chatkit/returns/runs/run_1/cancel", 11};
  request.set(http::field::host, "127.0.0.1");
  Exchange exchange;
  auto answer = answer_request(request, *parts_, exchange);
  ASSERT_TRUE(std::holds_alternative<Reply>(answer));
  const auto& reply = std::get<Reply>(answer);
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(json::parse(*reply.body)["error"]["code"], "not_found");
  EXPECT_EQ(exchange.error_code, "not_found");
}

}  // namespace
}  // namespace chatkit::server
