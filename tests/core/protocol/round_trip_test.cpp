// Every protocol fixture decodes and encodes back to itself (key order aside), and the
// normalisation fixtures show which input forms we accept and what we emit for them.
#include "core/protocol/events.hpp"
#include "core/protocol/requests.hpp"
#include "core/protocol/responses.hpp"
#include "core/sse.hpp"

#include <functional>
#include <set>
#include <map>

#include <gtest/gtest.h>

#include "support/fixtures.hpp"

namespace chatkit {
namespace {

using RoundTrip = std::function<Result<json>(const json&)>;

template <class Decode, class Encode>
RoundTrip via(Decode decode, Encode encode) {
  return [=](const json& input) -> Result<json> {
    auto decoded = decode(input);
    if (!decoded) return decoded.error();
    return encode(*decoded);
  };
}

const std::map<std::string, RoundTrip>& codecs() {
  static const std::map<std::string, RoundTrip> table = {
      {"request", via([](const json& j) { return decode_request(j); }, encode_request)},
      {"item", via(decode_item, encode_item)},
      {"storage_item", via(decode_item, encode_item_for_storage)},
      {"event", via([](const json& j) { return decode_event(j); }, encode_event)},
      {"thread", via(decode_thread, encode_thread)},
      {"item_page", via(decode_item_page, encode_item_page)},
      {"thread_page", via(decode_thread_page, encode_thread_page)},
      {"attachment", via(decode_attachment, encode_attachment)},
      {"sync_action_response", via(decode_sync_action_response, encode_sync_action_response)},
      {"transcription", via(decode_transcription, encode_transcription)},
  };
  return table;
}

TEST(ProtocolRoundTrip, EveryFixtureEncodesBackToItself) {
  int cases = 0;
  for (const auto& [kind, round_trip] : codecs()) {
    for (const auto& path : testing::list_files("protocol/" + kind, ".json")) {
      SCOPED_TRACE(path.string());
      const json fixture = testing::read_json(path);
      auto encoded = round_trip(fixture);
      ASSERT_TRUE(encoded.ok()) << describe(encoded.error());
      EXPECT_EQ(*encoded, fixture) << "got " << encoded->dump();
      ++cases;
    }
  }
  EXPECT_GE(cases, 70);
}

// The direct text encoder (the server's hot path) says exactly what the json encoder says.
TEST(ProtocolTextEncoding, EveryEventAndItemFixtureEncodesToTheSameJson) {
  int cases = 0;
  for (const auto& path : testing::list_files("protocol/event", ".json")) {
    SCOPED_TRACE(path.string());
    auto event = decode_event(testing::read_json(path));
    ASSERT_TRUE(event.ok());
    const auto text = encode_event_text(*event);
    EXPECT_EQ(json::parse(text), encode_event(*event)) << text;
    EXPECT_EQ(encode_sse(*event), "data: " + text + "\n\n");
    ++cases;
  }
  for (const auto& kind : {"item", "storage_item"}) {
    for (const auto& path : testing::list_files(std::string("protocol/") + kind, ".json")) {
      SCOPED_TRACE(path.string());
      auto item = decode_item(testing::read_json(path));
      ASSERT_TRUE(item.ok());
      EXPECT_EQ(json::parse(encode_item_for_storage_text(*item)), encode_item_for_storage(*item));
      ++cases;
    }
  }
  EXPECT_GE(cases, 30);
}

TEST(ProtocolTextEncoding, StringsAreEscapedAndInvalidUtf8IsReplacedAsByTheJsonEncoder) {
  for (const std::string& text : {std::string("plain"), std::string("quote \" and \\ back"), std::string("tab\tnew\nline"),
                                 std::string("caf\xc3\xa9 \xe2\x82\xac"), std::string("bad \xff\xfe utf8"),
                                 std::string("nul \0 inside", 13), std::string("\x7f del")}) {
    SCOPED_TRACE(text);
    ThreadStreamEvent event = ThreadItemUpdatedEvent{"msg_1", ContentPartTextDelta{.content_index = 0, .delta = text}};
    const auto direct = encode_event_text(event);
    EXPECT_EQ(json::parse(direct), json::parse(to_wire(encode_event(event))));
    EXPECT_EQ(direct.find('\n'), std::string::npos);  // one SSE data line
  }
}

// The encoder checks strings eight bytes at a time: every byte value, at every position of a
// word and of the tail, must be escaped exactly as the json encoder escapes it.
TEST(ProtocolTextEncoding, EveryByteValueAtEveryPositionIsEscapedAsByTheJsonEncoder) {
  for (int byte = 0; byte < 256; ++byte) {
    for (std::size_t at = 0; at < 19; ++at) {
      std::string text(19, 'a');
      text[at] = static_cast<char>(byte);
      ThreadStreamEvent event = ThreadItemUpdatedEvent{"msg_1", ContentPartTextDelta{.content_index = 0, .delta = text}};
      ASSERT_EQ(json::parse(encode_event_text(event)), json::parse(to_wire(encode_event(event))))
          << "byte " << byte << " at " << at;
    }
  }
}

TEST(ProtocolRoundTrip, EveryRequestEventItemAndUpdateTypeHasAFixture) {
  std::set<std::string> seen;
  for (const auto& path : testing::list_files("protocol", ".json")) {
    const json fixture = testing::read_json(path);
    if (fixture.contains("type")) seen.insert(fixture["type"].get<std::string>());
    if (fixture.contains("update")) seen.insert(fixture["update"]["type"].get<std::string>());
    if (fixture.contains("item")) seen.insert(fixture["item"]["type"].get<std::string>());
  }
  const std::vector<std::string> all = {
      // requests
      "threads.create", "threads.add_user_message", "threads.add_client_tool_output", "threads.add_structured_input",
      "threads.retry_after_item", "threads.custom_action", "threads.sync_custom_action", "threads.get_by_id",
      "threads.list", "items.list", "threads.update", "threads.delete", "items.feedback", "attachments.create",
      "attachments.delete", "input.transcribe",
      // items
      "user_message", "assistant_message", "client_tool_call", "widget", "generated_image", "structured_input",
      "workflow", "task", "end_of_turn", "hidden_context_item", "sdk_hidden_context",
      // events
      "thread.created", "thread.updated", "thread.item.added", "thread.item.updated", "thread.item.done",
      "thread.item.removed", "thread.item.replaced", "stream_options", "progress_update", "client_effect", "error",
      "notice",
      // updates
      "assistant_message.content_part.added", "assistant_message.content_part.text_delta",
      "assistant_message.content_part.annotation_added", "assistant_message.content_part.done",
      "widget.streaming_text.value_delta", "widget.root.updated", "widget.component.updated", "workflow.task.added",
      "workflow.task.updated", "generated_image.updated"};
  for (const auto& type : all) EXPECT_TRUE(seen.count(type)) << "no fixture of type " << type;
}

TEST(ProtocolNormalize, AcceptedInputFormsEncodeToTheCanonicalForm) {
  const auto files = testing::list_files("protocol/normalize", ".json");
  ASSERT_GE(files.size(), 10u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const json fixture = testing::read_json(path);
    auto encoded = codecs().at(fixture.at("kind").get<std::string>())(fixture.at("input"));
    ASSERT_TRUE(encoded.ok()) << describe(encoded.error());
    EXPECT_EQ(*encoded, fixture.at("output")) << "got " << encoded->dump();
  }
}

TEST(ProtocolEncoding, AttachmentMetadataNeverLeavesTheServerButIsStored) {
  const json stored = testing::read_json(testing::fixtures_dir() / "protocol/storage_item" /
                                         "user_message_with_attachment_metadata.json");
  auto item = decode_item(stored);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(encode_item_for_storage(*item)["attachments"][0]["metadata"], json({{"blob", "s3://x"}}));
  EXPECT_FALSE(encode_item(*item)["attachments"][0].contains("metadata"));
}

TEST(ProtocolEncoding, ClientViewEmptiesMetadataAndDropsHiddenItems) {
  ThreadMetadata thread{.id = "thr_1", .title = "T", .created_at = {}, .status = LockedStatus{"ro"},
                        .allowed_image_domains = std::nullopt, .metadata = {{"previous_response_id", "r1"}}};
  Page<ThreadItem> page;
  page.data.push_back(EndOfTurnItem{{"e1", "thr_1", {}}});
  page.data.push_back(HiddenContextItem{{"h1", "thr_1", {}}, "secret"});
  page.data.push_back(SdkHiddenContextItem{{"s1", "thr_1", {}}, "cancelled"});
  page.has_more = true;
  page.after = "s1";
  const json view = encode_thread(client_view(thread, page));
  EXPECT_EQ(view["metadata"], json::object());
  ASSERT_EQ(view["items"]["data"].size(), 1u);
  EXPECT_EQ(view["items"]["data"][0]["id"], "e1");
  EXPECT_EQ(view["items"]["has_more"], true);
  EXPECT_EQ(view["status"], json({{"type", "locked"}, {"reason", "ro"}}));
}

TEST(ProtocolEncoding, MetadataChangeDetectionWatchesTitleStatusDomainsAndMetadata) {
  ThreadMetadata a{.id = "t", .created_at = {}};
  ThreadMetadata b = a;
  EXPECT_FALSE(metadata_changed(a, b));
  b.title = "x";
  EXPECT_TRUE(metadata_changed(a, b));
  b = a;
  b.status = ClosedStatus{};
  EXPECT_TRUE(metadata_changed(a, b));
  b = a;
  b.metadata["k"] = 1;
  EXPECT_TRUE(metadata_changed(a, b));
  b = a;
  b.allowed_image_domains = std::vector<std::string>{"x.com"};
  EXPECT_TRUE(metadata_changed(a, b));
}

TEST(ProtocolEncoding, ErrorEventsTakeRetryFromTheErrorTable) {
  const json stream = encode_event(make_error_event(ErrorCode::stream_error));
  EXPECT_EQ(stream, json({{"type", "error"}, {"code", "stream.error"}, {"allow_retry", true}}));
  const json custom = encode_event(make_error_event(ErrorCode::custom, "Quota exceeded"));
  EXPECT_EQ(custom, json({{"type", "error"}, {"code", "custom"}, {"message", "Quota exceeded"}, {"allow_retry", false}}));
}

}  // namespace
}  // namespace chatkit
