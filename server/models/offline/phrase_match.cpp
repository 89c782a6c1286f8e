#include "server/models/offline/phrase_match.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace chatkit::server {

namespace {

// std::regex's \s in the C locale.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

}  // namespace

// The words of a text, cut only as far as a match looks at them: most phrasings are told apart by
// their first words, and a last "…" takes the rest of the text without cutting it.
class Phrase::Words {
 public:
  explicit Words(std::string_view text) : text_(text) {
    while (!text_.empty() && is_space(text_.back())) text_.remove_suffix(1);
  }
  // Whether there is a word `i`.
  bool has(std::size_t i) {
    while (words_.size() <= i) {
      if (!cut_next()) return false;
    }
    return true;
  }
  std::size_t count() {
    while (cut_next()) continue;
    return words_.size();
  }
  // Whether the words from `at` on start with `expected` (lower-case words).
  bool start_with(std::size_t at, const std::vector<std::string>& expected) {
    if (!has(at + expected.size() - 1)) return false;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const std::string_view word = words_[at + i];
      if (!std::equal(word.begin(), word.end(), expected[i].begin(), expected[i].end(),
                      [](char a, char b) { return ascii_lower(a) == b; })) {
        return false;
      }
    }
    return true;
  }
  // Words [first, last) as they are in the text, spacing included (both were had).
  std::string_view span(std::size_t first, std::size_t last) const {
    const char* begin = words_[first].data();
    const char* end = words_[last - 1].data() + words_[last - 1].size();
    return {begin, static_cast<std::size_t>(end - begin)};
  }
  // Word `first` (had) and all the words after it.
  std::string_view rest(std::size_t first) const {
    const char* begin = words_[first].data();
    return {begin, static_cast<std::size_t>(text_.data() + text_.size() - begin)};
  }

 private:
  // Cuts the next word off the text; false at its end.
  bool cut_next() {
    if (cut_ == text_.size()) return false;
    const char* const end = text_.data() + text_.size();
    const char* begin = std::find_if_not(text_.data() + cut_, end, is_space);  // text_ ends with a word
    const char* word_end = std::find_if(begin, end, is_space);
    words_.emplace_back(begin, static_cast<std::size_t>(word_end - begin));
    cut_ = static_cast<std::size_t>(word_end - text_.data());
    return true;
  }

  std::string_view text_;  // without the spaces at its end
  std::vector<std::string_view> words_;
  std::size_t cut_ = 0;  // where the words not cut yet start
};

Phrase::Phrase(std::string_view pattern) {
  for (std::string_view place : split(pattern, ' ')) {
    Place parsed;
    parsed.optional = place.ends_with('?');
    if (parsed.optional) place.remove_suffix(1);
    if (place == "…") {
      places_.push_back(std::move(parsed));
      continue;
    }
    for (std::string_view choice : split(place, '|')) {
      std::vector<std::string> words;
      for (std::string_view word : split(choice, '_')) words.emplace_back(word);
      parsed.choices.push_back(std::move(words));
    }
    places_.push_back(std::move(parsed));
  }
  std::size_t most = 0;  // words the places after the current one take at most
  for (auto place = places_.rbegin(); place != places_.rend(); ++place) {
    place->most_after = most;
    std::size_t longest = 0;
    for (const auto& choice : place->choices) longest = std::max(longest, choice.size());
    most = place->choices.empty() || most == kAny ? kAny : most + longest;
  }
}

std::optional<Captures> Phrase::match(std::string_view text) const {
  Words words(text);
  Captures captures;
  if (!match_from(0, 0, words, captures)) return std::nullopt;
  return captures;
}

// Whether places [place, end) match words [word, end), trying choices in order, an optional place
// taken before left out, and a "…" as short as possible: as std::regex did, so phrasings keep
// meaning what they meant.
bool Phrase::match_from(std::size_t place, std::size_t word, Words& words, Captures& captures) const {
  if (place == places_.size()) return !words.has(word);
  const Place& here = places_[place];
  if (here.choices.empty()) {
    if (!words.has(word)) return false;
    if (place + 1 == places_.size()) {
      captures.push_back(words.rest(word));
      return true;
    }
    // The places after take at most most_after words and must reach the end: shorter captures
    // cannot match, and are not tried (so "… as done" looks at the last words only).
    std::size_t end = word + 1;
    if (here.most_after != kAny) {
      const std::size_t count = words.count();
      if (count > here.most_after) end = std::max(end, count - here.most_after);
    }
    for (; words.has(end - 1); ++end) {
      captures.push_back(words.span(word, end));
      if (match_from(place + 1, end, words, captures)) return true;
      captures.pop_back();
    }
    return false;
  }
  for (const auto& choice : here.choices) {
    if (words.start_with(word, choice) && match_from(place + 1, word + choice.size(), words, captures)) return true;
  }
  return here.optional && match_from(place + 1, word, words, captures);
}

}  // namespace chatkit::server
