#include "server/http/auth.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "core/text.hpp"

namespace chatkit::server {
namespace {

constexpr std::string_view kBlank = " \t\r\n";

// Visible ASCII: no spaces, no control characters, nothing that could garble a log line.
bool printable_word(std::string_view text) {
  return !text.empty() && std::ranges::all_of(text, [](char c) { return c > ' ' && c < 0x7f; });
}

Error unauthorized(std::string message) { return make_error(ErrorCode::unauthorized, std::move(message)); }

// The token of "Bearer <token>"; the scheme is case-insensitive (RFC 7235 §2.1).
Result<std::string_view> bearer_token_of(std::string_view header) {
  header = trim(header);
  if (header.empty()) return unauthorized("missing Authorization: Bearer token");
  const auto space = header.find_first_of(kBlank);
  if (!iequals(header.substr(0, space), "Bearer")) return unauthorized("Authorization scheme must be Bearer");
  const std::string_view token = space == std::string_view::npos ? std::string_view{} : trim(header.substr(space));
  if (token.empty()) return unauthorized("missing Authorization: Bearer token");
  if (token.find_first_of(kBlank) != std::string_view::npos) {
    return unauthorized("Authorization: Bearer takes exactly one token");
  }
  return token;
}

// Equality whose time depends only on the stored token's length, never on where the bytes differ,
// so response times cannot be used to guess a token byte by byte.
bool constant_time_equal(std::string_view candidate, std::string_view stored) {
  std::size_t diff = candidate.size() ^ stored.size();
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const char c = candidate.empty() ? '\0' : candidate[i % candidate.size()];
    diff |= static_cast<unsigned char>(c ^ stored[i]);
  }
  return diff == 0;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = line.find_first_not_of(kBlank); start != std::string_view::npos;) {
    const auto end = line.find_first_of(kBlank, start);
    fields.push_back(line.substr(start, end - start));
    start = line.find_first_not_of(kBlank, end);
  }
  return fields;
}

struct TokenLine {
  std::string_view token;
  std::string_view user_id;
};

Error file_error(std::string_view source, int line, std::string_view problem) {
  return make_error(ErrorCode::invalid_request,
                    std::string(source) + ":" + std::to_string(line) + ": " + std::string(problem));
}

// One line of the token file: nothing for blanks and comments. Messages never include the token.
Result<std::optional<TokenLine>> parse_token_line(std::string_view text, std::string_view source, int line) {
  const auto fields = split_fields(text);
  if (fields.empty() || fields.front().starts_with('#')) return std::optional<TokenLine>{};
  if (fields.size() != 2) {
    return file_error(source, line, "expected \"TOKEN USER_ID\", found " + std::to_string(fields.size()) + " fields");
  }
  if (!printable_word(fields[0])) return file_error(source, line, "the token must be printable ASCII");
  if (!printable_word(fields[1])) {
    return file_error(source, line, "the user id must be printable ASCII without spaces");
  }
  return std::optional<TokenLine>{TokenLine{fields[0], fields[1]}};
}

// Quality of an Accept-Language entry in thousandths ("q=0.8" -> 800); nothing when malformed.
std::optional<int> parse_quality(std::string_view value) {
  if (value.empty() || (value[0] != '0' && value[0] != '1')) return std::nullopt;
  int millis = (value[0] - '0') * 1000;
  if (value.size() == 1) return millis;
  if (value[1] != '.' || value.size() > 5) return std::nullopt;
  int scale = 100;
  for (char c : value.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    millis += (c - '0') * scale;
    scale /= 10;
  }
  if (millis > 1000) return std::nullopt;
  return millis;
}

// The q of the parameters after a language tag (";q=0.8"); 1000 when absent.
std::optional<int> quality_of(std::string_view params) {
  int quality = 1000;
  while (!params.empty()) {
    const auto semicolon = params.find(';');
    const std::string_view param = trim(params.substr(0, semicolon));
    params = semicolon == std::string_view::npos ? std::string_view{} : params.substr(semicolon + 1);
    if (param.size() >= 2 && ascii_lower(param[0]) == 'q' && param[1] == '=') {
      auto parsed = parse_quality(trim(param.substr(2)));
      if (!parsed) return std::nullopt;
      quality = *parsed;
    }
  }
  return quality;
}

// A BCP 47-shaped tag: subtags of 1-8 letters or digits joined by '-', the first letters only.
bool valid_language_tag(std::string_view tag) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  bool first = true;
  while (true) {
    const auto dash = tag.find('-');
    const std::string_view subtag = tag.substr(0, dash);
    if (subtag.empty() || subtag.size() > 8) return false;
    if (!std::ranges::all_of(subtag, first ? +alpha : +alnum)) return false;
    if (dash == std::string_view::npos) return true;
    tag = tag.substr(dash + 1);
    first = false;
  }
}

}  // namespace

Result<std::string_view> bearer_token(std::string_view header) { return bearer_token_of(header); }

Result<RequestContext> LocalUserAuthenticator::authenticate(const AuthRequest& request) const {
  return RequestContext{.user_id = std::string(kUserId),
                        .locale = locale_from_accept_language(request.accept_language)};
}

Result<std::unique_ptr<TokenFileAuthenticator>> TokenFileAuthenticator::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::not_found, "cannot open the token file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::internal, "cannot read the token file " + path);
  return parse(text.str(), path);
}

Result<std::unique_ptr<TokenFileAuthenticator>> TokenFileAuthenticator::parse(std::string_view text,
                                                                              std::string_view source_name) {
  std::vector<Entry> entries;
  std::unordered_map<std::string_view, int> first_line;  // token -> line; the views point into `text`
  for (int line = 1; !text.empty(); ++line) {
    const auto newline = text.find('\n');
    auto parsed = parse_token_line(text.substr(0, newline), source_name, line);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (!parsed) return parsed.error();
    if (!*parsed) continue;
    const auto [it, inserted] = first_line.emplace((*parsed)->token, line);
    if (!inserted) {
      return file_error(source_name, line, "duplicate token (first on line " + std::to_string(it->second) + ")");
    }
    entries.push_back(Entry{std::string((*parsed)->token), std::string((*parsed)->user_id)});
  }
  if (entries.empty()) {
    return make_error(ErrorCode::invalid_request, std::string(source_name) + ": no tokens, so nobody could sign in");
  }
  return std::unique_ptr<TokenFileAuthenticator>(new TokenFileAuthenticator(std::move(entries)));
}

Result<RequestContext> TokenFileAuthenticator::authenticate(const AuthRequest& request) const {
  auto token = bearer_token_of(request.authorization);
  if (!token) return token.error();
  // Compare against every entry, without stopping at a match, so timing says nothing either.
  const Entry* match = nullptr;
  for (const Entry& entry : entries_) {
    if (constant_time_equal(*token, entry.token)) match = &entry;
  }
  if (match == nullptr) return unauthorized("unknown bearer token");
  return RequestContext{.user_id = match->user_id, .locale = locale_from_accept_language(request.accept_language)};
}

std::string locale_from_accept_language(std::string_view header) {
  std::string_view best;
  int best_quality = 0;  // q=0 means "not acceptable", so it never wins
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto semicolon = item.find(';');
    const std::string_view tag = trim(item.substr(0, semicolon));
    const auto quality =
        quality_of(semicolon == std::string_view::npos ? std::string_view{} : item.substr(semicolon + 1));
    // Strictly greater: among equal qualities the first listed wins.
    if (quality && *quality > best_quality && valid_language_tag(tag)) {
      best = tag;
      best_quality = *quality;
    }
  }
  return std::string(best);
}

}  // namespace chatkit::server
