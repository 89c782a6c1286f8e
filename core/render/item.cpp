#include "core/render/item.hpp"

#include <type_traits>

#include "core/render/markdown.hpp"
#include "core/render/sanitize.hpp"
#include "core/render/streaming_text.hpp"
#include "core/render/widget.hpp"
#include "core/render/widget_controls.hpp"
#include "core/variant_util.hpp"

namespace chatkit::render {
namespace {

template <class Enum>
std::string_view enum_name(Enum value) {
  return codec::EnumNames<Enum>::values[static_cast<std::size_t>(value)];
}

Element item_root(const ItemBase& base, std::string_view type) {
  Element root = el(Tag::div, "ck-item").add_class("ck-item-" + kebab(type));
  return root.set("data-ck-item", base.id).with_key(base.id);
}

Element text_element(Tag tag, std::string_view class_name, std::string text) {
  return el(tag, class_name).append(Node(std::move(text)));
}

// ---- sources and tasks ----------------------------------------------------------------------

Element url_link(const UrlSource& source) {
  Element link = el(Tag::a).set("href", source.url);
  if (link.attr("href") == nullptr) return text_element(Tag::span, {}, source.title);
  return link.set("target", "_blank").append(Node(source.title.empty() ? source.url : source.title));
}

Element source_element(const Source& source) {
  static_assert(std::variant_size_v<Source> == 3, "render every source");
  return std::visit(Overloaded{
                        [](const UrlSource& s) { return url_link(s); },
                        [](const FileSource& s) { return text_element(Tag::span, {}, s.title.empty() ? s.filename : s.title); },
                        [](const EntitySource& s) { return text_element(Tag::span, {}, s.label.value_or(s.title)); },
                    },
                    source);
}

std::optional<Element> sources_list(const std::vector<Annotation>& annotations) {
  if (annotations.empty()) return std::nullopt;
  Element list = el(Tag::ol, "ck-sources");
  for (const Annotation& annotation : annotations) {
    list.append(el(Tag::li, "ck-source").append(source_element(annotation.source)));
  }
  return list;
}

void append_title(Element& task, const std::optional<std::string>& title) {
  if (title) task.append(text_element(Tag::span, "ck-task-title", *title));
}

template <class Sources>
void append_sources(Element& task, const Sources& sources) {
  if (sources.empty()) return;
  Element list = el(Tag::ul, "ck-task-sources");
  for (const auto& source : sources) list.append(el(Tag::li).append(source_element(Source(source))));
  task.append(std::move(list));
}

void fill_task(Element& task, const CustomTask& t) {
  if (t.icon) {
    if (auto icon = icon_element(json(t.icon->value))) task.append(std::move(*icon));
  }
  append_title(task, t.title);
  if (t.content) task.append(text_element(Tag::div, "ck-task-content", *t.content));
}

void fill_task(Element& task, const WebSearchTask& t) {
  append_title(task, t.title ? t.title : t.title_query);
  if (!t.queries.empty()) {
    Element queries = el(Tag::ul, "ck-task-queries");
    for (const std::string& query : t.queries) queries.append(text_element(Tag::li, {}, query));
    task.append(std::move(queries));
  }
  append_sources(task, t.sources);
}

void fill_task(Element& task, const ThoughtTask& t, const MarkdownOptions& options) {
  append_title(task, t.title);
  task.append(el(Tag::div, "ck-task-content").append(render_markdown(t.content, options)));
}

void fill_task(Element& task, const FileTask& t) {
  append_title(task, t.title);
  append_sources(task, t.sources);
}

void fill_task(Element& task, const ImageTask& t) { append_title(task, t.title); }

Element task_element(Tag tag, const Task& task, const MarkdownOptions& options) {
  static_assert(std::variant_size_v<Task> == 5, "render every task");
  return std::visit(
      [&](const auto& t) {
        using T = std::decay_t<decltype(t)>;
        Element element = el(tag, "ck-task").add_class("ck-task-" + kebab(T::kType));
        element.add_class("ck-status-" + std::string(enum_name(t.status_indicator)));
        if constexpr (std::is_same_v<T, ThoughtTask>) {
          fill_task(element, t, options);  // the only task with Markdown
        } else {
          fill_task(element, t);
        }
        return element;
      },
      task);
}

// ---- items ----------------------------------------------------------------------------------

Element user_content(const UserMessageContent& content) {
  static_assert(std::variant_size_v<UserMessageContent> == 2, "render every user content");
  return std::visit(Overloaded{
                        [](const InputTextContent& c) { return text_element(Tag::span, "ck-input-text", c.text); },
                        [](const InputTagContent& c) { return text_element(Tag::span, "ck-tag", c.text).set("data-ck-tag", c.id); },
                    },
                    content);
}

Element attachment_element(const Attachment& attachment) {
  if (const auto* image = std::get_if<ImageAttachment>(&attachment)) {
    Element img = el(Tag::img, "ck-attachment").add_class("ck-attachment-image").set("src", image->preview_url);
    if (img.attr("src") != nullptr) return img.set("alt", image->name);
  }
  return text_element(Tag::span, "ck-attachment", attachment_common(attachment).name).add_class("ck-attachment-file");
}

Element render(const UserMessageItem& item, const MarkdownOptions&) {
  Element root = item_root(item, item.kType);
  if (item.quoted_text) root.append(text_element(Tag::blockquote, "ck-quoted", *item.quoted_text));
  Element content = el(Tag::div, "ck-user-content");
  for (const UserMessageContent& part : item.content) content.append(user_content(part));
  root.append(std::move(content));
  if (!item.attachments.empty()) {
    Element attachments = el(Tag::div, "ck-attachments");
    for (const Attachment& attachment : item.attachments) attachments.append(attachment_element(attachment));
    root.append(std::move(attachments));
  }
  return root;
}

Element render(const AssistantMessageItem& item, const MarkdownOptions& options) {
  Element root = item_root(item, item.kType);
  for (std::size_t i = 0; i < item.content.size(); ++i) root.append(render_content_part(item.id, i, item.content[i], options));
  return root;
}

Element render(const ClientToolCallItem& item, const MarkdownOptions&) {
  Element root = item_root(item, item.kType);
  root.append(text_element(Tag::span, "ck-tool-name", item.name));
  const std::string status(enum_name(item.status));
  return root.append(text_element(Tag::span, "ck-tool-status", status).add_class("ck-status-" + status));
}

Element render(const WidgetItem& item, const MarkdownOptions& options) {
  Element root = item_root(item, item.kType);
  if (item.copy_text) root.set("data-ck-copy-text", *item.copy_text);
  return root.append(render_widget(item.widget.value, item.id, options));
}

Element render(const GeneratedImageItem& item, const MarkdownOptions&) {
  Element root = item_root(item, item.kType);
  if (item.image) {
    Element image = el(Tag::img, "ck-generated-image").set("src", item.image->url).set("alt", "");
    if (image.attr("src") != nullptr) return root.append(std::move(image));
  }
  return root.append(el(Tag::div, "ck-image-pending").set("role", "status").set("aria-busy", "true"));
}

Element option_button(const StructuredInputItem& item, const MultipleChoiceInput& input, const ChoiceOption& option) {
  const bool chosen = input.answer && std::find(input.answer->values.begin(), input.answer->values.end(), option.value) !=
                                          input.answer->values.end();
  Element button = text_element(Tag::button, "ck-option", option.value).set("type", "button");
  if (chosen) button.add_class("ck-selected");
  button.set("data-ck-structured-input", item.id).set("data-ck-question", input.id).set("data-ck-value", option.value);
  return button.flag("disabled", item.status != StructuredInputStatus::pending);
}

void append_answer(Element& question, const std::optional<StructuredAnswer>& answer) {
  if (!answer) return;
  if (answer->skipped) {
    question.append(el(Tag::p, "ck-answer").add_class("ck-skipped"));
    return;
  }
  std::string text;
  for (const std::string& value : answer->values) text += (text.empty() ? "" : ", ") + value;
  question.append(text_element(Tag::p, "ck-answer", text));
}

Element question_element(const StructuredInputItem& item, const StructuredInput& input) {
  static_assert(std::variant_size_v<StructuredInput> == 2, "render every structured input");
  return std::visit(
      Overloaded{
          [&](const MultipleChoiceInput& q) {
            Element question = el(Tag::div, "ck-question").set("data-ck-question", q.id);
            question.append(text_element(Tag::p, "ck-question-text", q.question));
            Element options = el(Tag::div, "ck-options").set("role", "group");
            if (q.multiple) options.set("data-ck-multiple", "");
            for (const ChoiceOption& option : q.options) options.append(option_button(item, q, option));
            question.append(std::move(options));
            append_answer(question, q.answer);
            return question;
          },
          [&](const FreeformInput& q) {
            Element question = el(Tag::div, "ck-question").set("data-ck-question", q.id);
            question.append(text_element(Tag::p, "ck-question-text", q.question));
            if (q.description) question.append(text_element(Tag::p, "ck-question-description", *q.description));
            if (item.status == StructuredInputStatus::pending) {
              question.append(el(Tag::textarea, "ck-freeform").set("data-ck-structured-input", item.id).set("data-ck-question", q.id));
            }
            append_answer(question, q.answer);
            return question;
          },
      },
      input);
}

Element render(const StructuredInputItem& item, const MarkdownOptions&) {
  Element root = item_root(item, item.kType).add_class("ck-status-" + std::string(enum_name(item.status)));
  for (const StructuredInput& input : item.inputs) root.append(question_element(item, input));
  return root;
}

Element workflow_summary(const Workflow& workflow) {
  Element summary = el(Tag::div, "ck-workflow-summary");
  if (!workflow.summary) return summary;
  if (const auto* custom = std::get_if<CustomSummary>(&workflow.summary->value)) {
    if (custom->icon) {
      if (auto icon = icon_element(json(custom->icon->value))) summary.append(std::move(*icon));
    }
    return summary.append(Node(custom->title));
  }
  const auto seconds = std::get<DurationSummary>(workflow.summary->value).duration;
  return summary.set("data-ck-duration", std::to_string(seconds)).append(Node(std::to_string(seconds) + "s"));
}

Element render(const WorkflowItem& item, const MarkdownOptions& options) {
  Element root = item_root(item, item.kType).add_class("ck-workflow");
  root.add_class("ck-workflow-" + std::string(enum_name(item.workflow.type)));
  if (item.workflow.expanded) root.add_class("ck-expanded");
  root.append(workflow_summary(item.workflow));
  Element tasks = el(Tag::ol, "ck-tasks");
  for (const Task& task : item.workflow.tasks) tasks.append(task_element(Tag::li, task, options));
  return root.append(std::move(tasks));
}

Element render(const TaskItem& item, const MarkdownOptions& options) {
  return item_root(item, item.kType).append(task_element(Tag::div, item.task, options));
}

Element render(const EndOfTurnItem& item, const MarkdownOptions&) { return item_root(item, item.kType); }

}  // namespace

std::string part_key(std::string_view item_id, std::size_t index) {
  return std::string(item_id) + "#" + std::to_string(index);
}

Node render_content_part(std::string_view item_id, std::size_t index, const AssistantMessageContent& part,
                         const MarkdownOptions& options) {
  const std::string key = part_key(item_id, index);
  Element element = el(Tag::div, "ck-content");
  element.append(keyed_blocks(key, part.text, options));
  if (auto sources = sources_list(part.annotations)) element.append(std::move(*sources));
  return element.with_key(key);
}

std::optional<Node> render_item(const ThreadItem& item, const MarkdownOptions& options) {
  static_assert(std::variant_size_v<ThreadItem> == 11, "render every item type");
  return std::visit(Overloaded{
                        [](const HiddenContextItem&) -> std::optional<Node> { return std::nullopt; },
                        [](const SdkHiddenContextItem&) -> std::optional<Node> { return std::nullopt; },
                        [&](const auto& visible) -> std::optional<Node> { return Node(render(visible, options)); },
                    },
                    item);
}

}  // namespace chatkit::render
