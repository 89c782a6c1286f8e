#include "core/protocol/requests.hpp"

#include <gtest/gtest.h>

namespace chatkit {
namespace {

Request decoded(std::string_view body) {
  auto request = parse_request(body);
  EXPECT_TRUE(request.ok()) << describe(request.error());
  return *request;
}

TEST(Requests, StreamingIsDecidedByTheStreamingUnion) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {R"({"type":"threads.create","params":{"input":{"content":[]}}})", true},
      {R"({"type":"threads.add_user_message","params":{"thread_id":"t","input":{"content":[]}}})", true},
      {R"({"type":"threads.add_client_tool_output","params":{"thread_id":"t","result":1}})", true},
      {R"({"type":"threads.add_structured_input","params":{"thread_id":"t","item_id":"i","input":{}}})", true},
      {R"({"type":"threads.retry_after_item","params":{"thread_id":"t","item_id":"i"}})", true},
      {R"({"type":"threads.custom_action","params":{"thread_id":"t","action":{"type":"a"}}})", true},
      {R"({"type":"threads.sync_custom_action","params":{"thread_id":"t","action":{"type":"a"}}})", false},
      {R"({"type":"threads.get_by_id","params":{"thread_id":"t"}})", false},
      {R"({"type":"threads.list","params":{}})", false},
      {R"({"type":"items.list","params":{"thread_id":"t"}})", false},
      {R"({"type":"threads.update","params":{"thread_id":"t","title":"x"}})", false},
      {R"({"type":"threads.delete","params":{"thread_id":"t"}})", false},
      {R"({"type":"items.feedback","params":{"thread_id":"t","item_ids":[],"kind":"positive"}})", false},
      {R"({"type":"attachments.create","params":{"name":"a","size":1,"mime_type":"x/y"}})", false},
      {R"({"type":"attachments.delete","params":{"attachment_id":"a"}})", false},
      {R"({"type":"input.transcribe","params":{"audio_base64":"","mime_type":"audio/ogg"}})", false},
  };
  for (const auto& [body, streaming] : cases) {
    SCOPED_TRACE(body);
    const Request request = decoded(body);
    EXPECT_EQ(is_streaming(request), streaming);
    EXPECT_EQ(request_type(request), json::parse(body)["type"].get<std::string>());
    const auto split = split_request(request);
    EXPECT_EQ(std::holds_alternative<StreamingRequest>(split), streaming);
    const auto split_type = std::visit(
        [](const auto& part) { return std::visit([](const auto& r) { return std::decay_t<decltype(r)>::kType; }, part); },
        split);
    EXPECT_EQ(split_type, request_type(request));
  }
  EXPECT_EQ(std::variant_size_v<Request>, cases.size());
}

TEST(Requests, ListDefaultsFollowTheProtocol) {
  const Request request = decoded(R"({"type":"threads.list","params":{"limit":null}})");
  const auto& list = std::get<ListThreads>(request);
  EXPECT_EQ(list.params.order, SortOrder::desc);
  EXPECT_EQ(effective_limit(list.params.limit), 20);
  EXPECT_EQ(effective_limit(0), 20);
  EXPECT_EQ(effective_limit(7), 7);
  EXPECT_EQ(list.metadata, json::object());
}

TEST(Requests, CustomActionKeepsItsPayloadAsGiven) {
  const Request request =
      decoded(R"({"type":"threads.custom_action","params":{"thread_id":"t","item_id":"w","action":{"type":"toggle","payload":{"id":[1,null]}}}})");
  const auto& action = std::get<CustomAction>(request).params;
  EXPECT_EQ(action.item_id, "w");
  EXPECT_EQ(action.action.type, "toggle");
  EXPECT_EQ(action.action.payload, json::parse(R"({"id":[1,null]})"));
}

TEST(Requests, ToolOutputResultMayBeNullButMustBePresent) {
  const Request request = decoded(R"({"type":"threads.add_client_tool_output","params":{"thread_id":"t","result":null}})");
  EXPECT_TRUE(std::get<AddClientToolOutput>(request).params.result.is_null());
}

}  // namespace
}  // namespace chatkit
