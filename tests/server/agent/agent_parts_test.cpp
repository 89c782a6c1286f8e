// The agent's pure parts: tool-argument checking against the declared schema, thread history as
// model input (§8.4) within its budget, and titles without a model.
#include <gtest/gtest.h>

#include <map>

#include "server/agent/history.hpp"
#include "server/agent/json_schema.hpp"
#include "server/models/attached_file.hpp"
#include "server/models/derived_title.hpp"

namespace chatkit::server {
namespace {

using nlohmann::json;

const json kSchema = json::parse(R"({
  "type": "object",
  "properties": {"todo_id": {"type": "integer", "minimum": 1}, "search_text": {"type": "string", "minLength": 2},
                 "mode": {"enum": ["a", "b"]}, "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2}},
  "additionalProperties": false,
  "anyOf": [{"required": ["todo_id"]}, {"required": ["search_text"]}]
})");

std::string violation(const json& value) {
  const auto found = check_schema(value, kSchema);
  return found ? found->path + " " + found->message : "";
}

TEST(JsonSchema, AcceptsWhatTheSchemaAllows) {
  EXPECT_EQ(violation({{"todo_id", 3}}), "");
  EXPECT_EQ(violation({{"search_text", "mi"}, {"mode", "b"}, {"tags", {"x"}}}), "");
  EXPECT_EQ(violation({{"todo_id", 2.0}}), "") << "an integral float is an integer";
}

TEST(JsonSchema, NamesThePathAndTheProblem) {
  EXPECT_EQ(violation({{"todo_id", "3"}}), "$.todo_id expected integer, got string \"3\"");
  EXPECT_EQ(violation({{"todo_id", 0}}), "$.todo_id must satisfy minimum 1, got 0.0");
  EXPECT_EQ(violation({{"search_text", "é"}}), "$.search_text must have at least 2 characters") << "code points";
  EXPECT_EQ(violation({{"todo_id", 1}, {"colour", "red"}}), "$.colour is not a parameter of this tool");
  EXPECT_EQ(violation({{"todo_id", 1}, {"mode", "c"}}), "$.mode must be one of [\"a\",\"b\"], got \"c\"");
  EXPECT_EQ(violation({{"todo_id", 1}, {"tags", {"x", 2}}}), "$.tags[1] expected string, got integer 2");
  EXPECT_EQ(violation({{"mode", "a"}}), "$.todo_id is required") << "anyOf reports its first alternative";
  EXPECT_EQ(violation(json::array()), "$ expected object, got array []");
}

ThreadItem user(std::string id, std::string text) {
  UserMessageItem item;
  item.id = std::move(id);
  item.content.push_back(InputTextContent{.text = std::move(text)});
  return item;
}

ThreadItem record(std::string call_id, std::string output) {
  FunctionCall call{.call_id = call_id, .name = "add_todo", .arguments = R"({"item":"x"})"};
  return tool_record(call, FunctionOutput{.call_id = call_id, .output = std::move(output)});
}

TEST(History, ToolRecordsComeBackAsCallAndOutput) {
  const auto input = history_input({user("m1", "add x"), record("call_1", R"({"added":{"id":1}})")}, {});
  ASSERT_EQ(input.size(), 3u);
  const auto& call = std::get<FunctionCall>(input[1]);
  EXPECT_EQ(call.call_id, "call_1");
  EXPECT_EQ(call.name, "add_todo");
  EXPECT_EQ(std::get<FunctionOutput>(input[2]).output, R"({"added":{"id":1}})");
}

TEST(History, TheBudgetDropsTheOldestButNeverTheNewestMessageOrAHalfCall) {
  const std::string big(1000, 'x');
  const std::vector<ThreadItem> history = {user("m1", big), record("call_1", big), user("m2", "newest " + big)};
  const auto input = history_input(history, HistoryBudget{.max_chars = 1500});
  ASSERT_FALSE(input.empty());
  EXPECT_FALSE(std::holds_alternative<FunctionOutput>(input.front())) << "never an output without its call";
  EXPECT_EQ(std::get<ModelMessage>(input.back()).text, "newest " + big);
  const auto tiny = history_input(history, HistoryBudget{.max_chars = 10});
  ASSERT_EQ(tiny.size(), 1u) << "the newest user message stays even over budget";
}

TEST(History, HiddenContextIsMarkedAndWidgetsAreDescribed) {
  HiddenContextItem note;
  note.content = "the user is on a phone";
  WidgetItem widget;
  widget.id = "w1";
  widget.widget.value = {{"type", "Card"}, {"children", json::array()}};
  const auto input = history_input({note, widget}, {});
  ASSERT_EQ(input.size(), 2u);
  EXPECT_NE(std::get<ModelMessage>(input[0]).text.find("<hidden_context>"), std::string::npos);
  EXPECT_NE(std::get<ModelMessage>(input[1]).text.find("w1"), std::string::npos);
}

// Attachments read from memory; ids not in `files` are gone.
class MemoryFiles final : public AttachmentReader {
 public:
  std::map<std::string, std::string> files;
  std::optional<AttachmentContent> read(const Attachment& attachment, std::size_t max_bytes) override {
    const auto found = files.find(attachment_common(attachment).id);
    if (found == files.end()) return std::nullopt;
    return AttachmentContent{.size = found->second.size(), .bytes = found->second.substr(0, max_bytes)};
  }
};

Attachment attachment_of(const std::string& id, const std::string& name, const std::string& type) {
  FileAttachment file;
  file.id = id;
  file.name = name;
  file.mime_type = type;
  return file;
}

UserMessageItem message_with(std::vector<Attachment> attachments) {
  UserMessageItem message;
  message.id = "msg_1";
  message.content = {InputTextContent{.text = "see"}};
  message.attachments = std::move(attachments);
  return message;
}

TEST(History, AttachmentsBecomeFilesOfTheirKind) {
  MemoryFiles files;
  files.files = {{"atc_png", "PNG"}, {"atc_pdf", "%PDF"}, {"atc_txt", std::string(kMaxInlineTextBytes + 10, 'a')},
                 {"atc_zip", "PK"}};
  const std::vector<ThreadItem> history = {message_with({attachment_of("atc_png", "a.png", "image/png"),
                                                         attachment_of("atc_pdf", "r.pdf", "application/pdf"),
                                                         attachment_of("atc_txt", "n.txt", "text/plain"),
                                                         attachment_of("atc_zip", "x.zip", "application/zip"),
                                                         attachment_of("atc_gone", "g.png", "image/png")})};
  const auto inputs = history_input(history, {}, &files);
  ASSERT_EQ(inputs.size(), 1u);
  const auto& message = std::get<ModelMessage>(inputs[0]);
  EXPECT_EQ(message.text, "see");
  ASSERT_EQ(message.files.size(), 5u);
  EXPECT_EQ(message.files[0].kind, AttachedFile::Kind::image);
  EXPECT_EQ(message.files[0].data, "PNG");
  EXPECT_EQ(message.files[1].kind, AttachedFile::Kind::pdf);
  EXPECT_EQ(message.files[2].kind, AttachedFile::Kind::text);
  EXPECT_EQ(message.files[2].data.size(), kMaxInlineTextBytes) << "text is inlined up to its limit";
  EXPECT_EQ(message.files[2].size, kMaxInlineTextBytes + 10);
  EXPECT_NE(attached_file_text(message.files[2]).find("10 bytes more of this file are not shown"), std::string::npos);
  EXPECT_EQ(message.files[3].kind, AttachedFile::Kind::other);
  EXPECT_TRUE(message.files[3].data.empty()) << "no bytes read for what is only described";
  EXPECT_EQ(message.files[4].missing, "it was deleted since");
}

TEST(History, FileBytesBeyondTheBudgetGoNewestFirst) {
  MemoryFiles files;
  files.files = {{"atc_old", std::string(600, 'o')}, {"atc_new", std::string(600, 'n')}};
  UserMessageItem old_message = message_with({attachment_of("atc_old", "old.png", "image/png")});
  UserMessageItem new_message = message_with({attachment_of("atc_new", "new.png", "image/png")});
  new_message.id = "msg_2";
  const auto inputs = history_input({old_message, new_message}, {.max_chars = 48'000, .max_file_bytes = 1000}, &files);
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_FALSE(std::get<ModelMessage>(inputs[0]).files[0].missing.empty()) << "the older one is described instead";
  EXPECT_EQ(std::get<ModelMessage>(inputs[1]).files[0].data.size(), 600u);
}

TEST(Titles, DerivedFromTheFirstWords) {
  EXPECT_EQ(derive_title("add buy milk"), "Add buy milk");
  EXPECT_EQ(derive_title("please remind me to call mom tomorrow at noon"), "Please remind me to call mom…");
  EXPECT_EQ(derive_title("   "), "New chat");
  EXPECT_EQ(derive_title("ééééééééééééééééééééééééééééééééé"), "éééééééééééééééééééééééé…") << "whole UTF-8 characters";
}

TEST(Titles, AModelsTitleIsCleaned) {
  EXPECT_EQ(clean_title("Title: \"Milk errands\".\nextra"), "Milk errands");
  EXPECT_EQ(clean_title("**Groceries**"), "Groceries");
}

}  // namespace
}  // namespace chatkit::server
