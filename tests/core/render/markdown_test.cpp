#include "core/render/markdown.hpp"

#include <gtest/gtest.h>

#include "dom_model.hpp"
#include "support/fixtures.hpp"

namespace chatkit::render {
namespace {

TEST(Markdown, EveryFixtureRendersAsExpected) {
  const json cases = testing::read_json(testing::fixtures_dir() / "render" / "markdown.json");
  ASSERT_GE(cases.size(), 40u);
  for (const json& c : cases) {
    const std::vector<Node> nodes = render_markdown(c["markdown"].get<std::string>());
    EXPECT_EQ(testing::to_html(nodes), c["html"].get<std::string>()) << c["name"];
    EXPECT_EQ(testing::safety_violation(nodes), "") << c["name"];
  }
}

TEST(Markdown, BlocksKnowWhereTheyStart) {
  const std::string text = "# Title\n\npara one\nstill one\n\n- a\n- b\n\n```\ncode\n```\nafter";
  const std::vector<Block> blocks = parse_blocks(text);
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_EQ(blocks[0].start, 0u);
  EXPECT_EQ(text.substr(blocks[1].start, 8), "para one");
  EXPECT_EQ(text.substr(blocks[2].start, 3), "- a");
  EXPECT_EQ(text.substr(blocks[3].start, 3), "```");
  EXPECT_EQ(text.substr(blocks[4].start), "after");
}

// What streaming relies on: re-parsing from the start of the last block gives the same blocks as
// parsing the whole text, for every prefix of every fixture.
TEST(Markdown, ReparsingFromTheLastBlockMatchesAWholeParse) {
  const json cases = testing::read_json(testing::fixtures_dir() / "render" / "markdown.json");
  std::string all;
  for (const json& c : cases) all += c["markdown"].get<std::string>() + "\n\n";
  for (std::size_t cut = 0; cut <= all.size(); cut += 7) {
    const std::string_view prefix = std::string_view(all).substr(0, cut);
    const std::vector<Block> whole = parse_blocks(prefix);
    if (whole.empty()) continue;
    const std::size_t from = whole.back().start;
    const std::vector<Block> tail = parse_blocks(prefix.substr(from));
    ASSERT_EQ(tail.size(), 1u) << "at " << cut;
    EXPECT_EQ(tail[0].node, whole.back().node) << "at " << cut;
  }
}

TEST(Markdown, DeepNestingIsBounded) {
  const std::string quotes(100000, '>');
  const std::vector<Node> nodes = render_markdown(quotes + " deep");
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_NE(testing::to_html(nodes).find("deep"), std::string::npos);
  const std::string stars(20000, '*');
  EXPECT_EQ(testing::to_html(render_markdown("a " + stars + " b")), "<p class=\"ck-md-p\">a " + stars + " b</p>");
}

}  // namespace
}  // namespace chatkit::render
