// The GitHub Flavored Markdown extensions we enable (core/render/markdown_tree.hpp): tables,
// strikethrough, task lists and bare-URL autolinks, as md4c 0.4.8 parses them. The last tests pin
// where md4c differs from GFM's reference (cmark-gfm), so that a library upgrade that fixes one
// shows up here.
#include "core/render/markdown.hpp"

#include <gtest/gtest.h>

#include "commonmark_html.hpp"
#include "dom_model.hpp"
#include "html_normalizer.hpp"

namespace chatkit::render {
namespace {

// The reference HTML of `markdown`, normalised as the spec tests do (no ck- classes).
std::string html_of(std::string_view markdown) {
  return testing::normalize_html(testing::reference_html(render_markdown(markdown)));
}

TEST(MarkdownGfm, TablesAlignCellsAndTakeInlineContent) {
  EXPECT_EQ(html_of("| L | C | R | N |\n|:--|:-:|--:|---|\n| *a* | `b` | [c](/c) | d \\| e |"),
            "<table><thead><tr><th align=\"left\">L</th><th align=\"center\">C</th><th align=\"right\">R</th><th>N</th></tr></thead>"
            "<tbody><tr><td align=\"left\"><em>a</em></td><td align=\"center\"><code>b</code></td>"
            "<td align=\"right\"><a href=\"/c\">c</a></td><td>d | e</td></tr></tbody></table>");
  // Short rows are padded, long ones cut to the header's width; a blank line ends the table.
  EXPECT_EQ(html_of("| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n\nafter"),
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td></td></tr>"
            "<tr><td>1</td><td>2</td></tr></tbody></table><p>after</p>");
  EXPECT_EQ(testing::to_html(render_markdown("| a |\n|--:|\n| 1 |")),
            "<table class=\"ck-md-table\"><thead><tr><th class=\"ck-align-right\">a</th></tr></thead>"
            "<tbody><tr><td class=\"ck-align-right\">1</td></tr></tbody></table>");
}

TEST(MarkdownGfm, StrikethroughTakesOneOrTwoTildes) {
  EXPECT_EQ(html_of("~a~ ~~b~~ ~~~c~~~ ~d~~ x~~y~~z"), "<p><del>a</del> <del>b</del> ~~~c~~~ ~d~~ x<del>y</del>z</p>");
  EXPECT_EQ(html_of("~~a *b* `c`~~"), "<p><del>a <em>b</em> <code>c</code></del></p>");
}

TEST(MarkdownGfm, TaskListItemsStartWithADisabledCheckbox) {
  EXPECT_EQ(testing::to_html(render_markdown("- [ ] open\n- [X] done")),
            "<ul class=\"ck-md-ul\"><li class=\"ck-md-li ck-md-task\"><input type=\"checkbox\" disabled=\"\"> open</li>"
            "<li class=\"ck-md-li ck-md-task\"><input type=\"checkbox\" disabled=\"\" checked=\"\"> done</li></ul>");
  // Nested and ordered lists too; a bracket that does not start the item is text.
  EXPECT_EQ(html_of("1. [x] one\n   - [ ] sub\n2. not [x] a task"),
            "<ol><li><input checked=\"\" disabled=\"\" type=\"checkbox\"> one<ul><li><input disabled=\"\" type=\"checkbox\"> sub</li></ul></li>"
            "<li>not [x] a task</li></ol>");
  EXPECT_EQ(html_of("[x] not in a list"), "<p>[x] not in a list</p>");
}

TEST(MarkdownGfm, BareUrlsWwwAndEmailAddressesAreLinks) {
  EXPECT_EQ(testing::to_html(render_markdown("Go to https://a.io/x?q=1.")),
            "<p class=\"ck-md-p\">Go to <a class=\"ck-md-link\" href=\"https://a.io/x?q=1\" target=\"_blank\" "
            "rel=\"noopener noreferrer\">https://a.io/x?q=1</a>.</p>");
  // Trailing punctuation stays out, balanced parentheses stay in; www. links get http://.
  EXPECT_EQ(html_of("(see https://b.io/x_(y)) www.c.io/p? me@d.io!"),
            "<p>(see <a href=\"https://b.io/x_(y)\">https://b.io/x_(y)</a>) <a href=\"http://www.c.io/p\">www.c.io/p</a>? "
            "<a href=\"mailto:me@d.io\">me@d.io</a>!</p>");
  // Not in code, not for other schemes.
  EXPECT_EQ(html_of("`https://e.io` javascript:alert(1) data:text/html,x"),
            "<p><code>https://e.io</code> javascript:alert(1) data:text/html,x</p>");
}

// md4c 0.4.8 starts a table only at the first line of a paragraph: a table straight after a line
// of text, without a blank line between, stays text. cmark-gfm would make it a table.
TEST(MarkdownGfm, KnownDeviationATableMustNotFollowAParagraphLine) {
  EXPECT_EQ(html_of("Intro:\n| a |\n|---|\n| 1 |"), "<p>Intro: | a | |---| | 1 |</p>");
  EXPECT_EQ(html_of("Intro:\n\n| a |\n|---|\n| 1 |"), "<p>Intro:</p><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>");
}

// md4c 0.4.8 wants at least three characters in each delimiter cell (`---`, `:--`, `--:`); GFM
// takes a single dash.
TEST(MarkdownGfm, KnownDeviationDelimiterCellsNeedThreeCharacters) {
  EXPECT_EQ(html_of("| a | b |\n|--|--|\n| 1 | 2 |"), "<p>| a | b | |--|--| | 1 | 2 |</p>");
}

// GFM requires the delimiter row to have as many cells as the header and makes no table
// otherwise; md4c takes the header's width.
TEST(MarkdownGfm, KnownDeviationDelimiterRowWidthIsNotChecked) {
  EXPECT_EQ(html_of("| a | b |\n|---|\n| 1 |"), "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>");
}

// GFM splits cells before inline parsing, so a pipe inside a code span needs its backslash and
// loses it; md4c keeps the code span whole, pipe and backslash alike.
TEST(MarkdownGfm, KnownDeviationCodeSpansKeepTheirPipes) {
  EXPECT_EQ(html_of("| a |\n|---|\n| `x\\|y` `p|q` |"), "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td><code>x\\|y</code> <code>p|q</code></td></tr></tbody></table>");
}

}  // namespace
}  // namespace chatkit::render
