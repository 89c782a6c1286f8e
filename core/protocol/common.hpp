#pragma once
// Shared protocol value types: statuses, sort order, feedback, inference options, pages, icons.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/protocol/wire.hpp"
#include "core/json_io.hpp"
#include "core/timestamp.hpp"

namespace chatkit {

// An icon name, checked against docs/PROTOCOL.md Appendix A when decoded.
struct IconName {
  std::string value;
  bool operator==(const IconName&) const = default;
};

enum class SortOrder { asc, desc };
enum class FeedbackKind { positive, negative };

struct ActiveStatus {
  static constexpr std::string_view kType = "active";
  template <class S, class V>
  static void fields(S&, V&) {}
  bool operator==(const ActiveStatus&) const = default;
};
struct LockedStatus {
  static constexpr std::string_view kType = "locked";
  std::optional<std::string> reason;
  template <class S, class V>
  static void fields(S& s, V& v) { v.optional("reason", s.reason); }
  bool operator==(const LockedStatus&) const = default;
};
struct ClosedStatus {
  static constexpr std::string_view kType = "closed";
  std::optional<std::string> reason;
  template <class S, class V>
  static void fields(S& s, V& v) { v.optional("reason", s.reason); }
  bool operator==(const ClosedStatus&) const = default;
};
using ThreadStatus = std::variant<ActiveStatus, LockedStatus, ClosedStatus>;

struct ToolChoice {
  std::string id;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("id", s.id); }
  bool operator==(const ToolChoice&) const = default;
};

struct InferenceOptions {
  std::optional<ToolChoice> tool_choice;
  std::optional<std::string> model;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.optional("tool_choice", s.tool_choice);
    v.optional("model", s.model);
  }
  bool operator==(const InferenceOptions&) const = default;
};

template <class T>
struct Page {
  std::vector<T> data;
  bool has_more = false;
  std::optional<std::string> after;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.defaulted("data", s.data);
    v.defaulted("has_more", s.has_more);
    v.optional("after", s.after);
  }
};

}  // namespace chatkit

template <>
struct chatkit::codec::EnumNames<chatkit::SortOrder> {
  static constexpr std::array<std::string_view, 2> values = {"asc", "desc"};
};
template <>
struct chatkit::codec::EnumNames<chatkit::FeedbackKind> {
  static constexpr std::array<std::string_view, 2> values = {"positive", "negative"};
};
CHATKIT_CUSTOM_CODEC(chatkit::IconName);
CHATKIT_CUSTOM_CODEC(chatkit::Timestamp);
