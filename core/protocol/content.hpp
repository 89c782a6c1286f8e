#pragma once
// Message content: what users send (text, @-tags) and what the assistant writes (text with
// annotations that cite url / file / entity sources). docs/PROTOCOL.md §3.4-3.5.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/protocol/common.hpp"

namespace chatkit {

struct InputTextContent {
  static constexpr std::string_view kType = "input_text";
  std::string text;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("text", s.text); }
};

struct InputTagContent {
  static constexpr std::string_view kType = "input_tag";
  std::string id;
  std::string text;
  json data = json::object();  // required by the Python model, optional in JS: missing reads as {}
  std::optional<std::string> group;
  bool interactive = false;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("id", s.id);
    v.required("text", s.text);
    v.defaulted("data", s.data);
    v.optional("group", s.group);
    v.defaulted("interactive", s.interactive);
  }
};

using UserMessageContent = std::variant<InputTextContent, InputTagContent>;

// Fields every source shares; described by each source's fields().
struct SourceCommon {
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> timestamp;
  std::optional<std::string> group;
  template <class S, class V>
  static void common_fields(S& s, V& v) {
    v.required("title", s.title);
    v.optional("description", s.description);
    v.optional("timestamp", s.timestamp);
    v.optional("group", s.group);
  }
};

struct UrlSource : SourceCommon {
  static constexpr std::string_view kType = "url";
  std::string url;
  std::optional<std::string> attribution;
  template <class S, class V>
  static void fields(S& s, V& v) {
    common_fields(s, v);
    v.required("url", s.url);
    v.optional("attribution", s.attribution);
  }
};

struct FileSource : SourceCommon {
  static constexpr std::string_view kType = "file";
  std::string filename;
  template <class S, class V>
  static void fields(S& s, V& v) {
    common_fields(s, v);
    v.required("filename", s.filename);
  }
};

struct EntitySource : SourceCommon {
  static constexpr std::string_view kType = "entity";
  std::string id;
  std::optional<IconName> icon;
  std::optional<std::string> label;
  std::optional<std::string> inline_label;
  bool interactive = false;
  json data = json::object();
  std::optional<std::string> preview;  // deprecated ("lazy"), passed through
  template <class S, class V>
  static void fields(S& s, V& v) {
    common_fields(s, v);
    v.required("id", s.id);
    v.optional("icon", s.icon);
    v.optional("label", s.label);
    v.optional("inline_label", s.inline_label);
    v.defaulted("interactive", s.interactive);
    v.defaulted("data", s.data);
    v.optional("preview", s.preview);
  }
};

using Source = std::variant<UrlSource, FileSource, EntitySource>;

struct Annotation {
  static constexpr std::string_view kType = "annotation";
  Source source;
  std::optional<std::int64_t> index;  // character offset of the citation marker
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("source", s.source);
    v.optional("index", s.index);
  }
};

struct OutputTextContent {
  static constexpr std::string_view kType = "output_text";
  std::string text;
  std::vector<Annotation> annotations;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("text", s.text);
    v.defaulted("annotations", s.annotations);
  }
};

// The assistant has one content kind today.
using AssistantMessageContent = OutputTextContent;

}  // namespace chatkit
