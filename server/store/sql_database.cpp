#include "server/store/sql_database.hpp"

#include <charconv>

namespace chatkit::server {

const std::string& SqlRows::text(std::size_t row, std::size_t column) const {
  static const std::string kNull;
  const auto& cell = rows_.at(row).at(column);
  return cell ? *cell : kNull;
}

std::int64_t SqlRows::integer(std::size_t row, std::size_t column) const {
  const std::string& cell = text(row, column);
  std::int64_t value = 0;
  std::from_chars(cell.data(), cell.data() + cell.size(), value);
  return value;
}

std::string sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;  // the quote we are inside, if any
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$') {
      c = '?';
    }
    out += c;
  }
  return out;
}

}  // namespace chatkit::server
