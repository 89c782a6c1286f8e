#pragma once
// Test support: HTML normalised the way the CommonMark spec's test runner normalises both sides
// before it compares them, so that insignificant differences do not count:
// - runs of whitespace in text become one space, except inside <pre>;
// - whitespace next to a block-level tag is dropped, and a newline right after <br>;
// - attributes are sorted; a self-closing tag becomes a start tag;
// - character references become the characters, except that &, <, > and " are written as
//   &amp; &lt; &gt; &quot; wherever they appear in text or attribute values.
#include <string>
#include <string_view>

namespace chatkit::testing {

std::string normalize_html(std::string_view html);

}  // namespace chatkit::testing
