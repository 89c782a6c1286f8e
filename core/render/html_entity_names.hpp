#pragma once
// The named half of html_entities.hpp: md4c's HTML5 entity table, looked up by name. Natively the
// table is md4c's own (libmd4c-html, html_entity_names_md4c.cpp); the wasm build packs the same
// table into one string (html_entity_names_packed.cpp), which core/CMakeLists.txt chooses.
#include <optional>
#include <string>
#include <string_view>

namespace chatkit::render {

// The UTF-8 text of a named reference ("&amp;": "&"); nullopt for a name HTML does not define.
std::optional<std::string> decode_named_entity(std::string_view reference);

}  // namespace chatkit::render
