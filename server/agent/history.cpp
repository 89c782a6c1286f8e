#include "server/agent/history.hpp"

#include <algorithm>
#include <limits>

#include "core/protocol/codec.hpp"
#include "core/variant_util.hpp"
#include "server/common/media_type.hpp"
#include "server/models/attached_file.hpp"

namespace chatkit::server {

namespace {

using Inputs = std::vector<ModelInput>;

ModelInput user(std::string text) { return ModelMessage{.role = MessageRole::user, .text = std::move(text)}; }

std::string hidden(std::string_view text) {
  return "<hidden_context>\n" + std::string(text) + "\n</hidden_context>";
}

std::string assistant_text(const AssistantMessageItem& item) {
  std::string text;
  for (const auto& part : item.content) text += part.text;
  return text;
}

AttachedFile::Kind file_kind(std::string_view mime_type) {
  switch (media_kind(mime_type)) {
    case MediaKind::image: return AttachedFile::Kind::image;
    case MediaKind::pdf: return AttachedFile::Kind::pdf;
    case MediaKind::text: return AttachedFile::Kind::text;
    case MediaKind::other: return AttachedFile::Kind::other;
  }
  return AttachedFile::Kind::other;
}

// One attachment as the model is given it: its bytes (text: its beginning), or why they are missing.
AttachedFile attached_file(const Attachment& attachment, AttachmentReader* files) {
  const auto& common = attachment_common(attachment);
  AttachedFile file{.kind = file_kind(common.mime_type), .name = common.name, .mime_type = common.mime_type,
                    .size = 0, .data = {}, .missing = {}};
  const std::size_t wanted = file.kind == AttachedFile::Kind::text ? kMaxInlineTextBytes
                             : file.kind == AttachedFile::Kind::other ? 0
                                                                      : std::numeric_limits<std::size_t>::max();
  auto content = files ? files->read(attachment, wanted) : std::nullopt;
  if (!content) {
    file.missing = "it was deleted since";
    return file;
  }
  file.size = content->size;
  file.data = std::move(content->bytes);
  // A text cut short must not end in half a character.
  if (file.kind == AttachedFile::Kind::text && file.data.size() < file.size) {
    while (!file.data.empty() && (static_cast<unsigned char>(file.data.back()) & 0xC0) == 0x80) file.data.pop_back();
    if (!file.data.empty() && static_cast<unsigned char>(file.data.back()) >= 0xC0) file.data.pop_back();
  }
  return file;
}

void convert_user(const UserMessageItem& item, bool last, Inputs& out, AttachmentReader* files) {
  ModelMessage message{.role = MessageRole::user, .text = user_text(item), .files = {}};
  for (const auto& attachment : item.attachments) message.files.push_back(attached_file(attachment, files));
  out.push_back(std::move(message));
  if (last && item.quoted_text) {
    out.push_back(user("The user is referring to this text from the conversation:\n" + *item.quoted_text));
  }
  std::vector<std::string> tags;
  for (const auto& part : item.content) {
    if (const auto* tag = std::get_if<InputTagContent>(&part);
        tag && std::find(tags.begin(), tags.end(), tag->text) == tags.end()) {
      tags.push_back(tag->text);
    }
  }
  if (tags.empty()) return;
  std::string text = "The user @-mentioned these entities:";
  for (const auto& tag : tags) text += "\n- @" + tag;
  out.push_back(user(std::move(text)));
}

void convert_client_tool_call(const ClientToolCallItem& item, Inputs& out) {
  if (item.status == ClientToolCallStatus::pending) return;
  out.push_back(FunctionCall{.call_id = item.call_id, .name = item.name, .arguments = item.arguments.dump()});
  out.push_back(FunctionOutput{.call_id = item.call_id, .output = item.output.dump()});
}

void convert_widget(const WidgetItem& item, Inputs& out) {
  out.push_back(user("A UI widget (item " + item.id + ") was shown to the user:\n" + codec::encode(item.widget).dump()));
}

std::optional<std::string> custom_task_text(const Task& task) {
  const auto* custom = std::get_if<CustomTask>(&task);
  if (!custom || (!custom->title && !custom->content)) return std::nullopt;
  const std::string body = custom->title && custom->content ? *custom->title + ": " + *custom->content
                                                            : custom->title.value_or(custom->content.value_or(""));
  return "A task was shown to the user:\n<task>\n" + body + "\n</task>";
}

void convert_structured_input(const StructuredInputItem& item, Inputs& out) {
  static constexpr std::string_view kStatus[] = {"pending", "answered", "skipped"};
  std::string text = "Questions asked to the user (" + std::string(kStatus[static_cast<int>(item.status)]) + "):";
  for (const auto& input : item.inputs) {
    std::visit(
        [&](const auto& question) {
          std::string answer = "unanswered";
          if (question.answer && question.answer->skipped) answer = "skipped";
          if (question.answer && !question.answer->skipped) {
            answer.clear();
            for (const auto& value : question.answer->values) answer += (answer.empty() ? "" : ", ") + value;
          }
          text += "\n- " + question.question + ": " + answer;
        },
        input);
  }
  out.push_back(user(std::move(text)));
}

void convert_hidden(const HiddenContextItem& item, Inputs& out) {
  if (auto record = read_tool_record(item)) {
    out.push_back(std::move(record->first));
    out.push_back(std::move(record->second));
  } else if (item.content.is_string()) {
    out.push_back(user(hidden(item.content.get<std::string>())));
  } else {
    out.push_back(user(hidden(item.content.dump())));
  }
}

void convert(const ThreadItem& item, bool last, Inputs& out, AttachmentReader* files) {
  std::visit(Overloaded{
                 [&](const UserMessageItem& i) { convert_user(i, last, out, files); },
                 [&](const AssistantMessageItem& i) {
                   out.push_back(ModelMessage{.role = MessageRole::assistant, .text = assistant_text(i)});
                 },
                 [&](const ClientToolCallItem& i) { convert_client_tool_call(i, out); },
                 [&](const WidgetItem& i) { convert_widget(i, out); },
                 [&](const GeneratedImageItem& i) {
                   if (i.image) out.push_back(user("The assistant generated this image: " + i.image->url));
                 },
                 [&](const StructuredInputItem& i) { convert_structured_input(i, out); },
                 [&](const WorkflowItem& i) {
                   for (const auto& task : i.workflow.tasks) {
                     if (auto text = custom_task_text(task)) out.push_back(user(std::move(*text)));
                   }
                 },
                 [&](const TaskItem& i) {
                   if (auto text = custom_task_text(i.task)) out.push_back(user(std::move(*text)));
                 },
                 [&](const EndOfTurnItem&) {},
                 [&](const HiddenContextItem& i) { convert_hidden(i, out); },
                 [&](const SdkHiddenContextItem& i) { out.push_back(user(hidden(i.content))); },
             },
             item);
}

// What a file adds to the text budget: a text file its text, anything else its description (image
// and PDF bytes have a budget of their own).
std::size_t text_size_of(const AttachedFile& file) {
  return sent_as_binary(file) ? file.name.size() + 64 : attached_file_text(file).size();
}

std::size_t size_of(const ModelInput& input) {
  return std::visit(Overloaded{[](const ModelMessage& m) {
                                 std::size_t size = m.text.size();
                                 for (const auto& file : m.files) size += text_size_of(file);
                                 return size;
                               },
                               [](const FunctionCall& c) { return c.name.size() + c.arguments.size(); },
                               [](const FunctionOutput& o) { return o.output.size(); }},
                    input);
}

// Where the inputs may start: not on a function output (its call would be missing).
std::size_t first_kept(const Inputs& inputs, std::size_t newest_user, const HistoryBudget& budget) {
  std::size_t total = 0;
  for (const auto& input : inputs) total += size_of(input);
  std::size_t start = 0;
  while (start < newest_user && total > budget.max_chars) total -= size_of(inputs[start++]);
  while (start < newest_user && std::holds_alternative<FunctionOutput>(inputs[start])) ++start;
  return start;
}

}  // namespace

std::string user_text(const UserMessageItem& item) {
  std::string text;
  for (const auto& part : item.content) {
    std::visit(Overloaded{[&](const InputTextContent& c) { text += c.text; },
                          [&](const InputTagContent& c) { text += "@" + c.text; }},
               part);
  }
  return text;
}

HiddenContextItem tool_record(const FunctionCall& call, const FunctionOutput& output) {
  HiddenContextItem item;
  item.content = {{"tool_call",
                   {{"call_id", call.call_id}, {"name", call.name}, {"arguments", call.arguments},
                    {"output", output.output}}}};
  return item;
}

std::optional<std::pair<FunctionCall, FunctionOutput>> read_tool_record(const HiddenContextItem& item) {
  const auto record = item.content.find("tool_call");
  if (!item.content.is_object() || record == item.content.end() || !record->is_object()) return std::nullopt;
  for (const char* key : {"call_id", "name", "arguments", "output"}) {
    if (!record->contains(key) || !(*record)[key].is_string()) return std::nullopt;
  }
  FunctionCall call{.call_id = (*record)["call_id"], .name = (*record)["name"], .arguments = (*record)["arguments"]};
  FunctionOutput output{.call_id = call.call_id, .output = (*record)["output"]};
  return std::pair{std::move(call), std::move(output)};
}

// Image and PDF bytes within the budget, newest first; older ones are described instead.
void keep_file_bytes_within(Inputs& inputs, std::size_t max_bytes) {
  std::size_t total = 0;
  for (auto input = inputs.rbegin(); input != inputs.rend(); ++input) {
    auto* message = std::get_if<ModelMessage>(&*input);
    if (!message) continue;
    for (auto& file : message->files) {
      if (!sent_as_binary(file)) continue;
      total += file.data.size();
      if (total <= max_bytes) continue;
      file.data.clear();
      file.missing = "the conversation's files are more than one request may carry";
    }
  }
}

std::vector<ModelInput> history_input(const std::vector<ThreadItem>& history, const HistoryBudget& budget,
                                      AttachmentReader* files) {
  Inputs inputs;
  std::size_t newest_user = 0;
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (std::holds_alternative<UserMessageItem>(history[i])) newest_user = inputs.size();
    convert(history[i], i + 1 == history.size(), inputs, files);
  }
  const std::size_t start = first_kept(inputs, newest_user, budget);
  inputs.erase(inputs.begin(), inputs.begin() + static_cast<std::ptrdiff_t>(start));
  keep_file_bytes_within(inputs, budget.max_file_bytes);
  return inputs;
}

}  // namespace chatkit::server
