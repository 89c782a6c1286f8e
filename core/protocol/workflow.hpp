#pragma once
// Workflows and tasks (docs/PROTOCOL.md §3.9).
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/protocol/content.hpp"

namespace chatkit {

enum class TaskStatusIndicator { none, loading, complete };

struct CustomTask {
  static constexpr std::string_view kType = "custom";
  std::optional<std::string> title;
  std::optional<IconName> icon;
  std::optional<std::string> content;
  TaskStatusIndicator status_indicator = TaskStatusIndicator::none;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.optional("title", s.title);
    v.optional("icon", s.icon);
    v.optional("content", s.content);
    v.defaulted("status_indicator", s.status_indicator);
  }
};

struct WebSearchTask {
  static constexpr std::string_view kType = "web_search";
  std::optional<std::string> title;
  std::optional<std::string> title_query;
  std::vector<std::string> queries;
  std::vector<UrlSource> sources;
  TaskStatusIndicator status_indicator = TaskStatusIndicator::none;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.optional("title", s.title);
    v.optional("title_query", s.title_query);
    v.defaulted("queries", s.queries);
    v.defaulted("sources", s.sources);
    v.defaulted("status_indicator", s.status_indicator);
  }
};

struct ThoughtTask {
  static constexpr std::string_view kType = "thought";
  std::optional<std::string> title;
  std::string content;
  TaskStatusIndicator status_indicator = TaskStatusIndicator::none;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.optional("title", s.title);
    v.required("content", s.content);
    v.defaulted("status_indicator", s.status_indicator);
  }
};

struct FileTask {
  static constexpr std::string_view kType = "file";
  std::optional<std::string> title;
  std::vector<FileSource> sources;
  TaskStatusIndicator status_indicator = TaskStatusIndicator::none;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.optional("title", s.title);
    v.defaulted("sources", s.sources);
    v.defaulted("status_indicator", s.status_indicator);
  }
};

struct ImageTask {
  static constexpr std::string_view kType = "image";
  std::optional<std::string> title;
  TaskStatusIndicator status_indicator = TaskStatusIndicator::none;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.optional("title", s.title);
    v.defaulted("status_indicator", s.status_indicator);
  }
};

using Task = std::variant<CustomTask, WebSearchTask, ThoughtTask, FileTask, ImageTask>;

// WorkflowSummary is the one union told apart by shape, not by a `type` field.
struct CustomSummary {
  std::string title;
  std::optional<IconName> icon;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("title", s.title);
    v.optional("icon", s.icon);
  }
};
struct DurationSummary {
  std::int64_t duration = 0;  // whole seconds
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("duration", s.duration); }
};
struct WorkflowSummary {
  std::variant<CustomSummary, DurationSummary> value;
};

enum class WorkflowType { custom, reasoning };

struct Workflow {
  WorkflowType type = WorkflowType::custom;
  std::vector<Task> tasks;
  std::optional<WorkflowSummary> summary;
  bool expanded = false;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("type", s.type);
    v.required("tasks", s.tasks);
    v.optional("summary", s.summary);
    v.defaulted("expanded", s.expanded);
  }
};

}  // namespace chatkit

template <>
struct chatkit::codec::EnumNames<chatkit::TaskStatusIndicator> {
  static constexpr std::array<std::string_view, 3> values = {"none", "loading", "complete"};
};
template <>
struct chatkit::codec::EnumNames<chatkit::WorkflowType> {
  static constexpr std::array<std::string_view, 2> values = {"custom", "reasoning"};
};
CHATKIT_CUSTOM_CODEC(chatkit::WorkflowSummary);
