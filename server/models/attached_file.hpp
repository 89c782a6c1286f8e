#pragma once
// What the providers share about attached files (docs/PROTOCOL.md §8.4): the text a file becomes
// when it is not sent as an image or a file part, and data: URLs.
#include <cstddef>
#include <string>
#include <string_view>

#include "server/models/model.hpp"

namespace chatkit::server {

// Text files are inlined up to this many bytes; a note says what was left out.
inline constexpr std::size_t kMaxInlineTextBytes = 100'000;

// The text part of a file that is not sent as an image or a file: a text file's name and content,
// or a sentence naming any other file (or saying why its content is missing).
std::string attached_file_text(const AttachedFile& file);
// True when the provider sends this file as an image or file part (its bytes are there).
bool sent_as_binary(const AttachedFile& file);

// "data:image/png;base64,iVBOR..."
std::string data_url(std::string_view mime_type, std::string_view bytes);
std::string base64_encode(std::string_view bytes);

}  // namespace chatkit::server
