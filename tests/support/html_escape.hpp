#pragma once
// HTML escaping for the tests that write our virtual DOM out as HTML (the DOM model and the
// CommonMark comparison): the four characters the spec's reference output escapes, in text and
// attribute values alike.
#include <string>
#include <string_view>

namespace chatkit::testing {

inline std::string html_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace chatkit::testing
