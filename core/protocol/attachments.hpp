#pragma once
// Attachments (docs/PROTOCOL.md §3.6). `metadata` is server-only: stored, never sent to clients.
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "core/protocol/common.hpp"

namespace chatkit {

enum class UploadMethod { POST, PUT };

struct UploadDescriptor {
  std::string url;
  UploadMethod method = UploadMethod::PUT;
  std::map<std::string, std::string> headers;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("url", s.url);
    v.required("method", s.method);
    v.defaulted("headers", s.headers);
  }
};

struct AttachmentCommon {
  std::string id;
  std::string name;
  std::string mime_type;
  std::optional<UploadDescriptor> upload_descriptor;
  std::optional<std::string> thread_id;
  json metadata;  // null when absent
  template <class S, class V>
  static void common_fields(S& s, V& v) {
    v.required("id", s.id);
    v.required("name", s.name);
    v.required("mime_type", s.mime_type);
    v.optional("upload_descriptor", s.upload_descriptor);
    v.optional("thread_id", s.thread_id);
    v.server_only("metadata", s.metadata);
  }
};

struct FileAttachment : AttachmentCommon {
  static constexpr std::string_view kType = "file";
  template <class S, class V>
  static void fields(S& s, V& v) { common_fields(s, v); }
};

struct ImageAttachment : AttachmentCommon {
  static constexpr std::string_view kType = "image";
  std::string preview_url;
  template <class S, class V>
  static void fields(S& s, V& v) {
    common_fields(s, v);
    v.required("preview_url", s.preview_url);
  }
};

using Attachment = std::variant<FileAttachment, ImageAttachment>;

const AttachmentCommon& attachment_common(const Attachment& attachment);
AttachmentCommon& attachment_common(Attachment& attachment);

}  // namespace chatkit

template <>
struct chatkit::codec::EnumNames<chatkit::UploadMethod> {
  static constexpr std::array<std::string_view, 2> values = {"POST", "PUT"};
};
