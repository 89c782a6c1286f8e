#include "core/render/html_entity_names.hpp"

#include <cstddef>

#include "core/render/html_entities.hpp"

// md4c's HTML5 entity table (its src/entity.h, which Debian does not install), exported by
// libmd4c-html.
extern "C" {
struct entity {
  const char* name;        // "&name;"
  unsigned codepoints[2];  // the second is 0 for single code point entities
};
const struct entity* entity_lookup(const char* name, std::size_t name_size);
}

namespace chatkit::render {

std::optional<std::string> decode_named_entity(std::string_view reference) {
  const struct entity* found = entity_lookup(reference.data(), reference.size());
  if (found == nullptr) return std::nullopt;
  std::string out;
  append_utf8(out, found->codepoints[0]);
  if (found->codepoints[1] != 0) append_utf8(out, found->codepoints[1]);
  return out;
}

}  // namespace chatkit::render
