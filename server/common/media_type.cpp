#include "server/common/media_type.hpp"

#include <algorithm>
#include <array>

namespace chatkit::server {

namespace {

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || std::string_view("!#$&^_.+-").find(c) != std::string_view::npos;
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::uint32_t byte(std::string_view bytes, std::size_t at) { return static_cast<unsigned char>(bytes[at]); }
std::uint32_t be16(std::string_view b, std::size_t at) { return byte(b, at) << 8 | byte(b, at + 1); }
std::uint32_t le16(std::string_view b, std::size_t at) { return byte(b, at) | byte(b, at + 1) << 8; }
std::uint32_t le24(std::string_view b, std::size_t at) { return le16(b, at) | byte(b, at + 2) << 16; }
std::uint32_t le32(std::string_view b, std::size_t at) { return le24(b, at) | byte(b, at + 3) << 24; }
std::uint32_t be32(std::string_view b, std::size_t at) { return be16(b, at) << 16 | be16(b, at + 2); }

constexpr std::string_view kPng = "\x89PNG\r\n\x1a\n";

// Signatures at offset 0, the first match wins.
struct Magic {
  std::string_view prefix;
  Signature signature;
};
constexpr std::array kMagic = {
    Magic{kPng, {"image/png", "a PNG image"}},
    Magic{"\xFF\xD8\xFF", {"image/jpeg", "a JPEG image"}},
    Magic{"GIF87a", {"image/gif", "a GIF image"}},
    Magic{"GIF89a", {"image/gif", "a GIF image"}},
    Magic{"%PDF-", {"application/pdf", "a PDF document"}},
    Magic{"\x7F" "ELF", {"application/x-executable", "an ELF executable", true}},
    Magic{std::string_view("\xFE\xED\xFA\xCE", 4), {"application/x-mach-binary", "a Mach-O executable", true}},
    Magic{std::string_view("\xFE\xED\xFA\xCF", 4), {"application/x-mach-binary", "a Mach-O executable", true}},
    Magic{std::string_view("\xCE\xFA\xED\xFE", 4), {"application/x-mach-binary", "a Mach-O executable", true}},
    Magic{std::string_view("\xCF\xFA\xED\xFE", 4), {"application/x-mach-binary", "a Mach-O executable", true}},
    Magic{std::string_view("\xCA\xFE\xBA\xBE", 4), {"application/java-vm", "a Mach-O or Java binary", true}},
    Magic{std::string_view("\0asm", 4), {"application/wasm", "a WebAssembly module", true}},
    Magic{"PK\x03\x04", {"application/zip", "a ZIP archive"}},
    Magic{"PK\x05\x06", {"application/zip", "a ZIP archive"}},
    Magic{"\x1F\x8B", {"application/gzip", "a gzip archive"}},
    Magic{"7z\xBC\xAF\x27\x1C", {"application/x-7z-compressed", "a 7-Zip archive"}},
    Magic{"Rar!\x1A\x07", {"application/vnd.rar", "a RAR archive"}},
};

// "MZ" alone is too common a start of text; a PE file also has "PE\0\0" where its header says.
bool is_pe(std::string_view head) {
  if (head.size() < 64 || !head.starts_with("MZ")) return false;
  const std::size_t offset = le32(head, 0x3C);
  return offset + 4 <= head.size() && head.substr(offset, 4) == std::string_view("PE\0\0", 4);
}

bool is_webp(std::string_view head) { return head.size() >= 12 && head.starts_with("RIFF") && head.substr(8, 4) == "WEBP"; }

// Enough of the head to judge by: a PE offset may point anywhere within kSniffBytes.
bool head_complete(std::string_view head) { return head.size() >= kSniffBytes; }

std::optional<PixelSize> png_size(std::string_view b) {
  if (b.size() < 24 || b.substr(12, 4) != "IHDR") return std::nullopt;
  return PixelSize{static_cast<int>(be32(b, 16)), static_cast<int>(be32(b, 20))};
}

std::optional<PixelSize> gif_size(std::string_view b) {
  if (b.size() < 10) return std::nullopt;
  return PixelSize{static_cast<int>(le16(b, 6)), static_cast<int>(le16(b, 8))};
}

std::optional<PixelSize> webp_size(std::string_view b) {
  if (b.size() < 30) return std::nullopt;
  const auto chunk = b.substr(12, 4);
  if (chunk == "VP8 " && b.substr(23, 3) == "\x9D\x01\x2A") {
    return PixelSize{static_cast<int>(le16(b, 26) & 0x3FFF), static_cast<int>(le16(b, 28) & 0x3FFF)};
  }
  if (chunk == "VP8L" && byte(b, 20) == 0x2F) {
    const std::uint32_t bits = le32(b, 21);
    return PixelSize{static_cast<int>((bits & 0x3FFF) + 1), static_cast<int>(((bits >> 14) & 0x3FFF) + 1)};
  }
  if (chunk == "VP8X") return PixelSize{static_cast<int>(le24(b, 24) + 1), static_cast<int>(le24(b, 27) + 1)};
  return std::nullopt;
}

// A start-of-frame marker: C0-CF except C4 (Huffman tables), C8 (reserved) and CC (arithmetic).
bool is_start_of_frame(std::uint32_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

std::optional<PixelSize> jpeg_size(std::string_view b) {
  std::size_t at = 2;
  while (at + 4 <= b.size()) {
    if (byte(b, at) != 0xFF) return std::nullopt;
    const std::uint32_t marker = byte(b, at + 1);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9)) {  // no length
      at += 2;
      continue;
    }
    const std::size_t length = be16(b, at + 2);
    if (is_start_of_frame(marker)) {
      if (at + 9 > b.size()) return std::nullopt;
      return PixelSize{static_cast<int>(be16(b, at + 7)), static_cast<int>(be16(b, at + 5))};
    }
    if (length < 2) return std::nullopt;
    at += 2 + length;
  }
  return std::nullopt;
}

}  // namespace

std::string normalize_media_type(std::string_view value) {
  value = trim_blanks(value.substr(0, value.find(';')));
  std::string type;
  type.reserve(value.size());
  for (char c : value) type += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  const auto slash = type.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == type.size() || type.size() > 127) return {};
  for (std::size_t i = 0; i < type.size(); ++i) {
    if (i != slash && !is_token_char(type[i])) return {};
  }
  return type;
}

MediaKind media_kind(std::string_view type) {
  if (type == "image/png" || type == "image/jpeg" || type == "image/gif" || type == "image/webp") return MediaKind::image;
  if (type == "application/pdf") return MediaKind::pdf;
  if (type.starts_with("text/") || type == "application/json" || type.ends_with("+json") || type == "application/xml" ||
      type.ends_with("+xml") || type == "application/yaml" || type == "application/x-yaml" ||
      type == "application/x-ndjson" || type == "application/javascript") {
    return MediaKind::text;
  }
  return MediaKind::other;
}

std::optional<Signature> sniff_signature(std::string_view head) {
  for (const auto& magic : kMagic) {
    if (head.starts_with(magic.prefix)) return magic.signature;
  }
  if (is_webp(head)) return Signature{"image/webp", "a WebP image"};
  if (is_pe(head)) return Signature{"application/x-msdownload", "a Windows executable", true};
  return std::nullopt;
}

std::string describe_media_type(std::string_view declared) {
  if (declared == "image/png") return "a PNG image";
  if (declared == "image/jpeg") return "a JPEG image";
  if (declared == "image/gif") return "a GIF image";
  if (declared == "image/webp") return "a WebP image";
  if (declared == "application/pdf") return "a PDF document";
  if (media_kind(declared) == MediaKind::text) return "UTF-8 text";
  return "a file of type " + std::string(declared);
}

void Utf8Check::feed(std::string_view bytes) {
  for (const char c : bytes) {
    if (!ok_) return;
    const auto b = static_cast<unsigned char>(c);
    if (pending_ > 0) {
      if ((b & 0xC0) != 0x80) {
        ok_ = false;
        return;
      }
      code_ = code_ << 6 | (b & 0x3F);
      if (--pending_ == 0) {
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
        const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        ok_ = code_ >= least[length_] && code_ <= 0x10FFFF && (code_ < 0xD800 || code_ > 0xDFFF);
      }
      continue;
    }
    if (b == 0) ok_ = false;
    else if (b < 0x80) continue;
    else if ((b & 0xE0) == 0xC0) length_ = 2, pending_ = 1, code_ = b & 0x1F;
    else if ((b & 0xF0) == 0xE0) length_ = 3, pending_ = 2, code_ = b & 0x0F;
    else if ((b & 0xF8) == 0xF0) length_ = 4, pending_ = 3, code_ = b & 0x07;
    else ok_ = false;
  }
}

bool Utf8Check::finish() { return ok_ && pending_ == 0; }

ContentCheck::ContentCheck(std::string declared_type) : declared_(std::move(declared_type)) {}

std::optional<std::string> ContentCheck::judge_head() const {
  const auto found = sniff_signature(head_);
  const auto kind = media_kind(declared_);
  const std::string expected = describe_media_type(declared_);
  const std::string looks = found ? ": they look like " + std::string(found->description) : "";
  if (kind == MediaKind::image || kind == MediaKind::pdf) {
    if (found && found->media_type == declared_) return std::nullopt;
    return "the bytes are not " + expected + looks;
  }
  if (kind == MediaKind::text) {
    if (!found) return std::nullopt;
    return "the bytes are not " + expected + looks;
  }
  if (found && found->executable) return "the bytes are not " + expected + looks;
  return std::nullopt;
}

std::optional<std::string> ContentCheck::feed(std::string_view bytes) {
  if (head_.size() < kSniffBytes) head_.append(bytes.substr(0, kSniffBytes - head_.size()));
  if (media_kind(declared_) == MediaKind::text) {
    text_.feed(bytes);
    if (text_.failed()) return "the bytes are not UTF-8 text";
  }
  if (!head_judged_ && head_complete(head_)) {
    head_judged_ = true;
    if (auto problem = judge_head()) return problem;
  }
  return std::nullopt;
}

std::optional<std::string> ContentCheck::finish() {
  if (!head_judged_) {
    head_judged_ = true;
    if (auto problem = judge_head()) return problem;
  }
  if (media_kind(declared_) == MediaKind::text && !text_.finish()) return "the bytes are not UTF-8 text";
  return std::nullopt;
}

std::optional<PixelSize> image_pixel_size(std::string_view bytes) {
  if (bytes.starts_with(kPng)) return png_size(bytes);
  if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return gif_size(bytes);
  if (bytes.starts_with("\xFF\xD8")) return jpeg_size(bytes);
  if (is_webp(bytes)) return webp_size(bytes);
  return std::nullopt;
}

}  // namespace chatkit::server
