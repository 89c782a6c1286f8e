#include "server/store/database_target.hpp"

namespace chatkit::server {

namespace {

constexpr std::string_view kMask = "***";

bool is_uri(std::string_view db) { return db.starts_with("postgres://") || db.starts_with("postgresql://"); }

// The URI's user:password@ part: the password runs from the first ':' of the authority to its last '@'.
std::string redact_uri_userinfo(std::string db) {
  const auto authority = db.find("://") + 3;
  const auto end = db.find_first_of("/?", authority);
  const auto at = db.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < authority) return db;
  const auto colon = db.find(':', authority);
  if (colon == std::string::npos || colon > at) return db;
  return db.replace(colon + 1, at - colon - 1, kMask);
}

// ?password=... or &password=... of a URI, up to the next '&'.
std::string redact_uri_query(std::string db) {
  for (std::string_view key : {"?password=", "&password="}) {
    for (auto found = db.find(key); found != std::string::npos; found = db.find(key, found + 1)) {
      const auto value = found + key.size();
      const auto end = db.find('&', value);
      db.replace(value, (end == std::string::npos ? db.size() : end) - value, kMask);
    }
  }
  return db;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where a keyword value that starts at `value` ends: a quoted one at its closing quote (a
// backslash escapes the next character), a bare one at the next blank.
std::size_t value_end(std::string_view text, std::size_t value) {
  if (value < text.size() && text[value] == '\'') {
    for (std::size_t i = value + 1; i < text.size(); ++i) {
      if (text[i] == '\\') ++i;
      else if (text[i] == '\'') return i + 1;
    }
    return text.size();
  }
  std::size_t i = value;
  while (i < text.size() && !is_blank(text[i])) ++i;
  return i;
}

// password = value, wherever the keyword stands at the start of the string or after a blank.
std::string redact_keywords(std::string db) {
  constexpr std::string_view kKeyword = "password";
  for (auto found = db.find(kKeyword); found != std::string::npos; found = db.find(kKeyword, found + 1)) {
    if (found > 0 && !is_blank(db[found - 1])) continue;
    auto i = found + kKeyword.size();
    while (i < db.size() && is_blank(db[i])) ++i;
    if (i >= db.size() || db[i] != '=') continue;
    ++i;
    while (i < db.size() && is_blank(db[i])) ++i;
    db.replace(i, value_end(db, i) - i, kMask);
  }
  return db;
}

}  // namespace

DatabaseTarget database_target(std::string_view db) {
  if (db == "postgres:") return PostgresTarget{};
  if (is_uri(db) || db.find('=') != std::string_view::npos) return PostgresTarget{std::string(db)};
  return SqliteTarget{std::string(db)};
}

std::string redact_database(std::string_view db) {
  if (is_uri(db)) return redact_uri_query(redact_uri_userinfo(std::string(db)));
  if (db.find('=') != std::string_view::npos) return redact_keywords(std::string(db));
  return std::string(db);
}

}  // namespace chatkit::server
