#include "server/models/attached_file.hpp"

namespace chatkit::server {

namespace {

std::string in_quotes(std::string_view name) { return "\"" + std::string(name) + "\""; }

std::string bytes_of(std::size_t size) { return std::to_string(size) + (size == 1 ? " byte" : " bytes"); }

}  // namespace

bool sent_as_binary(const AttachedFile& file) {
  return file.missing.empty() && (file.kind == AttachedFile::Kind::image || file.kind == AttachedFile::Kind::pdf);
}

std::string attached_file_text(const AttachedFile& file) {
  if (!file.missing.empty()) {
    return "The user attached " + in_quotes(file.name) + " (" + file.mime_type + ", " + bytes_of(file.size) +
           "), but its content is not available: " + file.missing + ".";
  }
  switch (file.kind) {
    case AttachedFile::Kind::text: {
      std::string text = "File " + in_quotes(file.name) + " (" + file.mime_type + "):\n" + file.data;
      if (file.size > file.data.size()) {
        text += "\n[… " + bytes_of(file.size - file.data.size()) + " more of this file are not shown]";
      }
      return text;
    }
    case AttachedFile::Kind::image:
    case AttachedFile::Kind::pdf:
    case AttachedFile::Kind::other: break;
  }
  return "The user attached " + in_quotes(file.name) + " (" + file.mime_type + ", " + bytes_of(file.size) +
         "); its content cannot be shown to you.";
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
    const std::uint32_t chunk = at(i) << 16 | (i + 1 < bytes.size() ? at(i + 1) << 8 : 0) |
                                (i + 2 < bytes.size() ? at(i + 2) : 0);
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[chunk & 63] : '=';
  }
  return out;
}

std::string data_url(std::string_view mime_type, std::string_view bytes) {
  return "data:" + std::string(mime_type) + ";base64," + base64_encode(bytes);
}

}  // namespace chatkit::server
