#pragma once
// Media types and what bytes really are: the names the server accepts, the signatures of the
// formats it knows (so that a ".png" that is an ELF binary is told apart), UTF-8 text, and the pixel
// size of an image from its header. Pure; the attachment store checks uploads with it
// (docs/PROTOCOL.md §2.15) and the offline model describes what it was given (§8.4).
//
// Our own, not libmagic: the allow-list is a handful of formats whose signatures are fixed, and the
// question is "is this a PNG?", not "what is this?". libmagic answers the second with heuristics
// that change between versions (Debian 12's 5.44 calls CSV and JSON text/plain), so we would still
// need our own table on top of its answers.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatkit::server {

// "Text/Plain; charset=UTF-8" -> "text/plain": lower-cased, without parameters and blanks; "" when
// it is not a type/subtype pair of token characters.
std::string normalize_media_type(std::string_view value);

// How a type reaches the model and the client.
enum class MediaKind {
  image,  // image/png, image/jpeg, image/gif, image/webp: shown inline, sent as an image
  pdf,    // application/pdf: sent as a file
  text,   // text/*, JSON, XML, YAML: inlined as text
  other,  // described by name and type
};
MediaKind media_kind(std::string_view normalized_type);

// A format told by its first bytes.
struct Signature {
  std::string_view media_type;   // "image/png", "application/x-executable", ...
  std::string_view description;  // "a PNG image", "an ELF executable", ...
  bool executable = false;
};

// How many leading bytes the sniffer looks at (a PE header's offset lies within them).
inline constexpr std::size_t kSniffBytes = 4096;

// The known format `head` (the first bytes of a file, up to kSniffBytes) starts with, if any.
std::optional<Signature> sniff_signature(std::string_view head);

// What `declared` looks like to a reader: "a PNG image", "UTF-8 text", "a file of type x/y".
std::string describe_media_type(std::string_view declared);

// Incremental UTF-8 check (no NUL bytes either), for text files whatever their size.
class Utf8Check {
 public:
  void feed(std::string_view bytes);
  // True when every byte fed so far, taken as a whole, is UTF-8 text.
  bool finish();
  // True once a byte was found that no continuation can make UTF-8.
  bool failed() const { return !ok_; }

 private:
  int pending_ = 0;            // continuation bytes still expected
  std::uint32_t code_ = 0;     // the code point being read
  int length_ = 0;             // the length of its sequence
  bool ok_ = true;
};

// Checks the bytes of a file against its declared (normalized) type as they arrive: images and
// PDFs by their signature, text as UTF-8, anything else not an executable. nullopt while (and
// once) they fit; otherwise why not, for the client ("the bytes are not a PNG image: they look like
// an ELF executable").
class ContentCheck {
 public:
  explicit ContentCheck(std::string declared_type);
  // Returns the problem as soon as one is certain.
  std::optional<std::string> feed(std::string_view bytes);
  std::optional<std::string> finish();
  // The first bytes seen (up to kSniffBytes).
  const std::string& head() const { return head_; }

 private:
  std::optional<std::string> judge_head() const;

  std::string declared_;
  std::string head_;
  bool head_judged_ = false;
  Utf8Check text_;
};

struct PixelSize {
  int width = 0;
  int height = 0;
};
// The pixel size a PNG, JPEG, GIF or WebP file declares in its header; nullopt for other bytes or a
// header cut short.
std::optional<PixelSize> image_pixel_size(std::string_view bytes);

}  // namespace chatkit::server
