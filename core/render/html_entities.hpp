#pragma once
// Character references in Markdown (`&amp;`, `&#35;`, `&#x1F600;`) as the text they stand for.
// md4c finds them and leaves their meaning to the renderer; named ones are looked up in the
// HTML5 table that md4c ships with its HTML renderer (html_entity_names.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatkit::render {

// The UTF-8 text of `reference` ("&name;", "&#N;" or "&#xH;"). Numeric references to code
// point 0, surrogates or beyond U+10FFFF give U+FFFD, as CommonMark says. nullopt for a name
// HTML does not define: the reference then stays text.
std::optional<std::string> decode_entity(std::string_view reference);

// Appends the UTF-8 encoding of `code_point` (U+FFFD for one that has none).
void append_utf8(std::string& out, std::uint32_t code_point);

}  // namespace chatkit::render
