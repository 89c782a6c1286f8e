#include "server/models/derived_title.hpp"

#include <cctype>
#include <vector>

#include "core/text.hpp"

namespace chatkit::server {

namespace {

constexpr std::size_t kMaxWords = 6;
constexpr std::size_t kMaxBytes = 48;

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Cuts at a UTF-8 character boundary at or before `limit`.
std::string cut_utf8(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

}  // namespace

std::string derive_title(std::string_view message) {
  const auto words = words_of(message);
  std::string title;
  for (std::size_t i = 0; i < words.size() && i < kMaxWords; ++i) title += (i ? " " : "") + words[i];
  const bool shortened = words.size() > kMaxWords || title.size() > kMaxBytes;
  title = std::string(trim(cut_utf8(std::move(title), kMaxBytes), " \t.,;:!?-"));
  if (title.empty()) return "New chat";
  if (title[0] >= 'a' && title[0] <= 'z') title[0] = static_cast<char>(title[0] - 'a' + 'A');
  return shortened ? title + "…" : title;
}

std::string clean_title(std::string_view title) {
  std::string text(title.substr(0, title.find('\n')));
  for (std::string_view prefix : {"Title:", "title:", "TITLE:"}) {
    if (text.starts_with(prefix)) text = text.substr(prefix.size());
  }
  text = std::string(trim(text, " \t\r\"'`*#."));
  return cut_utf8(std::move(text), 2 * kMaxBytes);
}

}  // namespace chatkit::server
