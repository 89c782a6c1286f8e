#pragma once
// The offline model's phrasings, matched word by word. Not std::regex: libstdc++'s matcher recurses
// once per character it repeats, so one long chat message overflowed the stack (issue 14). Here the
// text is cut into words (once, and only as far as needed), and only the pattern's few places are
// backtracked over: the time is linear in the text and the stack depth is the number of places.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatkit::server {

// What the "…" places of a phrase held, in order: views into the matched text, with its case and spacing.
using Captures = std::vector<std::string_view>;

// A phrasing, written as places separated by spaces, each matching words of the text (which are
// separated by ASCII whitespace, and compared ASCII case-insensitively):
//   "add"       that word                     "add|put"  either word
//   "cross_off" the two words "cross off"     "please?"  the place may be left out
//   "…"         one or more words, as few as the rest of the phrase allows (the last place: all the rest)
// e.g. "please? add|put … to|on my|the list". The phrase must match the whole text. At most one "…"
// may come before the last place, which keeps the matching linear.
class Phrase {
 public:
  explicit Phrase(std::string_view pattern);
  std::optional<Captures> match(std::string_view text) const;

 private:
  struct Place {
    std::vector<std::vector<std::string>> choices;  // each a sequence of words; none for "…"
    bool optional = false;
    std::size_t most_after = 0;  // words the places after this one take at most, kAny after a "…"
  };
  static constexpr std::size_t kAny = static_cast<std::size_t>(-1);
  class Words;
  bool match_from(std::size_t place, std::size_t word, Words& words, Captures& captures) const;

  std::vector<Place> places_;
};

}  // namespace chatkit::server
