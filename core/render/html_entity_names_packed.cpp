#include "core/render/html_entity_names.hpp"

namespace chatkit::render {
namespace {

// md4c's table (src/entity.c) as cmake/md4c_entities.cmake writes it at configure time: one
// entry "name;TEXT\0" per entity, TEXT its UTF-8, in md4c's order (sorted by name).
constexpr char kEntries[] =
#include <md4c_entity_table.inc>
    ;
constexpr std::string_view kTable(kEntries, sizeof kEntries - 1);

}  // namespace

std::optional<std::string> decode_named_entity(std::string_view reference) {
  if (reference.size() < 3 || reference.front() != '&' || reference.back() != ';') return std::nullopt;
  const std::string_view key = reference.substr(1);  // "name;", as the entries start
  // Binary search over the entries; `lo` and `hi` are always at the start of one (or the end).
  std::size_t lo = 0;
  std::size_t hi = kTable.size();
  while (lo < hi) {
    std::size_t start = lo + (hi - lo) / 2;
    while (start > lo && kTable[start - 1] != '\0') --start;  // back to the start of its entry
    const std::size_t end = kTable.find('\0', start);
    const std::string_view entry = kTable.substr(start, end - start);
    const std::string_view name = entry.substr(0, entry.find(';') + 1);  // names hold no ';'
    if (key == name) return std::string(entry.substr(name.size()));
    if (key < name) {
      hi = start;
    } else {
      lo = end + 1;
    }
  }
  return std::nullopt;
}

}  // namespace chatkit::render
