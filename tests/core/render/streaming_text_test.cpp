#include "core/render/streaming_text.hpp"

#include <random>

#include <gtest/gtest.h>

#include "dom_model.hpp"
#include "support/fixtures.hpp"

namespace chatkit::render {
namespace {

constexpr std::string_view kPart = "m#0";

// The part as the DOM holds it: an element keyed kPart whose children are the blocks.
std::vector<Node> part_dom(std::string_view text) {
  Element part = el(Tag::div).with_key(std::string(kPart));
  part.append(keyed_blocks(kPart, text, {}));
  return {Node(std::move(part))};
}

// Streams `text` in the given pieces and checks, after every piece, that the patched DOM equals a
// fresh rendering of the text so far. Returns the operations of each kind, for the callers.
std::map<std::string, int> stream_and_check(const std::vector<std::string>& pieces) {
  StreamingText stream(std::string(kPart), "", {});
  testing::DomModel dom(part_dom(""));
  std::string so_far;
  std::map<std::string, int> kinds;
  for (const std::string& piece : pieces) {
    std::vector<PatchOp> ops;
    stream.append(piece, ops);
    so_far += piece;
    for (const PatchOp& op : ops) {
      kinds[to_json(op)["op"].get<std::string>()] += 1;
      EXPECT_EQ(dom.apply(op), "") << to_json(op).dump();
    }
    EXPECT_EQ(testing::to_html(dom.items()), testing::to_html(part_dom(so_far))) << "after " << json(so_far).dump();
    EXPECT_EQ(dom.items(), part_dom(so_far)) << "keys differ after " << json(so_far).dump();
    if (::testing::Test::HasFailure()) break;
  }
  EXPECT_EQ(stream.text(), so_far);
  return kinds;
}

std::vector<std::string> random_pieces(const std::string& text, std::mt19937& random, std::size_t max_piece) {
  std::vector<std::string> pieces;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t length = std::uniform_int_distribution<std::size_t>(1, max_piece)(random);
    // Deltas are whole UTF-8 characters (they come from JSON strings).
    while (at + length < text.size() && (static_cast<unsigned char>(text[at + length]) & 0xC0) == 0x80) ++length;
    pieces.push_back(text.substr(at, length));
    at += length;
  }
  return pieces;
}

TEST(StreamingText, PlainWordsAreAppendedText) {
  std::vector<std::string> words;
  for (int i = 0; i < 2000; ++i) words.push_back("word" + std::to_string(i) + " ");
  const auto kinds = stream_and_check(words);
  EXPECT_EQ(kinds.at("insert"), 1);  // the paragraph
  EXPECT_EQ(kinds.at("append_text"), 1999);
  EXPECT_EQ(kinds.count("replace"), 0u);
}

TEST(StreamingText, ANewBlockIsInsertedAfterTheLastOne) {
  std::vector<PatchOp> ops;
  StreamingText stream(std::string(kPart), "para", {});
  stream.append("\n\n- item", ops);
  ASSERT_EQ(ops.size(), 1u);
  const json op = to_json(ops[0]);
  EXPECT_EQ(op["op"], "insert");
  EXPECT_EQ(op["key"], "m#0.1");
  EXPECT_EQ(op["parent"], "m#0");
  EXPECT_EQ(op["after"], "m#0.0");
}

TEST(StreamingText, AClosingDelimiterReplacesOnlyTheLastBlock) {
  std::vector<PatchOp> ops;
  StreamingText stream(std::string(kPart), "# Title\n\nsome *emph", {});
  stream.append("asis*", ops);
  ASSERT_EQ(ops.size(), 1u);
  const json op = to_json(ops[0]);
  EXPECT_EQ(op["op"], "replace");
  EXPECT_EQ(op["key"], "m#0.1");
  EXPECT_EQ(testing::to_html(std::get<ReplaceOp>(ops[0]).node), "<p class=\"ck-md-p\">some <em>emphasis</em></p>");
}

TEST(StreamingText, UnderlineTurnsTheLastParagraphIntoAHeading) {
  const auto kinds = stream_and_check({"Title", "\n", "===", "\n\nbody ", "text"});
  EXPECT_GE(kinds.at("replace"), 1);
}

TEST(StreamingText, EveryFixtureInRandomPiecesMatchesAFullRender) {
  const json cases = testing::read_json(testing::fixtures_dir() / "render" / "markdown.json");
  std::string all;
  for (const json& c : cases) all += c["markdown"].get<std::string>() + (c["name"] == "unclosed_fence_runs_to_end" ? "\n```\n\n" : "\n\n");
  std::mt19937 random(7);
  for (std::size_t max_piece : {1u, 3u, 16u}) {
    SCOPED_TRACE(max_piece);
    stream_and_check(random_pieces(all, random, max_piece));
    if (HasFailure()) return;
  }
}

TEST(StreamingText, TypicalAssistantAnswerInWordsMatchesAFullRender) {
  const std::string answer =
      "Sure! This cake is easy to make, and it tastes great with coffee or tea. Here is a plan:\n\n1. **Buy** milk, eggs and `flour`.\n2. Bake at 180 °C for *25 minutes*.\n\n"
      "> Tip: see [the recipe](https://example.com/cake).\n\n```python\nprint('done')\n```\n\n"
      "| step | time |\n|---|---|\n| mix | 5 |\n| bake | 25 |\n\nEnjoy!";
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < answer.size()) {
    const std::size_t space = answer.find_first_of(" \n", at + 1);
    const std::size_t end = space == std::string::npos ? answer.size() : space;
    words.push_back(answer.substr(at, end - at));
    at = end;
  }
  const auto kinds = stream_and_check(words);
  EXPECT_GT(kinds.at("append_text"), 15);
}

// A link reference definition changes links in blocks before it: from the first "]:" on, a delta
// re-renders the whole part. A paragraph that turns out to be a definition goes away.
TEST(StreamingText, ADefinitionRelinksEarlierBlocksAndItsParagraphGoes) {
  auto kinds = stream_and_check({"See [the docs] ", "or [x].", "\n\nMore", " text.", "\n\n[the docs]", ":", " /docs",
                                       "\n[x]: https://x.io", "\n\nBye", " now."});
  EXPECT_GE(kinds["replace"], 2);  // the first paragraph, linked twice
  EXPECT_EQ(kinds["remove"], 1);   // "[the docs]:" was a paragraph until its destination came
}

// A paragraph's text leaves out the spaces it ends with: they are appended with the next word,
// and two of them before a line ending are a hard break, which re-parses.
TEST(StreamingText, TrailingSpacesShowOnlyOnceAWordFollows) {
  const auto kinds = stream_and_check({"one", " ", " ", "two", "  ", "\nthree", " four "});
  EXPECT_EQ(kinds.at("append_text"), 2);  // "  two", " four"
  EXPECT_EQ(kinds.at("replace"), 1);      // the break
}

// Among definitions plain words still append, except to a paragraph that may become a definition:
// "[b]: /b 'a" is text until the quote that closes its title arrives, then it relinks "[b]".
TEST(StreamingText, AmongDefinitionsWordsAppendUnlessTheParagraphMayBeADefinition) {
  auto kinds = stream_and_check({"[a]: /a\n\nSee [a] and [b].\n\nMore", " words", " here", "\n\n[b]: /b 'a", " title", "'", "\n\nEnd", " now"});
  EXPECT_EQ(kinds["append_text"], 3);  // " words", " here", " now"
  EXPECT_EQ(kinds["remove"], 1);       // the would-be definition's paragraph
}

// "]:" alone, as Python writes it, defines nothing: words after it still append.
TEST(StreamingText, PythonSubscriptsDefineNothing) {
  auto kinds = stream_and_check({"```py\ndef f() -> dict[str, int]:\n    pass\n```\n\nThen", " more", " words", "\n- [x] done", "\n\nAnd", " on"});
  EXPECT_EQ(kinds["append_text"], 3);  // " more", " words", " on"
}

// The line being written can still join the block before it: "3" is a paragraph after the list
// until its "." makes it the list's third item.
TEST(StreamingText, TheLastLineCanJoinTheBlockBeforeIt) {
  auto kinds = stream_and_check({"1. foo\n2.\n3", ".", " bar"});
  EXPECT_EQ(kinds["remove"], 1);
  kinds = stream_and_check({"Title\n", "-", "--", "\n\nText", "\n= x"});
  EXPECT_GE(kinds["replace"], 2);
}

// Words that may end in a bare-URL or e-mail link, or complete a character reference, re-parse.
TEST(StreamingText, AutolinksAndEntitiesAreNotAppendedAsText) {
  stream_and_check({"Mail me", "@", "example", ".com", " or see www", ".", "example", ".com", " or https", ":", "//x", ".io",
                    " &amp", ";", " &#35", ";", " done"});
}

// The CommonMark spec's examples, one at a time and all together, streamed in random pieces.
TEST(StreamingText, CommonMarkExamplesInRandomPiecesMatchAFullRender) {
  const json spec = testing::read_json(CHATKIT_COMMONMARK_SPEC_JSON);
  std::mt19937 random(11);
  std::string all;
  for (const json& example : spec.at("examples")) {
    const std::string markdown = example.at("markdown").get<std::string>();
    SCOPED_TRACE(example.at("number").get<int>());
    stream_and_check(random_pieces(markdown, random, 4));
    if (HasFailure()) return;
    if (!may_define_references(markdown)) all += markdown + "\n\n";
  }
  stream_and_check(random_pieces(all, random, 128));
}

}  // namespace
}  // namespace chatkit::render
